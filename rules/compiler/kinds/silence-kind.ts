import { excuseRole, type SilenceParams, type Speaker } from '../../../engine/index.js';
import type { silenceRuleSchema } from '../../schema/pack-schema.js';
import { fuzzyFor, patternEntries, type KindCompiler } from './rule-compiler.js';
import type { z } from 'zod';

/** kind: silence — each excuse's patterns under the role `excuse:<name>`. */
export const compileSilenceRule: KindCompiler<z.infer<typeof silenceRuleSchema>, SilenceParams> = (rule, context) => {
  const excuses = Object.entries(rule.excuses ?? {});
  return {
    params: {
      afterMs: rule.afterMs,
      excuseWithinMs: rule.excuseWithinMs,
      settleMs: rule.settleMs,
      excuses: excuses.map(([name, e]) => ({ name, label: e.label, speaker: e.speaker as Speaker })),
    },
    entries: excuses.flatMap(([name, e]) => patternEntries(rule.id, excuseRole(name), e.match, ['excuses', name, 'match'], fuzzyFor(e.fuzzy, context))),
  };
};
