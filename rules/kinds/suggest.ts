import { z } from 'zod';
import { SUGGEST_TRIGGER_ROLE, SUGGEST_UNLESS_ROLE, type SuggestParams } from '../../engine/index.js';
import { defineRuleKind, fuzzyFor, patternEntries } from './rule-kind.js';
import { card, commonRuleFields, fuzzySchema, patterns } from './schema-parts.js';

/** kind: suggest — a trigger shows the agent a script card. Example: `trigger: ['找…{boss}'], card: { title, text }`. */
export const suggestRuleSchema = z.strictObject({
  ...commonRuleFields,
  kind: z.literal('suggest'),
  trigger: patterns.describe("what the rule's speaker says to show the card"),
  unless: patterns.optional().describe("no card if the agent's last unlessWithinTurns utterances matched one of these"),
  unlessWithinTurns: z.number().int().min(1).max(20).default(3),
  card,
  interim: z.boolean().default(false).describe('show the card from interim transcripts (sooner; never taken back)'),
  fuzzy: fuzzySchema.optional(),
});

/** Triggers under 'trigger', exceptions under 'unless'. */
export const suggestKind = defineRuleKind({
  name: 'suggest',
  schema: suggestRuleSchema,
  compile: (rule, context) => {
    const fuzzy = fuzzyFor(rule.fuzzy, context);
    return {
      params: { title: rule.card.title, text: rule.card.text, interim: rule.interim, unlessWithinTurns: rule.unless ? rule.unlessWithinTurns : 0 } satisfies SuggestParams,
      entries: [...patternEntries(rule.id, SUGGEST_TRIGGER_ROLE, rule.trigger, ['trigger'], fuzzy), ...patternEntries(rule.id, SUGGEST_UNLESS_ROLE, rule.unless ?? [], ['unless'], fuzzy)],
    };
  },
  explain: ({ params: p }) => [
    `shows the card "${p.title}": ${p.text}`,
    `${p.interim ? 'from interim results already (never taken back)' : 'on final results'}${p.unlessWithinTurns > 0 ? `; not if the agent's last ${p.unlessWithinTurns} utterance(s) matched an unless pattern` : ''}`,
  ],
  // A card, not a nudge: the finding-less kind has nothing to fill.
  placeholders: [],
  showsNudge: false,
  nestedKeys: { card: ['title', 'text'] },
});
