import type { NormalizedText } from '../text/normalized-text.js';
import type { TextLanguage } from '../text/text-language.js';

/**
 * Spoken units in a normalised transcript, for speaking rates: characters (Chinese: Han characters, letters and
 * digits; punctuation and spaces are already gone) or words (English). Fillers do not count: in Chinese where they
 * open a clause (嗯，那个，…; 那个 inside a clause is a real word), in English wherever they stand as a word (um, uh).
 * `fillers` must be normalised the same way as the text.
 */
export function countSpeechUnits(normalized: NormalizedText, language: TextLanguage, fillers: readonly string[]): number {
  const text = normalized.text;
  if (language === 'en') {
    let words = 0;
    for (const word of text.split(' ')) if (word !== '' && !fillers.includes(word)) words++;
    return words;
  }
  let units = 0;
  let clauseStart = 0;
  const breaks = normalized.clauseBreaks;
  for (let b = 0; b <= breaks.length; b++) {
    const clauseEnd = b < breaks.length ? (breaks[b] as number) : text.length;
    if (clauseEnd <= clauseStart) continue;
    let at = clauseStart;
    for (let stripped = true; stripped && at < clauseEnd; ) {
      stripped = false;
      for (const filler of fillers) {
        if (filler !== '' && at + filler.length <= clauseEnd && text.startsWith(filler, at)) {
          at += filler.length;
          stripped = true;
          break;
        }
      }
    }
    units += codePoints(text, at, clauseEnd);
    clauseStart = clauseEnd;
  }
  return units;
}

function codePoints(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    // The second half of a surrogate pair is not a character of its own.
    if (code < 0xdc00 || code > 0xdfff) n++;
  }
  return n;
}
