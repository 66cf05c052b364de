import { z } from 'zod';
import { FINDING_CATEGORIES, PERSONAL_DATA_KINDS } from '../../engine/index.js';
import { RULE_KINDS, ruleSchema, type RuleDocument } from '../kinds/rule-kinds.js';
import { fuzzySchema, milliseconds, pattern, ruleId, severity, type FuzzyDocument } from '../kinds/schema-parts.js';

// Each rule kind's schema lives with the rest of that kind in rules/kinds/; this file holds the pack around them.
export { fuzzySchema, ruleSchema, type FuzzyDocument, type RuleDocument };

/** The schema of each rule kind, by the name packs use in `kind:`. */
export const RULE_KIND_SCHEMAS: Readonly<Record<string, z.ZodObject>> = Object.fromEntries(RULE_KINDS.map((k) => [k.name, k.schema]));

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
  alerts: z
    .array(
      z
        .strictObject({
          category: z.enum(FINDING_CATEGORIES).optional().describe('findings of this category alert'),
          rule: ruleId.optional().describe('findings or cards of this rule alert'),
          agitation: z.literal('agitated').optional().describe("the customer's live agitation reaching this level alerts"),
          severity: severity.describe('how loudly the supervisor wall announces it'),
          provisional: z.boolean().default(false).describe('alert on a provisional nudge already (faster, may be withdrawn)'),
        })
        .refine((a) => [a.category, a.rule, a.agitation].filter((x) => x !== undefined).length === 1, 'name exactly one of category, rule or agitation'),
    )
    .optional()
    .describe('which findings and cards raise an alert on the supervisor wall, and how loud'),
  privacy: z
    .strictObject({
      redact: z.union([z.literal('all'), z.array(z.enum(PERSONAL_DATA_KINDS)).min(1)]).optional().describe('kinds of personal data this pack adds to the deployment\'s redaction'),
      keepLast: z.number().int().min(0).max(4).optional().describe('last digits a card or phone mask may show (packs can only lower it)'),
    })
    .optional()
    .describe('redaction this pack asks for on top of the deployment\'s; a pack can add kinds, never switch any off'),
  scorecard: z.string().min(1).optional().describe('the QA scorecard file (weighted sections of items tied to rule ids or scored by hand), relative to this one'),
  defaults: z
    .strictObject({ fuzzy: fuzzySchema.optional(), severity: severity.optional(), cooldownMs: milliseconds.optional() })
    .optional(),
  semantic: z
    .strictObject({
      threshold: z.number().min(0.5).max(1).describe('least similarity (0–1) to an exemplar of a forbidden-phrase rule; choose it on a development set'),
      margin: z.number().min(0).max(0.5).default(0.05).describe('the nearest rule exemplar must beat the nearest polite one (examples.miss, suggest, allow) by this much'),
      minUnits: z.number().int().min(1).max(20).default(4).describe('shortest stretch judged: characters (Chinese) or words (English)'),
    })
    .optional()
    .describe('a second stage for paraphrases: nearest neighbour over the forbidden-phrase rules\' own examples and patterns, by character or word n-grams; only adds findings. Example: { threshold: 0.8 }'),
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
