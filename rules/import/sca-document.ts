import { z } from 'zod';

/** One detection operator (算子) of an SCA condition: its type and the parameters of that type. */
export const scaOperatorSchema = z.looseObject({
  oid: z.union([z.string(), z.number()]).transform(String),
  name: z.string().optional(),
  type: z.string().min(1),
  param: z.record(z.string(), z.unknown()).default({}),
});

/** check_range.range arrives as an object or as a JSON string ("{\"from\":1,\"to\":3}"). */
const range = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  },
  z.object({ from: z.number().int(), to: z.number().int() }),
);

/** One condition (条件): where it looks (role, range, anchor) and its operators joined by its own lambda. */
export const scaConditionSchema = z.looseObject({
  cid: z.union([z.string(), z.number()]).transform(String),
  check_range: z
    .looseObject({
      role: z.string().optional(),
      range: range.optional(),
      anchor: z.looseObject({ cid: z.union([z.string(), z.number()]).transform(String), location: z.string(), hit_time: z.number().int().optional() }).optional(),
    })
    .default({}),
  operators: z.array(scaOperatorSchema).min(1),
  lambda: z.string().optional(),
});

/** One rule (规则): its conditions joined by its lambda. */
export const scaRuleSchema = z.looseObject({
  rid: z.union([z.string(), z.number()]).transform(String),
  name: z.string().default(''),
  lambda: z.string().min(1),
  status: z.number().optional(),
});

/**
 * The rule configuration Alibaba Cloud Smart Conversation Analysis takes in UploadRule's JsonStr (and GetRuleDetail
 * returns): conditions with their operators, and the rules that combine them.
 */
export const scaDocumentSchema = z.looseObject({
  appKey: z.string().optional(),
  conditions: z.array(scaConditionSchema),
  rules: z.array(scaRuleSchema).min(1),
});

export type ScaOperator = z.infer<typeof scaOperatorSchema>;
export type ScaCondition = z.infer<typeof scaConditionSchema>;
export type ScaRule = z.infer<typeof scaRuleSchema>;
export type ScaDocument = z.infer<typeof scaDocumentSchema>;
