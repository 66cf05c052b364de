import type { NormalizedText } from './normalized-text.js';
import type { TextLanguage } from './text-language.js';
import { normalizeColloquial } from './normalize-colloquial.js';
import { normalizeNumerals } from './normalize-numerals.js';
import { removeFillers } from './remove-fillers.js';
import { removeStutters } from './remove-stutters.js';
import { traditionalToSimplified } from './traditional-to-simplified.js';

const HAN = /\p{Script=Han}/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const SPACE = /\s/u;
const APOSTROPHES = new Set(["'", '\u2019', '\u2018', '`', '\u00b4', '\u02bc']);
const JOINERS = new Set(['-', '\u2010', '\u2011', '\u2012', '\u2013', '_', '/']);

/** One step of normalisation after the character fold; each keeps the map back to the original. */
export type Normalizer = (normalized: NormalizedText, language: TextLanguage) => NormalizedText;

/**
 * The steps after the character fold, in order: fillers go first so "三嗯十" reads 30, colloquial forms (啥 → 什么,
 * gonna → going to) before stutters ("I, I'm") and numerals.
 */
export const NORMALIZERS: readonly Normalizer[] = [removeFillers, normalizeColloquial, removeStutters, normalizeNumerals];

/**
 * Normalises a transcript or a pattern: NFKC (full/half width), lower case, traditional to simplified,
 * punctuation and spaces removed (recorded as clause breaks), apostrophes dropped ("don't" -> "dont"), then fillers
 * dropped, colloquial forms spelled the standard way and numbers written as digits. English keeps single spaces between words. Patterns and transcripts go
 * through the same function.
 */
export function normalizeText(original: string, language: TextLanguage): NormalizedText {
  let normalized = foldCharacters(original, language);
  for (const step of NORMALIZERS) normalized = step(normalized, language);
  return normalized;
}

function foldCharacters(original: string, language: TextLanguage): NormalizedText {
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const breaks: number[] = [];
  let pendingSeparator = false;
  let pendingBreak = false;
  const spacedByCharacter = language === 'zh' && isSpacedByCharacter(original);

  const flushSeparator = () => {
    if (chars.length === 0) {
      pendingSeparator = false;
      pendingBreak = false;
      return;
    }
    if (pendingBreak) pushBreak(breaks, language === 'en' && pendingSeparator ? starts.length + 1 : starts.length);
    if (language === 'en' && pendingSeparator) {
      const at = starts[starts.length - 1] as number;
      chars.push(' ');
      starts.push(at);
      ends.push(at);
    }
    pendingSeparator = false;
    pendingBreak = false;
  };

  let index = 0;
  for (const cp of original) {
    const start = index;
    index += cp.length;
    const folded = cp.normalize('NFKC').toLowerCase();
    for (const ch of folded) {
      if (WORD_CHAR.test(ch)) {
        if (pendingSeparator || pendingBreak) flushSeparator();
        chars.push(ch);
        // Offsets are per UTF-16 unit, as string indexes are: an astral character takes two.
        for (let unit = 0; unit < ch.length; unit++) {
          starts.push(start);
          ends.push(index);
        }
      } else if (APOSTROPHES.has(ch)) {
        // dropped: "don't" and "dont" must match alike
      } else if (SPACE.test(ch)) {
        pendingSeparator = true;
        if (language === 'zh' && !spacedByCharacter) pendingBreak = true;
      } else if (JOINERS.has(ch)) {
        pendingSeparator = true;
      } else {
        pendingSeparator = true;
        pendingBreak = true;
      }
    }
  }

  const text = (language === 'zh' ? simplify(chars) : chars).join('');
  return { text, originStart: starts, originEnd: ends, clauseBreaks: breaks, originalLength: original.length };
}

/**
 * True when Chinese text has a space between (nearly) every character or two ("这 事 不 归 我 管"): a recogniser's or
 * tokeniser's spacing, not pauses, so those spaces are no clause breaks. Spaces between longer runs ("喂 说话呀") still are.
 */
function isSpacedByCharacter(original: string): boolean {
  const runs = original.split(/\s+/u).filter((run) => HAN.test(run));
  if (runs.length < 4) return false;
  const short = runs.filter((run) => [...run].length <= 2).length;
  return short / runs.length >= 0.75;
}

function simplify(chars: string[]): string[] {
  return chars.some((ch) => HAN.test(ch)) ? traditionalToSimplified(chars) : chars;
}

function pushBreak(breaks: number[], at: number): void {
  if (breaks[breaks.length - 1] !== at) breaks.push(at);
}
