import type { WordSpans } from './chinese-word-spans.js';
import type { NormalizedText } from './normalized-text.js';
import { isChineseMeaningCharacter } from './meaning-words.js';
import { nearReadingsOf, readingsOf, tonedReadingsOf } from './pinyin-readings.js';
import { addOccurrence, tally, type FuzzySegment, type OccurrenceMap, type UnitKind } from './segment-occurrence.js';

interface IndexedSegment {
  readonly text: string;
  readonly chars: readonly string[];
  readonly maxEdits: number;
}

/**
 * Finds Chinese segments by sound: toneless pinyin (a polyphone sounds like any character whose usual reading is one
 * of its readings), then 模糊音, then, for long patterns, one character that differs, is dropped or is extra.
 * Candidates are looked up by the folded readings of their first two characters, so the cost follows the text, not
 * the number of patterns.
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
          const found = segment.maxEdits > 0 ? align(segment, text, i, spans, 0, i, 0) : positional(segment, text, i);
          if (!found || found.kinds.every((k) => k === 'same') || swapsInAnotherWord(segment, found, text, i)) continue;
          addOccurrence(out, segment.text, tally(found.kinds, i, i + found.length, segment.chars.length));
        }
      }
    }
    return out;
  }
}

/**
 * True when the match swaps in a different word: two or more neighbouring characters, none of them the pattern's own,
 * with tones that differ from the pattern's (物管 wùguǎn for 无关 wúguān). The segmenter does not know every such word,
 * so the run itself is the test. A recognition error keeps a character between its slips (不管 for 不关 keeps 不) or
 * the tones.
 */
function swapsInAnotherWord(segment: IndexedSegment, found: Alignment, text: string, at: number): boolean {
  // Only a one-to-one alignment maps text characters to pattern characters by position.
  if (found.length !== segment.chars.length || found.kinds.includes('edit')) return false;
  let run = 0;
  let runTonesDiffer = false;
  for (let j = 0; j <= found.kinds.length; j++) {
    const swapped = j < found.kinds.length && found.kinds[j] !== 'same';
    if (swapped) {
      run++;
      if (!sameTone(segment.chars[j] as string, text[at + j] as string)) runTonesDiffer = true;
      continue;
    }
    if (run >= 2 && runTonesDiffer) return true;
    run = 0;
    runTonesDiffer = false;
  }
  return false;
}

function sameTone(want: string, got: string): boolean {
  const usual = tonedReadingsOf(got)[0];
  const wanted = tonedReadingsOf(want);
  return usual !== undefined && (wanted.includes(usual) || tonedReadingsOf(got).includes(wanted[0] as string));
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

interface Alignment {
  readonly kinds: UnitKind[];
  /** Text characters consumed. */
  readonly length: number;
  readonly score: number;
}

const KIND_SCORE: Readonly<Record<UnitKind, number>> = { same: 3, sound: 2, near: 1, edit: 0 };

/**
 * Aligns a segment with the text at `at`: each pattern character meets a text character (same, sound-alike, near, or a
 * substitution), or is dropped, or the text has an extra character. Substitutions, drops and extras are edits: only
 * inside the phrase (its first two and last characters carry it), never onto or as a character that belongs to a
 * different real word ("我要下单了" is not "我要下班了"), and at most the segment's budget.
 */
function align(segment: IndexedSegment, text: string, at: number, spans: WordSpans, j: number, k: number, edits: number): Alignment | undefined {
  const { chars } = segment;
  if (j === chars.length) return { kinds: [], length: k - at, score: 0 };
  const inside = j >= 2 && j < chars.length - 1;
  let best: Alignment | undefined;
  const keep = (kind: UnitKind, rest: Alignment | undefined) => {
    if (!rest) return;
    const score = rest.score + KIND_SCORE[kind];
    if (!best || score > best.score) best = { kinds: [kind, ...rest.kinds], length: rest.length, score };
  };
  if (k < text.length) {
    const kind = unitKind(chars[j] as string, text[k] as string);
    if (kind !== 'edit') keep(kind, align(segment, text, at, spans, j + 1, k + 1, edits));
    else if (inside && edits < segment.maxEdits && lone(spans, k) && editable(chars[j] as string) && editable(text[k] as string)) {
      keep('edit', align(segment, text, at, spans, j + 1, k + 1, edits + 1));
    }
  }
  if (inside && edits < segment.maxEdits) {
    // The recogniser dropped this character, or put in an extra one before it.
    if (editable(chars[j] as string)) keep('edit', align(segment, text, at, spans, j + 1, k, edits + 1));
    if (k < text.length && lone(spans, k) && editable(text[k] as string)) keep('edit', align(segment, text, at, spans, j, k + 1, edits + 1));
  }
  return best;
}

/** Character by character, no edits: the common case, without the search. */
function positional(segment: IndexedSegment, text: string, at: number): Alignment | undefined {
  const { chars } = segment;
  if (at + chars.length > text.length) return undefined;
  const kinds: UnitKind[] = [];
  for (let j = 0; j < chars.length; j++) {
    const kind = unitKind(chars[j] as string, text[at + j] as string);
    if (kind === 'edit') return undefined;
    kinds.push(kind);
  }
  return { kinds, length: chars.length, score: 0 };
}

/** A negation or a person is never dropped, added or replaced: "我是跟你说…" is not "我不是跟你说…". */
function editable(ch: string): boolean {
  return !isChineseMeaningCharacter(ch);
}

function lone(spans: WordSpans, pos: number): boolean {
  return (spans.wordEnd[pos] as number) - (spans.wordStart[pos] as number) <= 1;
}

function unitKind(want: string, got: string): UnitKind {
  if (want === got) return 'same';
  const a = readingsOf(want);
  const b = readingsOf(got);
  if (a.length === 0 || b.length === 0) return 'edit';
  // Sounds meet through the usual reading of either character (谁/水: shui; 行/醒: xing), never through two rare
  // readings alone (嘿 and 么 share only "mo").
  if (b.includes(a[0] as string) || a.includes(b[0] as string)) return 'sound';
  const na = nearReadingsOf(want);
  const nb = nearReadingsOf(got);
  if (nb.includes(na[0] as string) || na.includes(nb[0] as string)) return 'near';
  return 'edit';
}
