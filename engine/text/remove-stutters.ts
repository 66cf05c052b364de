import { applyEdits, type TextEdit } from './apply-edits.js';
import { deleteWordRuns, englishWordSpans, type WordSpan } from './english-word-edits.js';
import type { NormalizedText } from './normalized-text.js';
import type { TextLanguage } from './text-language.js';

// Numbers repeat for real ("five five five", "1 1"): a repeated number is read out, not stuttered.
const NUMBER_WORD = /^(\d+|zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|double|triple)$/;
const CHINESE_DIGIT = /[\d零〇一二两三四五六七八九十百千万幺]/u;

/**
 * Drops the first try of a stutter, so the phrase the speaker meant matches: a word said twice in a row in English
 * ("what what do you want", "not, not my department"), and in Chinese a character or two repeated across a pause
 * ("我 我查一下", "就是，就是"). Reduplicated Chinese words (谢谢, 看看) have no pause inside and stay. Runs after the
 * colloquial forms are spelled out, so "I, I'm" is a stutter too; idempotent.
 */
export function removeStutters(normalized: NormalizedText, language: TextLanguage): NormalizedText {
  let current = normalized;
  for (;;) {
    const edits = language === 'zh' ? chineseStutters(current) : englishStutters(current);
    if (edits.length === 0) return current;
    current = applyEdits(current, edits);
  }
}

function englishStutters(normalized: NormalizedText): TextEdit[] {
  const text = normalized.text;
  const words = englishWordSpans(text);
  const wordAt = (i: number) => text.slice((words[i] as WordSpan).start, (words[i] as WordSpan).end);
  return deleteWordRuns(text, words, (i) => i + 1 < words.length && wordAt(i) !== '' && wordAt(i) === wordAt(i + 1) && !NUMBER_WORD.test(wordAt(i)));
}

function chineseStutters(normalized: NormalizedText): TextEdit[] {
  const text = normalized.text;
  const breaks = normalized.clauseBreaks;
  const opens = (at: number) => at === 0 || breaks.includes(at);
  for (let i = 0; i < text.length; i++) {
    if (!opens(i)) continue;
    for (const n of [2, 1]) {
      const first = text.slice(i, i + n);
      if (i + 2 * n > text.length || !breaks.includes(i + n) || first !== text.slice(i + n, i + 2 * n) || CHINESE_DIGIT.test(first)) continue;
      // One stutter per pass: the loop in removeStutters takes the next.
      return [{ start: i, end: i + n, text: '' }];
    }
  }
  return [];
}
