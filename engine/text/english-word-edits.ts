import type { TextEdit } from './apply-edits.js';

/** A word of normalised English text (words are separated by single spaces). */
export interface WordSpan {
  readonly start: number;
  readonly end: number;
}

/** The words of normalised English text, in order. */
export function englishWordSpans(text: string): WordSpan[] {
  const words: WordSpan[] = [];
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf(' ', start);
    if (end < 0) end = text.length;
    words.push({ start, end });
    start = end + 1;
  }
  return words;
}

/**
 * Edits deleting the words marked `drop`, run by run, each run with its spaces so single spacing survives: up to the
 * next kept word, or back to the last kept one when the run ends the text.
 */
export function deleteWordRuns(text: string, words: readonly WordSpan[], drop: (index: number) => boolean): TextEdit[] {
  const edits: TextEdit[] = [];
  for (let i = 0; i < words.length; ) {
    if (!drop(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < words.length && drop(j)) j++;
    const first = words[i] as WordSpan;
    const next = words[j];
    if (next) edits.push({ start: first.start, end: next.start, text: '' });
    else edits.push({ start: i > 0 ? (words[i - 1] as WordSpan).end : first.start, end: text.length, text: '' });
    i = j;
  }
  return edits;
}
