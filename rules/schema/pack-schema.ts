import { z } from 'zod';
import { FINDING_CATEGORIES } from '../../engine/index.js';

/** Rule and pack ids: letters, digits, dots, dashes, underscores. */
const ruleId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must use letters, digits, ".", "-" or "_" and start with a letter or digit');
const pattern = z.string().min(1, 'a pattern must not be empty');
const patterns = z.array(pattern).min(1, 'give at least one pattern');
const milliseconds = z.number().int('must be a whole number of milliseconds').nonnegative();

/** Fuzzy matching for one rule. `false` means exact only. Example: `fuzzy: { sounds: true, edits: 1, minLength: 6 }`. */
export const fuzzySchema = z.union([
  z.literal(false),
  z.strictObject({
    sounds: z.boolean().default(true).describe('Chinese: same toneless pinyin (同音字) counts; English: same phonetic key counts'),
    edits: z.number().int().min(0).max(3).default(1).describe('syllables or words that may differ beyond sound-alikes'),
    minLength: z.number().int().min(2).default(5).describe('shortest pattern (characters / words) matched fuzzily'),
  }),
]);

const commonRuleFields = {
  id: ruleId.describe('unique within the pack, e.g. zh.forbidden.buguan'),
  category: z.enum(FINDING_CATEGORIES).describe('the fixed finding vocabulary'),
  severity: z.enum(['info', 'warn', 'critical']).default('warn'),
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

const requireGroup = z.strictObject({
  label: z.string().min(1).describe('how the nudge and the QA page name this part, e.g. "the offer to help"'),
  match: patterns,
  fuzzy: fuzzySchema.optional(),
});

/** kind: require — phrases that must be said in a window (greeting, closing). */
export const requireRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('require'),
  window: z.union([
    z.strictObject({ firstTurns: z.number().int().min(1).max(20) }),
    z.strictObject({ lastTurns: z.number().int().min(1).max(20) }),
  ]),
  groups: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'group names use letters, digits, "_" or "-"'), requireGroup).refine((g) => Object.keys(g).length > 0, 'give at least one group'),
});

/** kind: hangup — who must not release the call first. */
export const hangupRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('hangup'),
  endedBy: z.array(z.enum(['agent', 'customer', 'system', 'unknown'])).min(1).default(['agent']),
});

/** The schema of each rule kind, by the name packs use in `kind:`. */
export const RULE_KIND_SCHEMAS = { phrase: phraseRuleSchema, require: requireRuleSchema, hangup: hangupRuleSchema } as const;

/** Every rule kind a pack may use. */
export const ruleSchema = z.discriminatedUnion('kind', [phraseRuleSchema, requireRuleSchema, hangupRuleSchema]);

/** A rule pack as written in YAML. */
export const packSchema = z.strictObject({
  id: ruleId.describe('the pack id, e.g. zh-CN-default'),
  version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'must be a semantic version such as 1.2.0'),
  language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP-47 tag such as zh-CN'),
  description: z.string().optional(),
  source: z.string().optional().describe('the standard this pack implements'),
  extends: z.string().optional().describe('a base pack (path or shipped id) whose rules this pack overrides rule by rule'),
  include: z.array(z.string().min(1)).optional().describe('more files of rules, relative to this one'),
  lexicons: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/), z.array(z.string().min(1)).min(1)).optional().describe('named term lists, used in patterns as {name}'),
  allow: z.array(pattern).optional().describe('pack-wide allow-list: a match overlapping one of these is never flagged'),
  defaults: z
    .strictObject({ fuzzy: fuzzySchema.optional(), severity: z.enum(['info', 'warn', 'critical']).optional(), cooldownMs: milliseconds.optional() })
    .optional(),
  rules: z.array(ruleSchema).default([]),
});

/** A file listed under `include`: more rules and lexicons for the same pack. */
export const includeSchema = z.strictObject({
  lexicons: packSchema.shape.lexicons,
  allow: packSchema.shape.allow,
  rules: z.array(ruleSchema).default([]),
});

export type PackDocument = z.infer<typeof packSchema>;
export type IncludeDocument = z.infer<typeof includeSchema>;
export type RuleDocument = z.infer<typeof ruleSchema>;
export type FuzzyDocument = z.infer<typeof fuzzySchema>;
