import { expandPattern, SURNAME_GIVEN_ROLE, type AddressForm, type SurnameParams } from '../../../engine/index.js';
import type { surnameRuleSchema } from '../../schema/pack-schema.js';
import { fuzzyFor, patternEntries, type KindCompiler } from './rule-compiler.js';
import type { z } from 'zod';

// Stands in for the surname while an address pattern is expanded; no transcript or pattern contains it.
const SLOT = '\u0000';

/** kind: surname — 'given' patterns indexed; address forms expanded here into the text before and after the surname. */
export const compileSurnameRule: KindCompiler<z.infer<typeof surnameRuleSchema>, SurnameParams> = (rule, context) => {
  return {
    params: {
      address: rule.address.flatMap(addressForms),
      minUses: rule.minUses,
      compound: rule.compound,
      notNames: rule.notNames,
      remindAfterTurns: rule.remindAfterTurns,
      ...(rule.remind ? { remind: rule.remind } : {}),
    },
    entries: patternEntries(rule.id, SURNAME_GIVEN_ROLE, rule.given, ['given'], fuzzyFor(rule.fuzzy, context)),
  };
};

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
    if (at < 0 || text.indexOf(SLOT, at + 1) >= 0) throw new Error('an address form must contain {surname} exactly once');
    forms.push({ before: text.slice(0, at), after: text.slice(at + 1) });
  }
  return forms;
}
