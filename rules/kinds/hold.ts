import { z } from 'zod';
import { HOLD_APOLOGY_ROLE, HOLD_ASK_ROLE, type HoldParams } from '../../engine/index.js';
import { defineRuleKind, fuzzyFor, patternEntries, secondsText } from './rule-kind.js';
import { card, commonRuleFields, fuzzySchema, milliseconds, patterns } from './schema-parts.js';

/** kind: hold — hold etiquette, one `check` per rule. Example: `check: apology, graceMs: 7000, apology: ['让您久等了']`. */
export const holdRuleSchema = z
  .strictObject({
    ...commonRuleFields,
    kind: z.literal('hold'),
    check: z.enum(['permission', 'apology', 'duration']).describe('permission: asked before the hold; apology: after it; duration: not too long'),
    ask: patterns.optional().describe('the agent asking the customer to wait (请您稍等片刻好吗); needed by permission and infer'),
    apology: patterns.optional().describe('an apology or thanks for waiting (很抱歉，让您久等了); needed by apology'),
    fuzzy: fuzzySchema.optional(),
    graceMs: milliseconds.default(7_000).describe('permission and apology: holds shorter than this need neither'),
    askWithinMs: milliseconds.default(30_000).describe('permission: the wait request must end at most this long before the hold'),
    limitMs: milliseconds.default(300_000).describe('duration: a hold this long or longer is too long'),
    marks: z
      .array(z.strictObject({ afterMs: milliseconds, title: z.string().min(1), text: z.string().min(1) }))
      .default([])
      .describe('duration: countdown cards while the customer waits; {observed} and {limit} are seconds'),
    remind: card.optional().describe('apology: the card shown when a long hold ends; {observed} is the wait in seconds'),
    infer: z
      .strictObject({
        silenceMs: milliseconds.default(10_000).describe('silence this long after a wait request is a hold'),
        withinMs: milliseconds.default(10_000).describe('...if it begins within this long after the request'),
      })
      .optional()
      .describe('infer holds from the wait request followed by silence, for telephony that sends no hold events'),
  })
  .superRefine((rule, ctx) => {
    if ((rule.check === 'permission' || rule.infer) && !rule.ask) ctx.addIssue({ code: 'custom', path: ['ask'], message: `give the wait-request patterns ("ask") that ${rule.infer ? 'infer' : 'check: permission'} looks for` });
    if (rule.check === 'apology' && !rule.apology) ctx.addIssue({ code: 'custom', path: ['apology'], message: 'give the apology patterns that check: apology looks for' });
  });

/** Wait requests under the role 'ask', apologies under 'apology'; marks sorted by time. */
export const holdKind = defineRuleKind({
  name: 'hold',
  schema: holdRuleSchema,
  compile: (rule, context) => {
    const fuzzy = fuzzyFor(rule.fuzzy, context);
    const params: HoldParams = {
      check: rule.check,
      graceMs: rule.graceMs,
      askWithinMs: rule.askWithinMs,
      limitMs: rule.limitMs,
      marks: [...rule.marks].sort((a, b) => a.afterMs - b.afterMs),
      ...(rule.remind ? { remind: rule.remind } : {}),
      ...(rule.infer ? { infer: rule.infer } : {}),
    };
    return { params, entries: [...patternEntries(rule.id, HOLD_ASK_ROLE, rule.ask ?? [], ['ask'], fuzzy), ...patternEntries(rule.id, HOLD_APOLOGY_ROLE, rule.apology ?? [], ['apology'], fuzzy)] };
  },
  explain: ({ params: p }) => {
    const lines =
      p.check === 'permission'
        ? [`flags a hold of ${secondsText(p.graceMs)} or more that no wait request ("ask") ended within ${secondsText(p.askWithinMs)} before`]
        : p.check === 'apology'
          ? [`flags a hold of ${secondsText(p.graceMs)} or more when the agent's first utterance after it has no apology or thanks for waiting${p.remind ? `; card when it ends: ${p.remind.title}` : ''}`]
          : [`flags a hold of ${secondsText(p.limitMs)} or more, as soon as it gets there${p.marks.length ? `; countdown cards at ${p.marks.map((m) => `${secondsText(m.afterMs)} (${m.title})`).join(', ')}` : ''}`];
    if (p.infer) lines.push(`also counts as a hold: ${secondsText(p.infer.silenceMs)} of silence beginning within ${secondsText(p.infer.withinMs)} after a wait request`);
    return lines;
  },
  placeholders: ['observed', 'limit', 'unit', 'suggest'],
  showsNudge: true,
  nestedKeys: { infer: ['silenceMs', 'withinMs'], remind: ['title', 'text'] },
});
