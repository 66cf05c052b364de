import { z } from 'zod';
import { LADDER_START_ROLE, ladderStepRole, type SequenceParams } from '../../engine/index.js';
import { defineRuleKind, fuzzyFor, patternEntries, secondsText } from './rule-kind.js';
import { commonRuleFields, fuzzySchema, milliseconds, patterns } from './schema-parts.js';

const ladderStep = z.strictObject({
  label: z.string().min(1).describe('the card heading, e.g. 再次问候'),
  afterMs: milliseconds.describe('due when the quiet side has been silent this long since the agent last spoke'),
  say: z.string().min(1).describe('the script line shown on the card'),
  match: patterns.describe('how to recognise the agent saying it'),
});

/** kind: sequence — a timed scripted ladder (silent call, noisy line). Example in zh-CN-standard/ladders.yaml. */
export const sequenceRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('sequence'),
  start: z
    .union([z.literal('firstTurn'), z.strictObject({ match: patterns })])
    .describe("firstTurn: after the agent's first utterance if the quiet side said nothing; { match }: when the agent says one of these"),
  quiet: z.enum(['agent', 'customer']).default('customer').describe('the side whose silence drives the ladder'),
  minConfidence: z.number().min(0).max(1).default(0).describe('speech of the quiet side below this recogniser confidence is not "heard"'),
  steps: z.array(ladderStep).min(1),
  hangupAfterMs: milliseconds.default(3_000).describe('after the last line, wait this long before releasing the call'),
  fuzzy: fuzzySchema.optional(),
});

/** Start patterns under 'start', each step's line under `step:<i>`. */
export const sequenceKind = defineRuleKind({
  name: 'sequence',
  schema: sequenceRuleSchema,
  compile: (rule, context) => {
    const fuzzy = fuzzyFor(rule.fuzzy, context);
    const start = rule.start === 'firstTurn' ? undefined : rule.start;
    const params: SequenceParams = {
      start: start ? 'match' : 'firstTurn',
      quiet: rule.quiet,
      minConfidence: rule.minConfidence,
      steps: rule.steps.map((s) => ({ label: s.label, afterMs: s.afterMs, say: s.say })),
      hangupAfterMs: rule.hangupAfterMs,
    };
    return {
      params,
      entries: [
        ...(start ? patternEntries(rule.id, LADDER_START_ROLE, start.match, ['start', 'match'], fuzzy) : []),
        ...rule.steps.flatMap((s, i) => patternEntries(rule.id, ladderStepRole(i), s.match, ['steps', i, 'match'], fuzzy)),
      ],
    };
  },
  explain: ({ params: p }) => [
    `starts ${p.start === 'firstTurn' ? `after the agent's first utterance if the ${p.quiet} has said nothing` : 'when the agent says a start pattern'}; the ${p.quiet}'s silence${p.minConfidence > 0 ? ` (or speech below confidence ${p.minConfidence})` : ''} drives it`,
    ...p.steps.map((s, i) => `step ${i + 1} after ${secondsText(s.afterMs)} of silence: ${s.label} — ${s.say}`),
    `flags a release before the last line, or within ${secondsText(p.hangupAfterMs)} after it`,
  ],
  placeholders: ['observed', 'limit', 'unit', 'suggest'],
  showsNudge: true,
  nestedKeys: { start: ['match'] },
});
