import { EXCEPT_ROLE, type PhraseParams } from '../../../engine/index.js';
import type { phraseRuleSchema } from '../../schema/pack-schema.js';
import { fuzzyFor, patternEntries, type KindCompiler, type LocatedEntry } from './rule-compiler.js';
import type { z } from 'zod';

/** kind: phrase — match patterns (and opt-in regexes) under the role 'match', except contexts under 'except'. */
export const compilePhraseRule: KindCompiler<z.infer<typeof phraseRuleSchema>, PhraseParams> = (rule, context) => {
  const fuzzy = fuzzyFor(rule.fuzzy, context);
  return {
    params: { provisional: rule.provisional },
    entries: [
      ...patternEntries(rule.id, 'match', rule.match ?? [], ['match'], fuzzy),
      ...regexEntries(rule.id, rule.regex ?? []),
      // Except contexts are matched exactly as written, plus the same sound-alikes, so they cover garbled text too.
      ...patternEntries(rule.id, EXCEPT_ROLE, rule.except ?? [], ['except'], fuzzy),
    ],
  };
};

// Regexes are matched exactly (never fuzzily): an author who reached for a regex wants exactly what it says.
function regexEntries(ruleId: string, sources: readonly string[]): LocatedEntry[] {
  return sources.map((pattern, i) => ({ entry: { key: `${ruleId}#match#regex${i}`, ruleId, role: 'match', pattern, syntax: 'regex' }, pathInRule: ['regex', i] }));
}
