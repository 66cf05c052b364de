import type { TextLanguage } from '../text/text-language.js';

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const APOSTROPHES = /['\u2018\u2019`\u00b4\u02bc]/gu;

/**
 * Spoken units in a transcript, for speaking rates: characters (Chinese: Han characters, letters and digits;
 * punctuation and spaces do not count) or words (English, split on spaces; "fifty-eight" is one). Fillers do not
 * count: in Chinese where they open a clause (嗯，那个，…; 那个 inside a clause is a real word), in English wherever
 * they stand as a word (um, uh). Counted on the text as recognised, not on the matcher's normal form (which rewrites
 * numerals and drops fillers for its own ends); `fillers` must be folded by `foldForCounting`.
 */
export function countSpeechUnits(text: string, language: TextLanguage, fillers: readonly string[]): number {
  const folded = foldForCounting(text);
  if (language === 'en') {
    let words = 0;
    for (const token of folded.split(/\s+/u)) {
      const word = trimToWord(token);
      if (word !== '' && !fillers.includes(word)) words++;
    }
    return words;
  }
  const chars = [...folded];
  let units = 0;
  let clauseStart = true;
  for (let i = 0; i < chars.length; ) {
    const ch = chars[i] as string;
    if (!WORD_CHAR.test(ch)) {
      clauseStart = true;
      i++;
      continue;
    }
    if (clauseStart) {
      const filler = fillers.find((f) => startsWithAt(chars, i, f));
      if (filler !== undefined) {
        i += [...filler].length;
        continue;
      }
    }
    clauseStart = false;
    units++;
    i++;
  }
  return units;
}

/** The folding applied to transcripts and fillers before counting: compatibility forms, lower case, no apostrophes. */
export function foldForCounting(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(APOSTROPHES, '');
}

function startsWithAt(chars: readonly string[], at: number, filler: string): boolean {
  let i = at;
  for (const ch of filler) {
    if (chars[i] !== ch) return false;
    i++;
  }
  return true;
}

function trimToWord(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && !WORD_CHAR.test(token[start] as string)) start++;
  while (end > start && !WORD_CHAR.test(token[end - 1] as string)) end--;
  return token.slice(start, end);
}
