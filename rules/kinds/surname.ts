import { z } from 'zod';
import { expandPattern, PatternSyntaxError, SURNAME_GIVEN_ROLE, type AddressForm, type SurnameParams } from '../../engine/index.js';
import { defineRuleKind, fuzzyFor, patternEntries } from './rule-kind.js';
import { card, commonRuleFields, fuzzySchema, patterns } from './schema-parts.js';

// Stands in for the surname while an address pattern is expanded; no transcript or pattern contains it.
const SLOT = '\u0000';

/** kind: surname — address the customer by the surname they gave. Example: `given: ['(我|免贵)姓'], address: ['{surname}(先生|女士)']`. */
export const surnameRuleSchema = z
  .strictObject({
    ...commonRuleFields,
    kind: z.literal('surname'),
    given: patterns.describe('customer patterns the surname follows: 我姓, 免贵姓, my last name is'),
    address: z
      .array(z.string().regex(/\{surname\}/, 'an address form must contain {surname}'))
      .min(1)
      .describe('how the agent addresses them, with {surname}: {surname}(先生|女士), (mr|ms) {surname}'),
    minUses: z.number().int().min(1).default(2).describe('addressed by surname at least this often'),
    compound: z.array(z.string().min(2)).default([]).describe('two-character surnames (欧阳, 司马)'),
    notNames: z.array(z.string().min(1)).default([]).describe('English: words that end a name (and, calling)'),
    remindAfterTurns: z.number().int().min(0).default(3).describe('a card after this many agent utterances without the surname (0: none)'),
    remind: card.optional().describe('the reminder card; {surname} is filled in'),
    fuzzy: fuzzySchema.optional(),
  })
  .superRefine((rule, ctx) => {
    rule.address.forEach((pattern, i) => {
      const problem = addressProblem(pattern);
      if (problem) ctx.addIssue({ code: 'custom', path: ['address', i], message: problem });
    });
  });

/** 'given' patterns indexed; address forms expanded here into the text before and after the surname. */
export const surnameKind = defineRuleKind({
  name: 'surname',
  schema: surnameRuleSchema,
  compile: (rule, context) => {
    const params: SurnameParams = {
      address: rule.address.flatMap(addressForms),
      minUses: rule.minUses,
      compound: rule.compound,
      notNames: rule.notNames,
      remindAfterTurns: rule.remindAfterTurns,
      ...(rule.remind ? { remind: rule.remind } : {}),
    };
    return { params, entries: patternEntries(rule.id, SURNAME_GIVEN_ROLE, rule.given, ['given'], fuzzyFor(rule.fuzzy, context)) };
  },
  explain: ({ params: p }) => [
    `once the customer gives a surname, the agent must address them by it at least ${p.minUses} time(s): ${p.address.map((a) => `${a.before}X${a.after}`).join(' · ')}`,
    p.remindAfterTurns > 0 ? `a card${p.remind ? ` (${p.remind.title})` : ''} after ${p.remindAfterTurns} agent utterance(s) without it` : 'no reminder card',
  ],
  // The quote is the customer giving their name: personal, so never offered as {phrase}.
  placeholders: ['observed', 'limit', 'unit', 'suggest'],
  showsNudge: true,
  nestedKeys: { remind: ['title', 'text'] },
});

/** Why an address pattern cannot be used, if it cannot: it must expand to plain text around exactly one {surname}. */
function addressProblem(pattern: string): string | undefined {
  try {
    addressForms(pattern);
    return undefined;
  } catch (err) {
    if (err instanceof PatternSyntaxError) return `${err.message} (only {surname} can be used here)`;
    return (err as Error).message;
  }
}

/**
 * The literal forms of one address pattern such as `{surname}(先生|女士)`: the text before and after the surname, as
 * written (the detector normalises them for the call's language). Throws if the pattern has a gap or no {surname}
 * (the schema reports both at the pattern's line first).
 */
export function addressForms(pattern: string): AddressForm[] {
  const forms: AddressForm[] = [];
  for (const variant of expandPattern(pattern, new Map([['surname', [SLOT]]]))) {
    if (variant.parts.length !== 1 || variant.parts[0]?.kind !== 'text') throw new Error('an address form cannot contain a gap (…)');
    const text = variant.parts[0].text;
    const at = text.indexOf(SLOT);
    if (at < 0 || text.indexOf(SLOT, at + 1) >= 0) throw new Error('an address form must contain {surname} exactly once in every alternative');
    forms.push({ before: text.slice(0, at), after: text.slice(at + 1) });
  }
  return forms;
}
