import { ANY_RULE, expandPattern, normalizeText, PatternSyntaxError, type TextLanguage } from '../../engine/index.js';
import { PACK_PROBLEM_CODES, type PackProblem } from '../compiler/pack-problem.js';
import { positionInScalar } from '../compiler/yaml-source.js';
import type { LintEntry } from './pack-entries.js';

/**
 * Compiles each pattern on its own, so every broken pattern is reported (the compiler stops at the first), and flags
 * regexes that can never match the normalised text (upper-case letters, punctuation) or that match empty text, and
 * English patterns that glue a word to a group of several-word options.
 */
export function checkPatterns(entries: readonly LintEntry[], language: TextLanguage, lexicons: ReadonlyMap<string, readonly string[]>): PackProblem[] {
  const problems: PackProblem[] = [];
  for (const e of entries) {
    const at = (column: number) => ({ file: e.source.file, ...positionInScalar(e.source, e.path, column), ...(e.entry.ruleId !== ANY_RULE ? { ruleId: e.entry.ruleId } : {}) });
    const broken = brokenPattern(e.entry.pattern, e.entry.syntax === 'regex', language, lexicons);
    if (broken) {
      problems.push({ ...at(broken.column), code: broken.code, severity: 'error', message: `pattern ${JSON.stringify(e.entry.pattern)}: ${broken.message}` });
      continue;
    }
    if (language === 'en' && e.entry.syntax !== 'regex') {
      for (const glued of gluedWords(e.entry.pattern)) {
        problems.push({ ...at(glued.column), code: PACK_PROBLEM_CODES.NEVER_MATCHES, severity: 'warning', message: `pattern ${JSON.stringify(e.entry.pattern)}: ${glued.message}` });
      }
    }
    if (e.entry.syntax === 'regex') problems.push(...regexProblems(e.entry.pattern).map((p) => ({ ...at(p.column), code: PACK_PROBLEM_CODES.NEVER_MATCHES, severity: 'error' as const, message: p.message })));
  }
  return problems;
}

// What compilePhraseIndex would refuse, found without building a whole index per pattern (sound matchers are costly).
function brokenPattern(
  pattern: string,
  isRegex: boolean,
  language: TextLanguage,
  lexicons: ReadonlyMap<string, readonly string[]>,
): { column: number; code: PackProblem['code']; message: string } | undefined {
  if (isRegex) {
    try {
      new RegExp(pattern, 'u');
      return undefined;
    } catch (err) {
      return { column: 0, code: PACK_PROBLEM_CODES.PATTERN, message: `invalid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}` };
    }
  }
  let variants;
  try {
    variants = expandPattern(pattern, lexicons);
  } catch (err) {
    if (err instanceof PatternSyntaxError) return { column: err.column, code: PACK_PROBLEM_CODES.PATTERN, message: err.message };
    throw err;
  }
  const empty = variants.some((v) => v.parts.every((p) => p.kind === 'gap' || normalizeText(p.text, language).text === ''));
  return empty ? { column: 0, code: PACK_PROBLEM_CODES.NEVER_MATCHES, message: 'pattern is empty after normalisation (only punctuation, spaces or fillers): it can never match' } : undefined;
}

// Strips escapes (\d, \p{Lu}, \u0041, \x41, \cA, \k<name>) and group names, which may hold letters of any case.
const ESCAPES = /\\(?:[pPk][{<][^}>]*[}>]|u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|c[A-Za-z]|.)|\(\?<[^>]*>/gu;

function regexProblems(source: string): Array<{ column: number; message: string }> {
  const out: Array<{ column: number; message: string }> = [];
  const bare = source.replace(ESCAPES, (m) => ' '.repeat(m.length));
  const upper = /[A-Z]/.exec(bare);
  if (upper) out.push({ column: upper.index, message: `regex /${source}/ has an upper-case letter, but it runs on normalised text, which is lower case: it can never match there; write it in lower case` });
  const punctuation = /\\[.,!?;:'"()，。！？；：]|[，。！？；：、“”‘’]/u.exec(source);
  if (punctuation) out.push({ column: punctuation.index, message: `regex /${source}/ looks for punctuation, but normalised text has none (punctuation and apostrophes are removed): it can never match there; drop it` });
  if (new RegExp(source, 'u').test('')) out.push({ column: 0, message: `regex /${source}/ matches empty text, so it would match everywhere; make it require at least one character` });
  return out;
}

/**
 * English patterns match whole words, so text glued to a group of several-word options makes words no one says:
 * 'busy(you know|here)' expands to "busyyou know". Suffix groups such as 'call(s|ed)' are fine and not reported.
 */
function gluedWords(pattern: string): Array<{ column: number; message: string }> {
  const out: Array<{ column: number; message: string }> = [];
  for (const m of pattern.matchAll(/[([]([^()[\]]*)[)\]]\??/g)) {
    const options = (m[1] ?? '').split('|');
    const before = pattern[m.index - 1] ?? '';
    const after = pattern[m.index + m[0].length] ?? '';
    const multiWord = (o: string) => o.trim().includes(' ');
    if (/\p{L}/u.test(before) && options.some((o) => multiWord(o) && /^\p{L}/u.test(o))) {
      out.push({ column: m.index, message: `the group is glued to the word before it, so it expands to words such as "${lastWord(pattern.slice(0, m.index))}${firstWord(options.find((o) => multiWord(o) && /^\p{L}/u.test(o)) ?? '')}"; put a space before "${m[0][0]}"` });
    }
    if (/\p{L}/u.test(after) && options.some((o) => multiWord(o) && /\p{L}$/u.test(o))) {
      out.push({ column: m.index + m[0].length, message: `the group is glued to the word after it, so it expands to words such as "${lastWord(options.find((o) => multiWord(o) && /\p{L}$/u.test(o)) ?? '')}${firstWord(pattern.slice(m.index + m[0].length))}"; put a space after the group` });
    }
  }
  return out;
}

function lastWord(text: string): string {
  return /\p{L}+$/u.exec(text)?.[0] ?? '';
}

function firstWord(text: string): string {
  return /^\p{L}+/u.exec(text)?.[0] ?? '';
}
