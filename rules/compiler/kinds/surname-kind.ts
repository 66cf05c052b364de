import { expandPattern, normalizeText, SURNAME_GIVEN_ROLE, type AddressForm, type SurnameParams, type TextLanguage } from '../../../engine/index.js';
import type { surnameRuleSchema } from '../../schema/pack-schema.js';
import { fuzzyFor, patternEntries, type KindCompiler } from './rule-compiler.js';
import type { z } from 'zod';

// Stands in for the surname while an address pattern is expanded; no transcript or pattern contains it.
const SLOT = '\u0000';

/** kind: surname — 'given' patterns indexed; address forms expanded here into text before and after the surname. */
export const compileSurnameRule: KindCompiler<z.infer<typeof surnameRuleSchema>, SurnameParams> = (rule, context) => {
  const normalize = (s: string) => normalizeText(s, context.language).text;
  return {
    params: {
      address: rule.address.flatMap((pattern) => addressForms(pattern, context.language)),
      minUses: rule.minUses,
      compound: rule.compound.map(normalize),
      notNames: rule.notNames.map(normalize),
      remindAfterTurns: rule.remindAfterTurns,
      ...(rule.remind ? { remind: rule.remind } : {}),
    },
    entries: patternEntries(rule.id, SURNAME_GIVEN_ROLE, rule.given, ['given'], fuzzyFor(rule.fuzzy, context)),
  };
};

/**
 * The literal forms of one address pattern such as `{surname}(先生|女士)`, normalised like transcripts.
 * Throws with a sentence an author can act on if the pattern has a gap or no {surname} (the schema checks this first).
 */
export function addressForms(pattern: string, language: TextLanguage): AddressForm[] {
  const forms: AddressForm[] = [];
  for (const variant of expandPattern(pattern, new Map([['surname', [SLOT]]]))) {
    if (variant.parts.length !== 1 || variant.parts[0]?.kind !== 'text') throw new Error('an address form cannot contain a gap (…)');
    const text = variant.parts[0].text;
    const at = text.indexOf(SLOT);
    if (at < 0 || text.indexOf(SLOT, at + 1) >= 0) throw new Error('an address form must contain {surname} exactly once');
    forms.push({ before: normalizeText(text.slice(0, at), language).text, after: normalizeText(text.slice(at + 1), language).text });
  }
  return forms;
}
