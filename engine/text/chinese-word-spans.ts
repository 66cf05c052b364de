import { createRequire } from 'node:module';
import type * as NodeJieba from 'nodejieba';
import type { NormalizedText } from './normalized-text.js';

type Jieba = typeof NodeJieba;
// nodejieba is CommonJS with exports added at run time, which ES named imports cannot see.
const jieba = createRequire(import.meta.url)('nodejieba') as Jieba;
let loaded = false;

// Compounds the default dictionary lacks, whose halves are forbidden-phrase endings: "你着急什么" must not match
// inside "您着急什么时候要结果".
const COMPOUNDS = new Map<string, readonly string[]>([
  ['什么', ['时候', '地方']],
  ['啥', ['时候']],
]);

/**
 * Loads the segmenter's dictionary (about a second). Call at start-up, where packs are compiled, so no live call
 * pays for it; segmenting loads it too if nobody did.
 */
export function loadChineseSegmenter(): void {
  if (loaded) return;
  jieba.load();
  loaded = true;
}

/** Where each character's word starts and ends, in normalised offsets. */
export interface WordSpans {
  readonly wordStart: Int32Array;
  readonly wordEnd: Int32Array;
}

/**
 * Word boundaries of normalised Chinese text, clause by clause (a word never spans a clause break), with digit runs
 * kept whole (the segmenter splits 1024 into four words).
 */
export function chineseWordSpans(normalized: NormalizedText): WordSpans {
  loadChineseSegmenter();
  const text = normalized.text;
  const wordStart = new Int32Array(text.length);
  const wordEnd = new Int32Array(text.length);
  let clauseStart = 0;
  for (const end of [...normalized.clauseBreaks, text.length]) {
    if (end > clauseStart) segmentClause(text, clauseStart, end, wordStart, wordEnd);
    clauseStart = end;
  }
  return { wordStart, wordEnd };
}

function segmentClause(text: string, from: number, to: number, wordStart: Int32Array, wordEnd: Int32Array): void {
  const clause = text.slice(from, to);
  const words = mergeWords(jieba.cut(clause));
  if (words.join('') !== clause) {
    // Never expected; one character per word keeps matching correct, only less strict.
    for (let i = from; i < to; i++) {
      wordStart[i] = i;
      wordEnd[i] = i + 1;
    }
    return;
  }
  let at = from;
  for (const word of words) {
    for (let i = at; i < at + word.length; i++) {
      wordStart[i] = at;
      wordEnd[i] = at + word.length;
    }
    at += word.length;
  }
}

// Complements and objects the dictionary glues to a verb (稍等一下, 稍等片刻, 感谢您): the verb is still a word of its
// own, so "请您稍等" matches inside "请您稍等一下" and "感谢…来电" inside "感谢您这次来电". Unlike 什么时候, the tail adds
// no new meaning to the word before it. A pronoun splits off only a verb of two characters or more (not 迷你).
const SEPARABLE_TAILS: ReadonlyArray<{ readonly tail: string; readonly minStem: number }> = [
  ...['一下儿', '一下', '片刻', '一会儿', '一会', '一点儿', '一点'].map((tail) => ({ tail, minStem: 1 })),
  ...['您', '你'].map((tail) => ({ tail, minStem: 2 })),
];

function splitTail(word: string): readonly string[] {
  for (const { tail, minStem } of SEPARABLE_TAILS) if (word.length >= tail.length + minStem && word.endsWith(tail)) return [word.slice(0, -tail.length), tail];
  return [word];
}

function mergeWords(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words.flatMap(splitTail)) {
    const last = out[out.length - 1];
    if (last !== undefined && ((isDigits(last) && isDigits(word)) || COMPOUNDS.get(last)?.includes(word))) out[out.length - 1] = last + word;
    else out.push(word);
  }
  return out;
}

function isDigits(word: string): boolean {
  return /^[0-9]+$/.test(word);
}

/**
 * True when a match [start, end) cuts no word of the text by more than one character: "你着急什么" inside
 * "着急/什么时候" is rejected, while "不关我的事" inside "事情" (the last character glued to the next word) is kept.
 * A fuzzy match must also start where a word starts: "么说话" inside "这么/说话" is no "喂说话".
 */
export function respectsWords(spans: WordSpans, start: number, end: number, fuzzy = false): boolean {
  if (end <= start) return true;
  const startWord = spans.wordStart[start] as number;
  if (startWord < start && (fuzzy || (spans.wordEnd[start] as number) - start >= 2)) return false;
  const last = end - 1;
  if ((spans.wordEnd[last] as number) > end && end - (spans.wordStart[last] as number) >= 2) return false;
  return true;
}
