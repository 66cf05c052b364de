/** A number as said or written: its digits, where it is in the text, and how it was grouped. */
export interface DigitRun {
  /** The digits read left to right; an ID's check character X stays an X. */
  readonly digits: string;
  /** [start, end) in the original text. */
  readonly start: number;
  readonly end: number;
  /** Digits per group, where the speaker or writer grouped them (138 1234 5678 -> [3, 4, 4]). */
  readonly groups: readonly number[];
  /** Where each digit is in the original text: [start, end) of the character or word that said it. */
  readonly at: ReadonlyArray<readonly [number, number]>;
  /** Said digit by digit in words (one three eight, 幺三八): nobody reads an amount or a date that way. */
  readonly spoken: boolean;
}

const ZH_DIGITS: Readonly<Record<string, string>> = {
  零: '0', 〇: '0', 洞: '0', 一: '1', 幺: '1', 壹: '1', 二: '2', 两: '2', 贰: '2', 三: '3', 叁: '3', 四: '4', 肆: '4',
  五: '5', 伍: '5', 六: '6', 陆: '6', 七: '7', 柒: '7', 八: '8', 捌: '8', 九: '9', 玖: '9', 拐: '7', 勾: '9',
};
const EN_DIGITS: Readonly<Record<string, string>> = {
  zero: '0', oh: '0', o: '0', nought: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
};
const REPEATS: Readonly<Record<string, number>> = { double: 2, triple: 3 };
// Between two digits of one number: spaces, dashes, dots, commas, ellipses (recognisers put them between spoken groups).
const SEPARATOR = /[\s\-‐‑–—.·・/,，、_()（）…]|杠|横杠/y;
const SEPARATOR_WORD = /(?:dash|hyphen)(?![a-z])/iy;
// A pause written " ... " or "…… " is five or six characters.
const MAX_SEPARATOR_CHARS = 6;
const EN_WORD = /[a-z]+/iy;

interface Token {
  readonly digits: string;
  readonly start: number;
  readonly end: number;
  readonly spokenLetter: boolean;
  /** An English number word (not a digit or a Chinese numeral). */
  readonly word: boolean;
  /** A Chinese numeral or an English word, not a written digit. */
  readonly said: boolean;
}

// Words are separated by spaces anyway: between two of them only punctuation or a dash marks a new group.
const PAUSE = /[^\s]/;

/**
 * Every number in a text, however it was said: digits (full-width too), Chinese numerals read digit by digit (幺三八,
 * 两, 零/〇/洞), English number words (one three eight, oh, double five), grouped by spaces, dashes, commas or 杠.
 * Chinese place-value numbers (三十五, 一百) are quantities, not digit strings, so 十/百/千/万 end a run.
 */
export function readDigitRuns(text: string): DigitRun[] {
  const runs: DigitRun[] = [];
  let tokens: Token[] = [];
  let groups: number[] = [];
  let groupSize = 0;
  let lastEnd = -1;
  // Digits so far in the run ("double five" is one token, two digits): an ID's X comes after the 17th.
  const digitCount = () => tokens.reduce((sum, t) => sum + t.digits.length, 0);

  const flush = () => {
    // 'oh' or 'o' is a word as often as a zero: a run made only of them is no number, and one at an end set off by
    // punctuation ("oh, one two three") is an interjection. One said in the flow of the digits is a zero.
    if (tokens.every((t) => t.spokenLetter)) tokens = [];
    while (tokens.length > 1 && (tokens[0] as Token).spokenLetter && PAUSE.test(text.slice((tokens[0] as Token).end, (tokens[1] as Token).start))) {
      tokens.shift();
      groups.shift();
    }
    while (tokens.length > 1 && (tokens[tokens.length - 1] as Token).spokenLetter && PAUSE.test(text.slice((tokens[tokens.length - 2] as Token).end, (tokens[tokens.length - 1] as Token).start))) {
      tokens.pop();
      groupSize = 0;
    }
    if (tokens.length > 0) {
      if (groupSize > 0) groups.push(groupSize);
      const digits = tokens.map((t) => t.digits).join('');
      const at: Array<readonly [number, number]> = [];
      for (const t of tokens) for (let k = 0; k < t.digits.length; k++) at.push([t.start, t.end]);
      const total = groups.reduce((a, b) => a + b, 0);
      const spoken = tokens.every((t) => t.said);
      runs.push({ digits, start: (tokens[0] as Token).start, end: (tokens[tokens.length - 1] as Token).end, groups: total === digits.length ? groups : [digits.length], at, spoken });
    }
    tokens = [];
    groups = [];
    groupSize = 0;
    lastEnd = -1;
  };

  let i = 0;
  while (i < text.length) {
    const token = readToken(text, i, digitCount());
    if (token) {
      const previous = tokens[tokens.length - 1];
      if (previous && token.start > lastEnd && !(previous.word && token.word && !PAUSE.test(text.slice(lastEnd, token.start)))) {
        // Something separated this digit from the previous one: a new group.
        groups.push(groupSize);
        groupSize = 0;
      }
      tokens.push(token);
      groupSize += token.digits.length;
      lastEnd = token.end;
      i = token.end;
      continue;
    }
    if (tokens.length > 0) {
      const after = skipSeparators(text, i);
      if (after > i && after - lastEnd <= MAX_SEPARATOR_CHARS + 6 && readToken(text, after, digitCount())) {
        i = after;
        continue;
      }
      flush();
    }
    i = nextStart(text, i);
  }
  flush();
  return runs;
}

