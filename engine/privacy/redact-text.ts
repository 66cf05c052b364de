import { findPersonalData, type PersonalDataMatch } from './find-personal-data.js';
import { KINDS_SHOWING_LAST_DIGITS, MASK_LABELS, type PersonalDataKind } from './personal-data-kind.js';

/** What to mask and how: the kinds, how many last digits a card or phone mask shows, the mask's language. */
export interface RedactionSettings {
  readonly kinds: ReadonlySet<PersonalDataKind>;
  /** 0–4: how many last digits of a card, phone or account number the mask shows ("[card ••1234]"). */
  readonly keepLast: number;
}

/** One mask as placed: where it is in the redacted text, and where the data was in the original. */
export interface PlacedMask {
  readonly kind: PersonalDataKind;
  readonly start: number;
  readonly end: number;
  readonly originalStart: number;
  readonly originalEnd: number;
}

/** A redacted text and the way back from original offsets to redacted ones (evidence highlights are remapped). */
export interface RedactedText {
  readonly text: string;
  readonly masks: readonly PlacedMask[];
  /** An offset into the original text, as an offset into the redacted one (inside a mask: the mask's edge). */
  readonly mapOffset: (offset: number, edge: 'start' | 'end') => number;
}

/** The typed mask for one match: [身份证], [card ••1234]. */
export function maskFor(match: PersonalDataMatch, language: 'zh' | 'en', keepLast: number): string {
  const label = MASK_LABELS[language][match.kind];
  const digits = match.digits?.replace(/\D/g, '') ?? '';
  const shown = KINDS_SHOWING_LAST_DIGITS.has(match.kind) && keepLast > 0 && digits.length >= 8 ? digits.slice(-Math.min(4, keepLast)) : '';
  return shown ? `[${label} ••${shown}]` : `[${label}]`;
}

/** Masks the personal data found in a text (or the matches given, when they were found on a longer text). */
export function redactText(text: string, settings: RedactionSettings, language: 'zh' | 'en', matches: readonly PersonalDataMatch[] = findPersonalData(text, settings.kinds)): RedactedText {
  if (matches.length === 0) return { text, masks: [], mapOffset: (o) => o };
  let out = '';
  let from = 0;
  const masks: PlacedMask[] = [];
  for (const m of matches) {
    if (m.start < from) continue;
    out += text.slice(from, m.start);
    const mask = maskFor(m, language, settings.keepLast);
    masks.push({ kind: m.kind, start: out.length, end: out.length + mask.length, originalStart: m.start, originalEnd: m.end });
    out += mask;
    from = m.end;
  }
  out += text.slice(from);
  const mapOffset = (offset: number, edge: 'start' | 'end') => {
    let shift = 0;
    for (const mask of masks) {
      if (offset <= mask.originalStart) break;
      if (offset < mask.originalEnd) return edge === 'start' ? mask.start : mask.end;
      shift = mask.end - mask.originalEnd;
    }
    return offset + shift;
  };
  return { text: out, masks, mapOffset };
}
