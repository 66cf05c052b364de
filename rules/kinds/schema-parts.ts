import { z } from 'zod';
import { FINDING_CATEGORIES } from '../../engine/index.js';

/** Schema pieces every rule kind shares: ids, patterns, durations, fuzziness, the fields common to all rules. */

/** Rule and pack ids: letters, digits, dots, dashes, underscores. */
export const ruleId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must use letters, digits, ".", "-" or "_" and start with a letter or digit');
export const pattern = z.string().min(1, 'a pattern must not be empty');
export const patterns = z.array(pattern).min(1, 'give at least one pattern');
export const milliseconds = z.number().int('must be a whole number of milliseconds').nonnegative();
export const severity = z.enum(['info', 'warn', 'critical']);
/** Names of groups, excuses and the like: they become role names, so no dots or spaces. */
export const partName = (what: string) => z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, `${what} names use letters, digits, "_" or "-"`);

/** Fuzzy matching for one rule. `false` means exact only. Example: `fuzzy: { sounds: true, edits: 1, minLength: 6 }`. */
export const fuzzySchema = z.union([
  z.literal(false),
  z.strictObject({
    sounds: z.boolean().default(true).describe('Chinese: same toneless pinyin (同音字) counts; English: same phonetic key counts'),
    edits: z.number().int().min(0).max(3).default(1).describe('syllables or words that may differ beyond sound-alikes'),
    minLength: z.number().int().min(2).default(5).describe('shortest pattern (characters / words) matched fuzzily'),
  }),
]);
export type FuzzyDocument = z.infer<typeof fuzzySchema>;

/** A script card: a heading and the line the agent can read out. */
export const card = z.strictObject({
  title: z.string().min(1).describe('the card heading, e.g. 客户要求找领导'),
  text: z.string().min(1).describe('the script line the agent can read out'),
});

/** Fields every rule has, whatever its kind. */
export const commonRuleFields = {
  id: ruleId.describe('unique within the pack, e.g. zh.forbidden.buguan'),
  category: z.enum(FINDING_CATEGORIES).describe('the fixed finding vocabulary'),
  severity: severity.default('warn'),
  speaker: z.enum(['agent', 'customer', 'any']).default('agent').describe('whose speech the rule looks at'),
  description: z.string().optional(),
  nudge: z.string().min(1).optional().describe('what the agent sees; placeholders {observed} {limit} {unit} {phrase} {suggest}'),
  suggest: z.string().min(1).optional().describe('the better phrasing'),
  cites: z.array(z.string().min(1)).optional().describe('the clause(s) of the source standard this rule implements'),
  examples: z
    .strictObject({ hit: z.array(z.string()).default([]), miss: z.array(z.string()).default([]) })
    .optional()
    .describe('utterances the rule must flag (hit) and must not flag (miss); run by `callcoach rules test`'),
  enabled: z.boolean().default(true),
  owner: z.string().optional(),
  cooldownMs: milliseconds.optional().describe('least time between two nudges of this rule in one call'),
};

/** Keys of the common fields, for did-you-mean hints. */
export const COMMON_RULE_KEYS = ['kind', ...Object.keys(commonRuleFields)];
