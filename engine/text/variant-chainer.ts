import { respectsWords, type WordSpans } from './chinese-word-spans.js';
import type { CompiledVariant } from './exact-matcher.js';
import { isClauseBoundary, type NormalizedText } from './normalized-text.js';
import type { FuzzyOptions, MatchMethod } from './phrase-hit.js';
import { UNIT_SCORE, type OccurrenceMap, type SegmentOccurrence } from './segment-occurrence.js';
import type { TextLanguage } from './text-language.js';

/** Units (characters / words) a pattern needs per edit it may spend: a long phrase survives a wrong word, a short one not. */
export const UNITS_PER_EDIT: Readonly<Record<TextLanguage, number>> = { zh: 6, en: 5 };
/** At least this share of a fuzzy match's units must be exactly as in the pattern. */
export const MIN_SAME_SHARE = 0.5;
/** Fuzzy matches below this confidence are dropped. */
export const MIN_FUZZY_CONFIDENCE = 0.75;

/** A variant found in a text: [start, end) in normalised offsets, how it matched and how sure that is. */
export interface VariantMatch {
  readonly variant: CompiledVariant;
  readonly start: number;
  readonly end: number;
  readonly method: MatchMethod;
  readonly confidence: number;
}

/** Edits a variant may spend under its entry's fuzziness. */
export function editAllowance(variant: CompiledVariant, fuzzy: FuzzyOptions | undefined, language: TextLanguage): number {
  if (!fuzzy || variant.units < fuzzy.minLength) return 0;
  return Math.min(fuzzy.edits, Math.floor(variant.units / UNITS_PER_EDIT[language]));
}

/** True when a variant may match fuzzily at all. */
export function fuzzyAllowed(variant: CompiledVariant, fuzzy: FuzzyOptions | undefined): fuzzy is FuzzyOptions {
  return fuzzy !== undefined && variant.units >= fuzzy.minLength;
}

/**
 * Chains each variant's segments within their gaps, from exact occurrences and, where the variant's entry allows it,
 * fuzzy ones; applies clause anchors, Chinese word boundaries and the fuzzy safeguards (minimum length, edit budget,
 * share of exact units, confidence floor).
 */
export function chainVariants(
  variantsByFirst: ReadonlyMap<string, readonly CompiledVariant[]>,
  fuzzyOf: (variant: CompiledVariant) => FuzzyOptions | undefined,
  exact: OccurrenceMap,
  fuzzy: OccurrenceMap,
  normalized: NormalizedText,
  language: TextLanguage,
  spans: WordSpans | undefined,
): VariantMatch[] {
  const out: VariantMatch[] = [];
  const openings = new Set([...exact.keys(), ...fuzzy.keys()]);
  for (const opening of openings) {
    for (const variant of variantsByFirst.get(opening) ?? []) out.push(...matchVariant(variant, fuzzyOf(variant), exact, fuzzy, normalized, language, spans));
  }
  return out;
}

function matchVariant(
  variant: CompiledVariant,
  options: FuzzyOptions | undefined,
  exact: OccurrenceMap,
  fuzzy: OccurrenceMap,
  normalized: NormalizedText,
  language: TextLanguage,
  spans: WordSpans | undefined,
): VariantMatch[] {
  const out: VariantMatch[] = [];
  const allowFuzzy = fuzzyAllowed(variant, options);
  const occurrencesOf = (segment: string): readonly SegmentOccurrence[] => {
    const e = exact.get(segment) ?? [];
    if (!allowFuzzy) return e;
    const f = fuzzy.get(segment);
    return f ? [...e, ...f] : e;
  };
  const firsts = occurrencesOf(variant.segments[0] as string);
  for (const first of firsts) {
    const chain = chainFrom(variant, first, occurrencesOf, normalized.text, language, spans);
    if (!chain) continue;
    const start = first.begin;
    const end = (chain[chain.length - 1] as SegmentOccurrence).end;
    if (variant.anchoredStart && !isClauseBoundary(normalized, start)) continue;
    if (variant.anchoredEnd && !endsClause(normalized, end, language)) continue;
    const judged = judge(variant, chain, options, language);
    if (judged) out.push({ variant, start, end, ...judged });
  }
  return out;
}

