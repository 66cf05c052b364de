import { expandPattern, normalizeText, type TextLanguage } from '../../engine/index.js';

/** One literal expansion of a pattern after normalisation: its text pieces (gaps between them) and clause anchors. */
export interface NormalizedVariant {
  readonly segments: readonly string[];
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
}

/**
 * The normalised literal variants of a pattern, as the phrase index matches them; empty segments dropped.
 * Throws the engine's PatternSyntaxError for a broken pattern (callers report those separately).
 */
export function normalizedVariants(pattern: string, language: TextLanguage, lexicons: ReadonlyMap<string, readonly string[]>): NormalizedVariant[] {
  return expandPattern(pattern, lexicons).map((v) => ({
    segments: v.parts.flatMap((p) => (p.kind === 'text' ? [normalizeText(p.text, language).text].filter((t) => t !== '') : [])),
    anchoredStart: v.anchoredStart,
    anchoredEnd: v.anchoredEnd,
  }));
}

/** True when `needle` occurs inside `haystack` as the phrase index would find it (whole words in English). */
export function occursIn(needle: string, haystack: string, language: TextLanguage): boolean {
  if (language === 'zh') return haystack.includes(needle);
  return ` ${haystack} `.includes(` ${needle} `);
}

/**
 * True when every text matched by `variant` necessarily contains a match of `by` (so `by`'s rule fires too):
 * `by` must be one piece of text found inside one of the variant's pieces, honouring `by`'s clause anchors.
 */
export function variantImplies(variant: NormalizedVariant, by: NormalizedVariant, language: TextLanguage): boolean {
  if (by.segments.length !== 1) return false;
  const text = by.segments[0] as string;
  const first = variant.segments[0] ?? '';
  const last = variant.segments[variant.segments.length - 1] ?? '';
  if (by.anchoredStart && by.anchoredEnd) return variant.anchoredStart && variant.anchoredEnd && variant.segments.length === 1 && first === text;
  if (by.anchoredStart) return variant.anchoredStart && startsWithWord(first, text, language);
  if (by.anchoredEnd) return variant.anchoredEnd && endsWithWord(last, text, language);
  return variant.segments.some((s) => occursIn(text, s, language));
}

function startsWithWord(s: string, prefix: string, language: TextLanguage): boolean {
  return language === 'zh' ? s.startsWith(prefix) : s === prefix || s.startsWith(prefix + ' ');
}

function endsWithWord(s: string, suffix: string, language: TextLanguage): boolean {
  return language === 'zh' ? s.endsWith(suffix) : s === suffix || s.endsWith(' ' + suffix);
}
