import type { NormalizedText } from './normalized-text.js';

/** One rewrite of normalised text: [start, end) becomes `text` (empty to delete). */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Applies sorted, non-overlapping edits and keeps the map back to the original: a replacement's characters all point at
 * the original span of what they replace, and clause breaks move with the text (a break inside a deleted range lands
 * where the range was).
 */
export function applyEdits(normalized: NormalizedText, edits: readonly TextEdit[]): NormalizedText {
  if (edits.length === 0) return normalized;
  const { text, originStart, originEnd } = normalized;
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  // newIndex[i] is where old index i lands (for i in 0..text.length), used to move clause breaks.
  const newIndex = new Array<number>(text.length + 1);
  let at = 0;
  const copyUpTo = (limit: number) => {
    for (; at < limit; at++) {
      newIndex[at] = out.length;
      out.push(text[at] as string);
      starts.push(originStart[at] as number);
      ends.push(originEnd[at] as number);
    }
  };
  for (const edit of edits) {
    if (edit.start < at || edit.end < edit.start || edit.end > text.length) throw new RangeError('edits must be sorted, non-overlapping and inside the text');
    copyUpTo(edit.start);
    const from = out.length;
    for (let i = edit.start; i < edit.end; i++) newIndex[i] = from;
    if (edit.text.length > 0 && edit.end > edit.start) {
      const spanStart = originStart[edit.start] as number;
      const spanEnd = originEnd[edit.end - 1] as number;
      for (let u = 0; u < edit.text.length; u++) {
        out.push(edit.text[u] as string);
        starts.push(spanStart);
        ends.push(spanEnd);
      }
    }
    at = edit.end;
  }
  copyUpTo(text.length);
  newIndex[text.length] = out.length;
  const length = out.length;
  const breaks: number[] = [];
  for (const b of normalized.clauseBreaks) {
    const moved = newIndex[b] as number;
    if (moved > 0 && moved < length && breaks[breaks.length - 1] !== moved) breaks.push(moved);
  }
  return { text: out.join(''), originStart: starts, originEnd: ends, clauseBreaks: breaks, originalLength: normalized.originalLength };
}
