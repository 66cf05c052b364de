import { z } from 'zod';
import { excuseRole, type SilenceParams, type Speaker } from '../../engine/index.js';
import { defineRuleKind, fuzzyFor, patternEntries, secondsText } from './rule-kind.js';
import { commonRuleFields, fuzzySchema, milliseconds, partName, patterns } from './schema-parts.js';

const excuse = z.strictObject({
  label: z.string().min(1).describe('e.g. "the customer asked the agent to wait"'),
  speaker: z.enum(['agent', 'customer']).describe('whose request it is'),
  match: patterns,
  fuzzy: fuzzySchema.optional(),
});

/** kind: silence — dead air: no speech from anyone for afterMs outside a hold. Example: `afterMs: 20000`. */
export const silenceRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('silence'),
  afterMs: milliseconds.min(1_000).default(20_000).describe('silence this long (no speech, no hold) is dead air'),
  excuses: z.record(partName('excuse'), excuse).optional().describe('requests that excuse the silence after them'),
  excuseWithinMs: milliseconds.default(10_000).describe('an excuse counts if the silence begins within this long after it'),
  settleMs: milliseconds.default(3_000).describe('after the silence seems to end, wait this long for late transcripts of speech that began earlier'),
});

/** Each excuse's patterns under the role `excuse:<name>`. */
export const silenceKind = defineRuleKind({
  name: 'silence',
  schema: silenceRuleSchema,
  compile: (rule, context) => {
    const excuses = Object.entries(rule.excuses ?? {});
    const params: SilenceParams = {
      afterMs: rule.afterMs,
      excuseWithinMs: rule.excuseWithinMs,
      settleMs: rule.settleMs,
      excuses: excuses.map(([name, e]) => ({ name, label: e.label, speaker: e.speaker as Speaker })),
    };
    return { params, entries: excuses.flatMap(([name, e]) => patternEntries(rule.id, excuseRole(name), e.match, ['excuses', name, 'match'], fuzzyFor(e.fuzzy, context))) };
  },
  explain: ({ params: p }) => [
    `flags ${secondsText(p.afterMs)} without speech from anyone outside a hold; the length is confirmed ${secondsText(p.settleMs)} after it ends, for late transcripts`,
    p.excuses.length ? `excused when the silence begins within ${secondsText(p.excuseWithinMs)} after: ${p.excuses.map((e) => `${e.name} (${e.speaker}: ${e.label})`).join(', ')}` : 'no excuses: every such silence counts',
  ],
  placeholders: ['observed', 'limit', 'unit', 'suggest'],
  showsNudge: true,
});
