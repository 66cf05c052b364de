import { SUGGEST_TRIGGER_ROLE, SUGGEST_UNLESS_ROLE, type SuggestParams } from '../../../engine/index.js';
import type { suggestRuleSchema } from '../../schema/pack-schema.js';
import { fuzzyFor, patternEntries, type KindCompiler } from './rule-compiler.js';
import type { z } from 'zod';

/** kind: suggest — triggers under 'trigger', exceptions under 'unless'. */
export const compileSuggestRule: KindCompiler<z.infer<typeof suggestRuleSchema>, SuggestParams> = (rule, context) => {
  const fuzzy = fuzzyFor(rule.fuzzy, context);
  return {
    params: { title: rule.card.title, text: rule.card.text, interim: rule.interim, unlessWithinTurns: rule.unless ? rule.unlessWithinTurns : 0 },
    entries: [...patternEntries(rule.id, SUGGEST_TRIGGER_ROLE, rule.trigger, ['trigger'], fuzzy), ...patternEntries(rule.id, SUGGEST_UNLESS_ROLE, rule.unless ?? [], ['unless'], fuzzy)],
  };
};
