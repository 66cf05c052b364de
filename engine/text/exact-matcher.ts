import { AhoCorasick } from '@monyone/aho-corasick/fast';
import type { NormalizedText } from './normalized-text.js';
import { addOccurrence, type OccurrenceMap } from './segment-occurrence.js';
import type { TextLanguage } from './text-language.js';

/** A literal variant of a pattern after normalisation: text pieces with gap limits between them. */
export interface CompiledVariant {
  readonly entryIndex: number;
  readonly segments: readonly string[];
  /** gapsMax[i] is the most characters (Chinese) or words (English) allowed between segments i and i+1. */
  readonly gapsMax: readonly number[];
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
  /** Characters (Chinese) or words (English) of all segments together. */
  readonly units: number;
}

/**
 * Finds every literal segment of every pattern in one pass of an Aho-Corasick automaton, so the cost does not grow
 * with the number of patterns; English hits are kept only on whole words.
 */
export class ExactMatcher {
  private readonly automaton: AhoCorasick | undefined;

  constructor(
    segments: Iterable<string>,
    private readonly language: TextLanguage,
  ) {
    const unique = [...new Set(segments)];
    this.automaton = unique.length > 0 ? new AhoCorasick(unique) : undefined;
  }

  /** Every occurrence of every segment, by segment text. */
  find(normalized: NormalizedText): OccurrenceMap {
    const out: OccurrenceMap = new Map();
    if (!this.automaton || normalized.text.length === 0) return out;
    const text = normalized.text;
    for (const m of this.automaton.matchInText(text)) {
      if (!this.alignedToWords(text, m.begin, m.end)) continue;
      const units = this.language === 'zh' ? m.end - m.begin : m.keyword.split(' ').length;
      addOccurrence(out, m.keyword, { begin: m.begin, end: m.end, units, same: units, sound: 0, near: 0, edits: 0 });
    }
    return out;
  }

  private alignedToWords(text: string, begin: number, end: number): boolean {
    if (this.language === 'zh') return true;
    return (begin === 0 || text[begin - 1] === ' ') && (end === text.length || text[end] === ' ');
  }
}
