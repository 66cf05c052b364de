import { z } from 'zod';
import { EXCEPT_ROLE, type PhraseParams } from '../../engine/index.js';
import { defineRuleKind, fuzzyFor, patternEntries, type LocatedEntry } from './rule-kind.js';
import { commonRuleFields, fuzzySchema, pattern, patterns } from './schema-parts.js';

/** kind: phrase — a forbidden expression. */
export const phraseRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('phrase'),
  match: patterns.optional().describe('patterns: (a|b) alternatives, [x] optional, … gap, {lexicon}, ^/$ clause anchors'),
  regex: z
    .array(z.string().min(1, 'a regex must not be empty'))
    .min(1)
    .optional()
    .describe('opt-in regular expressions (JavaScript syntax, no slashes or flags) run over the normalised text, for what patterns cannot say (digit runs, repeats); each is checked for catastrophic backtracking. Example: ["(\\d ?){15}\\d"]'),
  except: z.array(pattern).optional().describe('contexts that make a match innocent, e.g. 我不清楚这个情况'),
  fuzzy: fuzzySchema.optional(),
  provisional: z.boolean().default(true).describe('flag from interim transcripts; only the final confirms'),
});

/** Match patterns (and opt-in regexes) under the role 'match', except contexts under 'except'. */
export const phraseKind = defineRuleKind({
  name: 'phrase',
  schema: phraseRuleSchema,
  compile: (rule, context) => {
    const fuzzy = fuzzyFor(rule.fuzzy, context);
    return {
      params: { provisional: rule.provisional } satisfies PhraseParams,
      entries: [
        ...patternEntries(rule.id, 'match', rule.match ?? [], ['match'], fuzzy),
        ...regexEntries(rule.id, rule.regex ?? []),
        // Except contexts are matched exactly as written, plus the same sound-alikes, so they cover garbled text too.
        ...patternEntries(rule.id, EXCEPT_ROLE, rule.except ?? [], ['except'], fuzzy),
      ],
    };
  },
  explain: (rule) => [rule.params.provisional ? 'flags from interim results at once (provisional); the final result confirms or retracts' : 'flags on final results only'],
  placeholders: ['phrase', 'suggest'],
  showsNudge: true,
});

// Regexes are matched exactly (never fuzzily): an author who reached for a regex wants exactly what it says.
function regexEntries(ruleId: string, sources: readonly string[]): LocatedEntry[] {
  return sources.map((pattern, i) => ({ entry: { key: `${ruleId}#match#regex${i}`, ruleId, role: 'match', pattern, syntax: 'regex' }, pathInRule: ['regex', i] }));
}