function chainFrom(
  variant: CompiledVariant,
  first: SegmentOccurrence,
  occurrencesOf: (segment: string) => readonly SegmentOccurrence[],
  text: string,
  language: TextLanguage,
  spans: WordSpans | undefined,
): SegmentOccurrence[] | undefined {
  if (spans && !respectsWords(spans, first.begin, first.end, first.same < first.units)) return undefined;
  const chain = [first];
  let end = first.end;
  for (let i = 1; i < variant.segments.length; i++) {
    const maxGap = variant.gapsMax[i - 1] as number;
    let best: SegmentOccurrence | undefined;
    for (const o of occurrencesOf(variant.segments[i] as string)) {
      if (o.begin < end || gapSize(text, end, o.begin, language) > maxGap) continue;
      if (spans && !respectsWords(spans, o.begin, o.end, o.same < o.units)) continue;
      // The nearest, and at the same place the one closest to the pattern.
      if (!best || o.begin < best.begin || (o.begin === best.begin && o.same > best.same)) best = o;
    }
    if (!best) return undefined;
    chain.push(best);
    end = best.end;
  }
  return chain;
}

function judge(
  variant: CompiledVariant,
  chain: readonly SegmentOccurrence[],
  fuzzy: FuzzyOptions | undefined,
  language: TextLanguage,
): { method: MatchMethod; confidence: number } | undefined {
  let units = 0;
  let same = 0;
  let sound = 0;
  let near = 0;
  let edits = 0;
  for (const o of chain) {
    units += o.units;
    same += o.same;
    sound += o.sound;
    near += o.near;
    edits += o.edits;
  }
  if (same === units) return { method: 'exact', confidence: 1 };
  if (!fuzzyAllowed(variant, fuzzy)) return undefined;
  const budget = editAllowance(variant, fuzzy, language);
  // Without sounds, every bent unit is an edit.
  const spent = fuzzy.sounds ? edits : edits + sound + near;
  // An extra word or character in the text is an edit beyond the pattern's units: shares count every step taken.
  const steps = Math.max(units, same + sound + near + edits);
  if (spent > budget || same / steps < MIN_SAME_SHARE) return undefined;
  // Sound-alikes, or one slip in a long phrase, never both: 你怎么这么说 is not 你怎么这么啰嗦 with 啰 dropped and 嗦 blurred.
  if (edits > 0 && sound + near > 0) return undefined;
  const confidence = (same * UNIT_SCORE.same + sound * UNIT_SCORE.sound + near * UNIT_SCORE.near + edits * UNIT_SCORE.edit) / steps;
  if (confidence < MIN_FUZZY_CONFIDENCE) return undefined;
  const method: MatchMethod = edits > 0 || (language === 'en' && near > 0) ? 'edit' : language === 'zh' ? 'homophone' : 'phonetic';
  return { method, confidence: Math.round(confidence * 1000) / 1000 };
}

function gapSize(text: string, from: number, to: number, language: TextLanguage): number {
  if (language === 'zh') return to - from;
  const between = text.slice(from, to).trim();
  return between === '' ? 0 : between.split(' ').length;
}

// Sentence-final particles that add tone, not meaning: "我怎么知道嘛" ends where "我怎么知道" does. 吗 and 呢 stay out:
// they make a question of a statement.
const ZH_FINAL_PARTICLES = new Set([...'啊呀吧嘛啦哦哈呗哟喽咯哇']);

/**
 * A phrase ends a clause when it is at the end of the text (punctuated or not) or right before punctuation, in Chinese
 * also when only sentence-final particles lie between it and there.
 */
function endsClause(normalized: NormalizedText, end: number, language: TextLanguage): boolean {
  if (isClauseBoundary(normalized, end)) return true;
  if (language === 'zh') {
    let at = end;
    while (at < normalized.text.length && ZH_FINAL_PARTICLES.has(normalized.text[at] as string)) {
      at++;
      if (isClauseBoundary(normalized, at)) return true;
    }
    return false;
  }
  return normalized.text[end] === ' ' && isClauseBoundary(normalized, end + 1);
}
