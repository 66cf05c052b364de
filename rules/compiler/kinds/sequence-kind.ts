import { LADDER_START_ROLE, ladderStepRole, type SequenceParams } from '../../../engine/index.js';
import type { sequenceRuleSchema } from '../../schema/pack-schema.js';
import { fuzzyFor, patternEntries, type KindCompiler } from './rule-compiler.js';
import type { z } from 'zod';

/** kind: sequence — start patterns under 'start', each step's line under `step:<i>`. */
export const compileSequenceRule: KindCompiler<z.infer<typeof sequenceRuleSchema>, SequenceParams> = (rule, context) => {
  const fuzzy = fuzzyFor(rule.fuzzy, context);
  const start = rule.start === 'firstTurn' ? undefined : rule.start;
  return {
    params: {
      start: start ? 'match' : 'firstTurn',
      quiet: rule.quiet,
      minConfidence: rule.minConfidence,
      steps: rule.steps.map((s) => ({ label: s.label, afterMs: s.afterMs, say: s.say })),
      hangupAfterMs: rule.hangupAfterMs,
    },
    entries: [
      ...(start ? patternEntries(rule.id, LADDER_START_ROLE, start.match, ['start', 'match'], fuzzy) : []),
      ...rule.steps.flatMap((s, i) => patternEntries(rule.id, ladderStepRole(i), s.match, ['steps', i, 'match'], fuzzy)),
    ],
  };
};
