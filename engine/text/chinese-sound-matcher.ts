import type { WordSpans } from './chinese-words.js';
import type { NormalizedText } from './normalized-text.js';
import { nearReadingsOf, readingsOf } from './pinyin-readings.js';
import { addOccurrence, tally, type FuzzySegment, type OccurrenceMap, type UnitKind } from './segment-occurrence.js';

interface IndexedSegment {
  readonly text: string;
  readonly chars: readonly string[];
  readonly maxEdits: number;
}

/**
 * Finds Chinese segments by sound: toneless pinyin (every reading of a polyphone), then 模糊音, then, for long
 * patterns, a few characters that differ. Candidates are looked up by the folded readings of their first two
 * characters, so the cost follows the text, not the number of patterns.
 */
export class ChineseSoundMatcher {
  private readonly byOpening = new Map<string, IndexedSegment[]>();

  constructor(segments: readonly FuzzySegment[]) {
    for (const s of segments) {
      const chars = [...s.text];
      // One character alone sounds like too much else.
      if (chars.length < 2 || chars.length !== s.text.length) continue;
      const indexed: IndexedSegment = { text: s.text, chars, maxEdits: s.maxEdits };
      for (const key of openingKeys(chars[0] as string, chars[1] as string)) {
        const list = this.byOpening.get(key);
        if (list) {
          if (!list.some((x) => x.text === s.text)) list.push(indexed);
        } else this.byOpening.set(key, [indexed]);
      }
    }
  }

  /** Sound-alike occurrences (never exact ones: the exact matcher finds those). */
  find(normalized: NormalizedText, spans: WordSpans): OccurrenceMap {
    const out: OccurrenceMap = new Map();
    const text = normalized.text;
    if (this.byOpening.size === 0) return out;
    for (let i = 0; i + 1 < text.length; i++) {
      const seen = new Set<string>();
      for (const key of openingKeys(text[i] as string, text[i + 1] as string)) {
        for (const segment of this.byOpening.get(key) ?? []) {
          if (seen.has(segment.text)) continue;
          seen.add(segment.text);
          const kinds = compare(segment, text, i, spans);
          if (kinds && kinds.some((k) => k !== 'same')) addOccurrence(out, segment.text, tally(kinds, i, i + segment.chars.length));
        }
      }
    }
    return out;
  }
}

function unitKeys(ch: string): readonly string[] {
  const near = nearReadingsOf(ch);
  return near.length > 0 ? near : [ch];
}

function openingKeys(a: string, b: string): string[] {
  const keys: string[] = [];
  for (const x of unitKeys(a)) for (const y of unitKeys(b)) keys.push(`${x} ${y}`);
  return keys;
}

function compare(segment: IndexedSegment, text: string, at: number, spans: WordSpans): UnitKind[] | undefined {
  const { chars } = segment;
  if (at + chars.length > text.length) return undefined;
  const kinds: UnitKind[] = [];
  let edits = 0;
  for (let j = 0; j < chars.length; j++) {
    const kind = unitKind(chars[j] as string, text[at + j] as string);
    if (kind === 'edit') {
      // Edits only inside a phrase (its first two and last characters carry it), and never onto a character that belongs
      // to a different real word: "我要下单了" is not "我要下班了".
      const inside = j >= 2 && j < chars.length - 1;
      const pos = at + j;
      const lone = (spans.wordEnd[pos] as number) - (spans.wordStart[pos] as number) <= 1;
      if (!inside || !lone || ++edits > segment.maxEdits) return undefined;
    }
    kinds.push(kind);
  }
  return kinds;
}

function unitKind(want: string, got: string): UnitKind {
  if (want === got) return 'same';
  const a = readingsOf(want);
  const b = readingsOf(got);
  if (a.length > 0 && a.some((r) => b.includes(r))) return 'sound';
  const na = nearReadingsOf(want);
  const nb = nearReadingsOf(got);
  if (na.length > 0 && na.some((r) => nb.includes(r))) return 'near';
  return 'edit';
}
