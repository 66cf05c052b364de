import { EXCEPT_ROLE, type PhraseParams } from '../../../engine/index.js';
import type { phraseRuleSchema } from '../../schema/pack-schema.js';
import { fuzzyFor, patternEntries, type KindCompiler } from './rule-compiler.js';
import type { z } from 'zod';

/** kind: phrase — match patterns under the role 'match', except contexts under 'except'. */
export const compilePhraseRule: KindCompiler<z.infer<typeof phraseRuleSchema>, PhraseParams> = (rule, context) => {
  const fuzzy = fuzzyFor(rule.fuzzy, context);
  return {
    params: { provisional: rule.provisional },
    entries: [
      ...patternEntries(rule.id, 'match', rule.match, ['match'], fuzzy),
      // Except contexts are matched exactly as written, plus the same sound-alikes, so they cover garbled text too.
      ...patternEntries(rule.id, EXCEPT_ROLE, rule.except ?? [], ['except'], fuzzy),
    ],
  };
};
