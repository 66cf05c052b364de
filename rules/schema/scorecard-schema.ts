import { z } from 'zod';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must use letters, digits, ".", "-" or "_" and start with a letter or digit');
/** A rule id, or a prefix ending in `.*` that stands for every rule of the pack starting with it (zh.forbidden.*). */
const ruleRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\.\*)?$/, 'must be a rule id, or a rule id prefix ending in .* (e.g. zh.forbidden.*)');

/**
 * One line of a scorecard. Either filled from findings (`rules`) or by a reviewer (`manual: true`).
 * Example: `{ id: greeting, title: 开场白规范, points: 10, rules: [zh.opening.greeting] }`.
 */
export const scorecardItemSchema = z.strictObject({
  id: id.describe('unique within the scorecard, e.g. greeting'),
  title: z.string().min(1).describe('what the reviewer sees, in the pack language'),
  points: z.number().positive('points must be more than 0').describe('weight of the item inside its section'),
  rules: z.array(ruleRef).min(1, 'list at least one rule id, or use manual: true').optional().describe('rule ids (or prefixes ending in .*) whose findings fill the item: it fails, or loses perFinding points per finding'),
  manual: z.literal(true).optional().describe('scored by the reviewer, not from findings'),
  perFinding: z.number().positive().optional().describe('points lost per finding; without it one finding fails the item'),
  autoFail: z.boolean().default(false).describe('failing this item sets the whole call to 0 (一票否决)'),
  naAllowed: z.boolean().default(false).describe('the reviewer may mark it not applicable (no hold, no survey)'),
  guidance: z.string().optional().describe('what the reviewer checks'),
});

/** A weighted section. Example: `{ id: etiquette, title: 礼仪规范度, weight: 40, items: [...] }`. */
export const scorecardSectionSchema = z.strictObject({
  id: id.describe('unique within the scorecard'),
  title: z.string().min(1),
  weight: z.number().positive('a weight must be more than 0').max(100).describe('percent of the total; the sections add up to 100'),
  items: z.array(scorecardItemSchema).min(1, 'a section needs at least one item'),
});

/** A scorecard file, named by a pack's `scorecard:` header field. Its version is the pack's. */
export const scorecardSchema = z.strictObject({
  id: id.describe('the scorecard id, e.g. zh-CN-qa'),
  title: z.string().min(1),
  passMark: z.number().min(0).max(100).default(80).describe('total score at or above which a call passes'),
  sections: z.array(scorecardSectionSchema).min(1, 'a scorecard needs at least one section'),
});

export type ScorecardDocument = z.infer<typeof scorecardSchema>;

/** Keys allowed at each level, for did-you-mean hints. */
export const SCORECARD_KEYS = {
  scorecard: Object.keys(scorecardSchema.shape),
  section: Object.keys(scorecardSectionSchema.shape),
  item: Object.keys(scorecardItemSchema.shape),
} as const;