function readToken(text: string, at: number, digitsSoFar: number): Token | undefined {
  // Separators may run to the end of the text ("…5678."): nothing to read there.
  if (at >= text.length) return undefined;
  const ch = text[at] as string;
  const code = ch.charCodeAt(0);
  if (code >= 48 && code <= 57) return { digits: ch, start: at, end: at + 1, spokenLetter: false, word: false, said: false };
  if (code >= 0xff10 && code <= 0xff19) return { digits: String(code - 0xff10), start: at, end: at + 1, spokenLetter: false, word: false, said: false };
  const zh = ZH_DIGITS[ch];
  if (zh !== undefined) return { digits: zh, start: at, end: at + 1, spokenLetter: false, word: false, said: true };
  // The check character of an 18-character resident ID, written or said (叉); it belongs to the run however said.
  if (digitsSoFar === 17 && (ch === 'X' || ch === 'x' || ch === '叉' || ch === 'Ｘ')) return { digits: 'X', start: at, end: at + 1, spokenLetter: false, word: false, said: true };
  if (!/[a-z]/i.test(ch) || (at > 0 && /[a-z]/i.test(text[at - 1] as string))) return undefined;
  EN_WORD.lastIndex = at;
  const word = EN_WORD.exec(text)?.[0];
  if (!word) return undefined;
  const lower = word.toLowerCase();
  const digit = EN_DIGITS[lower];
  if (digit !== undefined) return { digits: digit, start: at, end: at + word.length, spokenLetter: lower === 'oh' || lower === 'o', word: true, said: true };
  const times = REPEATS[lower];
  if (times !== undefined) {
    const next = skipSeparators(text, at + word.length);
    EN_WORD.lastIndex = next;
    const nextWord = next > at + word.length ? EN_WORD.exec(text)?.[0] : undefined;
    const repeated = nextWord ? EN_DIGITS[nextWord.toLowerCase()] : /\d/.test(text[next] ?? '') ? (text[next] as string) : undefined;
    if (repeated !== undefined) return { digits: repeated.repeat(times), start: at, end: next + (nextWord?.length ?? 1), spokenLetter: false, word: nextWord !== undefined, said: nextWord !== undefined };
  }
  return undefined;
}

function skipSeparators(text: string, from: number): number {
  let i = from;
  for (let guard = 0; guard < MAX_SEPARATOR_CHARS; guard++) {
    SEPARATOR.lastIndex = i;
    const sep = SEPARATOR.exec(text);
    if (sep) {
      i += sep[0].length;
      continue;
    }
    SEPARATOR_WORD.lastIndex = i;
    const word = SEPARATOR_WORD.exec(text);
    if (word && (i === 0 || !/[a-z]/i.test(text[i - 1] as string))) {
      i += word[0].length;
      continue;
    }
    break;
  }
  return i;
}

function nextStart(text: string, i: number): number {
  // Skip a whole English word, so "someone" never yields the "one" inside it.
  if (/[a-z]/i.test(text[i] as string)) {
    EN_WORD.lastIndex = i;
    return i + (EN_WORD.exec(text)?.[0].length ?? 1);
  }
  return i + 1;
}
