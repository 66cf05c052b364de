import { AhoCorasick } from '@monyone/aho-corasick/fast';
import { isClauseBoundary, type NormalizedText } from './normalized-text.js';
import type { TextLanguage } from './text-language.js';

/** A literal variant of a pattern after normalisation: text pieces with gap limits between them. */
export interface CompiledVariant {
  readonly entryIndex: number;
  readonly segments: readonly string[];
  /** gapsMax[i] is the most characters (Chinese) or words (English) allowed between segments i and i+1. */
  readonly gapsMax: readonly number[];
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
}

/** A variant found in a normalised text: [start, end) in normalised offsets. */
export interface VariantOccurrence {
  readonly variant: CompiledVariant;
  readonly start: number;
  readonly end: number;
}

/**
 * Finds every literal variant in one pass of an Aho-Corasick automaton over all segments, so the cost
 * does not grow with the number of patterns; multi-segment variants are then chained within their gaps.
 */
export class ExactMatcher {
  private readonly automaton: AhoCorasick | undefined;
  private readonly bySegment = new Map<string, CompiledVariant[]>();

  constructor(
    private readonly variants: readonly CompiledVariant[],
    private readonly language: TextLanguage,
  ) {
    for (const v of variants) {
      const first = v.segments[0] as string;
      const list = this.bySegment.get(first);
      if (list) list.push(v);
      else this.bySegment.set(first, [v]);
    }
    const segments = new Set<string>();
    for (const v of variants) for (const s of v.segments) segments.add(s);
    this.automaton = segments.size > 0 ? new AhoCorasick([...segments]) : undefined;
  }

  /** Every occurrence of every variant, word-aligned for English and clause-anchored where the pattern says so. */
  find(normalized: NormalizedText): VariantOccurrence[] {
    if (!this.automaton || normalized.text.length === 0) return [];
    const text = normalized.text;
    const occurrences = new Map<string, Array<{ begin: number; end: number }>>();
    for (const m of this.automaton.matchInText(text)) {
      if (!this.alignedToWords(text, m.begin, m.end)) continue;
      const list = occurrences.get(m.keyword);
      if (list) list.push(m);
      else occurrences.set(m.keyword, [m]);
    }
    const out: VariantOccurrence[] = [];
    for (const [segment, hits] of occurrences) {
      const variants = this.bySegment.get(segment);
      if (!variants) continue;
      for (const variant of variants) {
        for (const hit of hits) {
          const end = this.chain(variant, hit.end, occurrences, text);
          if (end === undefined) continue;
          if (variant.anchoredStart && !startsClause(normalized, hit.begin)) continue;
          if (variant.anchoredEnd && !endsClause(normalized, end)) continue;
          out.push({ variant, start: hit.begin, end });
        }
      }
    }
    return out;
  }

  private chain(
    variant: CompiledVariant,
    firstEnd: number,
    occurrences: ReadonlyMap<string, ReadonlyArray<{ begin: number; end: number }>>,
    text: string,
  ): number | undefined {
    let end = firstEnd;
    for (let i = 1; i < variant.segments.length; i++) {
      const next = occurrences.get(variant.segments[i] as string);
      if (!next) return undefined;
      const maxGap = variant.gapsMax[i - 1] as number;
      const found = next.find((o) => o.begin >= end && this.gapSize(text, end, o.begin) <= maxGap);
      if (!found) return undefined;
      end = found.end;
    }
    return end;
  }

  private gapSize(text: string, from: number, to: number): number {
    if (this.language === 'zh') return to - from;
    const between = text.slice(from, to).trim();
    return between === '' ? 0 : between.split(' ').length;
  }

  private alignedToWords(text: string, begin: number, end: number): boolean {
    if (this.language === 'zh') return true;
    return (begin === 0 || text[begin - 1] === ' ') && (end === text.length || text[end] === ' ');
  }

  get size(): number {
    return this.variants.length;
  }
}

/** A phrase starts a clause when it is at the start of the text or right after punctuation. */
export function startsClause(normalized: NormalizedText, start: number): boolean {
  return isClauseBoundary(normalized, start);
}

/** A phrase ends a clause when it is at the end of the text or right before punctuation. */
export function endsClause(normalized: NormalizedText, end: number): boolean {
  if (isClauseBoundary(normalized, end)) return true;
  return normalized.text[end] === ' ' && isClauseBoundary(normalized, end + 1);
}
