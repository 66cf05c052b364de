import { readDigitRuns } from './digit-runs.js';
import { findPersonalData, type PersonalDataMatch } from './find-personal-data.js';
import type { PersonalDataKind } from './personal-data-kind.js';
import { redactText, type RedactionSettings } from './redact-text.js';

/** A number already masked in this call, so a piece of it quoted elsewhere ("…1234 5678") is masked too. */
export interface KnownSecret {
  readonly kind: PersonalDataKind;
  readonly digits: string;
}

/**
 * Masks a text derived from the transcript (a finding's quote, a nudge's text): the personal data it holds on its own,
 * and any run of at least `minFragment` digits that is part of a number this call already masked.
 */
export function scrubText(text: string, settings: RedactionSettings, language: 'zh' | 'en', secrets: readonly KnownSecret[], minFragment = 4): string {
  const matches: PersonalDataMatch[] = findPersonalData(text, settings.kinds);
  if (secrets.length > 0) {
    for (const run of readDigitRuns(text)) {
      if (run.digits.length < minFragment || matches.some((m) => m.start < run.end && run.start < m.end)) continue;
      const secret = secrets.find((s) => s.digits.includes(run.digits));
      if (secret) matches.push({ kind: secret.kind, start: run.start, end: run.end });
    }
    matches.sort((a, b) => a.start - b.start);
  }
  return redactText(text, settings, language, matches).text;
}
