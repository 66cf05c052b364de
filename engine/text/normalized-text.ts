/**
 * Text after normalisation, with a map back to the original characters so evidence can be highlighted
 * exactly where it was said.
 */
export interface NormalizedText {
  /** The normalised characters. */
  readonly text: string;
  /** For each normalised index i, the original [originStart[i], originEnd[i]) it came from. */
  readonly originStart: readonly number[];
  readonly originEnd: readonly number[];
  /** Normalised indexes at which a clause ended in the original (punctuation, or a space in Chinese). Sorted, no duplicates. */
  readonly clauseBreaks: readonly number[];
  /** Length of the original text. */
  readonly originalLength: number;
}

/** The original [start, end) range covered by normalised [start, end). */
export function originalSpan(normalized: NormalizedText, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const at = normalized.originStart[start] ?? normalized.originalLength;
    return { start: at, end: at };
  }
  return {
    start: normalized.originStart[start] ?? normalized.originalLength,
    end: normalized.originEnd[end - 1] ?? normalized.originalLength,
  };
}

/** True when a clause boundary (or either end of the text) lies at normalised index `at`. */
export function isClauseBoundary(normalized: NormalizedText, at: number): boolean {
  if (at <= 0 || at >= normalized.text.length) return true;
  return binaryIncludes(normalized.clauseBreaks, at);
}

function binaryIncludes(sorted: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
