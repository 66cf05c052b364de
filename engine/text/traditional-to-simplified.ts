import * as OpenCC from 'opencc-js/t2cn';

// Built once: the converter holds the dictionaries (tens of ms to build).
const convertPhrase: (text: string) => string = OpenCC.Converter({ from: 'tw', to: 'cn' }) as (text: string) => string;
const charCache = new Map<string, string>();

/**
 * Traditional to simplified Chinese, one output character per input character, so index maps stay valid.
 * Phrase-level conversion is used when it keeps the length; otherwise each character is converted alone.
 */
export function traditionalToSimplified(chars: readonly string[]): string[] {
  const joined = chars.join('');
  const converted = convertPhrase(joined);
  const convertedChars = Array.from(converted);
  if (convertedChars.length === chars.length && convertedChars.every((c, i) => c.length === (chars[i] as string).length)) return convertedChars;
  return chars.map(convertChar);
}

function convertChar(ch: string): string {
  let out = charCache.get(ch);
  if (out === undefined) {
    const converted = convertPhrase(ch);
    out = converted.length === ch.length ? converted : ch;
    charCache.set(ch, out);
  }
  return out;
}
