import { HOLD_APOLOGY_ROLE, HOLD_ASK_ROLE, type HoldParams } from '../../../engine/index.js';
import type { holdRuleSchema } from '../../schema/pack-schema.js';
import { fuzzyFor, patternEntries, type KindCompiler } from './rule-compiler.js';
import type { z } from 'zod';

/** kind: hold — wait requests under the role 'ask', apologies under 'apology'; marks sorted by time. */
export const compileHoldRule: KindCompiler<z.infer<typeof holdRuleSchema>, HoldParams> = (rule, context) => {
  const fuzzy = fuzzyFor(rule.fuzzy, context);
  return {
    params: {
      check: rule.check,
      graceMs: rule.graceMs,
      askWithinMs: rule.askWithinMs,
      limitMs: rule.limitMs,
      marks: [...rule.marks].sort((a, b) => a.afterMs - b.afterMs),
      ...(rule.remind ? { remind: rule.remind } : {}),
      ...(rule.infer ? { infer: rule.infer } : {}),
    },
    entries: [...patternEntries(rule.id, HOLD_ASK_ROLE, rule.ask ?? [], ['ask'], fuzzy), ...patternEntries(rule.id, HOLD_APOLOGY_ROLE, rule.apology ?? [], ['apology'], fuzzy)],
  };
};
