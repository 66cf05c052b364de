import { z } from 'zod';
import { bareText, type InterruptionParams } from '../../engine/index.js';
import { defineRuleKind, secondsText } from './rule-kind.js';
import { commonRuleFields, milliseconds } from './schema-parts.js';

/** kind: interruption — starting to talk while the other side's utterance still runs. Example: `minOverlapMs: 1200`. */
export const interruptionRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('interruption'),
  over: z.enum(['agent', 'customer']).default('customer').describe('whose speech must not be talked over'),
  minOverlapMs: milliseconds.min(1).default(1_200).describe('starting this long (or more) before their utterance ends is an interruption'),
  backchannels: z.array(z.string().min(1)).default([]).describe('whole utterances that are only listening noises (嗯, uh-huh)'),
});

/** No patterns; backchannels reduced to bare text, as utterances are before comparing. */
export const interruptionKind = defineRuleKind({
  name: 'interruption',
  schema: interruptionRuleSchema,
  compile: (rule) => ({
    params: { over: [rule.over], minOverlapMs: rule.minOverlapMs, backchannels: rule.backchannels.map(bareText).filter((b) => b !== '') } satisfies InterruptionParams,
    entries: [],
  }),
  explain: (rule) => [
    `flags the ${rule.speakers.join('/')} starting to talk ${secondsText(rule.params.minOverlapMs)} or more before the ${rule.params.over.join('/')} has finished`,
    rule.params.backchannels.length ? `never an interruption, as whole utterances: ${rule.params.backchannels.join(' · ')}` : 'no backchannels listed: every overlap that long counts',
  ],
  placeholders: ['observed', 'limit', 'unit', 'suggest'],
  showsNudge: true,
});
