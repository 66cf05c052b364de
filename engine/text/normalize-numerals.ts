import { applyEdits, type TextEdit } from './apply-edits.js';
import type { NormalizedText } from './normalized-text.js';
import type { TextLanguage } from './text-language.js';

const ZH_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 幺: 1, 壹: 1, 二: 2, 两: 2, 贰: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const ZH_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000, 万: 10_000, 亿: 100_000_000 };
// Runs of numeral characters that are words, not numbers (万一 "in case", 千万 "by all means", 一一 "one by one").
const ZH_NOT_NUMBERS = new Set(['万一', '千万', '一一', '十分']);
// A lone numeral is a number only before a measure word: 三遍, 一个, 两次 (not 一下, 一样, 统一).
const ZH_MEASURES = new Set([...'个遍次位号天年月日元块毛角周岁台张条件本份种项笔趟回家人秒']);

const EN_UNITS: Record<string, number> = {
  zero: 0, oh: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
};
const EN_TEENS: Record<string, number> = {
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const EN_TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const EN_SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };

/**
 * Writes numbers one way: Chinese numerals (三十五, 幺零零八六, 三遍) and spelled English numbers (twenty five, three
 * times) become digits, so a pattern written either way matches a transcript written either way.
 */
export function normalizeNumerals(normalized: NormalizedText, language: TextLanguage): NormalizedText {
  const breaks = new Set(normalized.clauseBreaks);
  return applyEdits(normalized, language === 'zh' ? chineseNumerals(normalized.text, breaks) : englishNumerals(normalized.text, breaks));
}

function isZhNumeral(ch: string): boolean {
  return ch in ZH_DIGITS || ch in ZH_UNITS;
}

function chineseNumerals(text: string, breaks: ReadonlySet<number>): TextEdit[] {
  const edits: TextEdit[] = [];
  for (let i = 0; i < text.length; ) {
    if (!isZhNumeral(text[i] as string)) {
      i++;
      continue;
    }
    let j = i;
    // A number never runs across a clause break: "一百，二" is two numbers.
    while (j < text.length && isZhNumeral(text[j] as string) && (j === i || !breaks.has(j))) j++;
    const run = text.slice(i, j);
    const next = text[j] ?? '';
    const numeric = run.length > 1 ? !ZH_NOT_NUMBERS.has(run) : ZH_MEASURES.has(next) || text[i - 1] === '第';
    const value = numeric ? chineseValue(run) : undefined;
    if (value !== undefined) edits.push({ start: i, end: j, text: value });
    i = j;
  }
  return edits;
}

/** 三十五 -> "35", 一百零八 -> "108", 幺零零八六 -> "10086" (read digit by digit); undefined when malformed. */
function chineseValue(run: string): string | undefined {
  const chars = [...run];
  if (chars.every((c) => c in ZH_DIGITS)) return chars.map((c) => String(ZH_DIGITS[c])).join('');
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  let lastUnit = Infinity;
  for (const c of chars) {
    if (c in ZH_DIGITS) {
      if (digit !== undefined && digit !== 0) return undefined;
      digit = ZH_DIGITS[c] as number;
      continue;
    }
    const unit = ZH_UNITS[c] as number;
    if (unit >= 10_000) {
      section += digit ?? 0;
      if (section === 0 && total === 0) return undefined;
      total = (total + section) * unit;
      section = 0;
      lastUnit = Infinity;
    } else {
      if (unit >= lastUnit) return undefined;
      section += (digit ?? 1) * unit;
      lastUnit = unit;
    }
    digit = undefined;
  }
  return String(total + section + (digit ?? 0));
}

function englishNumerals(text: string, breaks: ReadonlySet<number>): TextEdit[] {
  const words: Array<{ start: number; end: number; word: string }> = [];
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf(' ', start);
    if (end < 0) end = text.length;
    words.push({ start, end, word: text.slice(start, end) });
    start = end + 1;
  }
  const edits: TextEdit[] = [];
  for (let i = 0; i < words.length; ) {
    let j = i;
    while (j < words.length && isNumberWord(words, j, i) && (j === i || !breaks.has((words[j] as { start: number }).start))) j++;
    // "a hundred" is a number; "a" alone is not.
    if (j > i && words[i]?.word === 'a' && j - i === 1) j = i;
    if (j === i) {
      i++;
      continue;
    }
    const run = words.slice(i, j).map((w) => w.word);
    while (run[run.length - 1] === 'and' || run[run.length - 1] === 'oh') {
      run.pop();
      j--;
    }
    // A lone "one" is usually a pronoun ("no one", "that one"), a lone "oh" an exclamation.
    const value = run.length === 1 && run[0] === 'one' ? undefined : englishValue(run);
    if (value !== undefined) edits.push({ start: (words[i] as { start: number }).start, end: (words[j - 1] as { end: number }).end, text: value });
    i = Math.max(j, i + 1);
  }
  return edits;
}

function isNumberWord(words: ReadonlyArray<{ word: string }>, j: number, runStart: number): boolean {
  const w = (words[j] as { word: string }).word;
  if (w in EN_TEENS || w in EN_TENS || w in EN_SCALES) return true;
  if (w in EN_UNITS) return w !== 'oh' || j > runStart;
  // "a hundred", "one hundred and five"
  if (w === 'a') return j === runStart && (words[j + 1]?.word ?? '') in EN_SCALES;
  if (w === 'and') return j > runStart && (words[j - 1]?.word ?? '') in EN_SCALES && isValueWord(words[j + 1]?.word);
  return false;
}

function isValueWord(w: string | undefined): boolean {
  return w !== undefined && (w in EN_UNITS || w in EN_TEENS || w in EN_TENS);
}

/** "twenty five" -> "25", "a hundred" -> "100", "five five five one" -> "5551" (digit by digit). */
function englishValue(run: readonly string[]): string | undefined {
  if (run.length > 1 && run.every((w) => w in EN_UNITS)) return run.map((w) => String(EN_UNITS[w])).join('');
  let total = 0;
  let current = 0;
  let previous: 'unit' | 'teen' | 'tens' | 'scale' | undefined;
  for (const w of run) {
    if (w === 'and') continue;
    if (w === 'a') {
      current = 1;
      previous = 'unit';
    } else if (w in EN_UNITS || w in EN_TEENS) {
      // Two values in a row ("five twenty", "twelve ten") are not one number.
      if (previous === 'unit' || previous === 'teen' || (previous === 'tens' && w in EN_TEENS)) return undefined;
      current += (EN_UNITS[w] ?? EN_TEENS[w]) as number;
      previous = w in EN_UNITS ? 'unit' : 'teen';
    } else if (w in EN_TENS) {
      if (previous === 'unit' || previous === 'teen' || previous === 'tens') return undefined;
      current += EN_TENS[w] as number;
      previous = 'tens';
    } else {
      const scale = EN_SCALES[w] as number;
      if (scale === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
      previous = 'scale';
    }
  }
  return String(total + current);
}
