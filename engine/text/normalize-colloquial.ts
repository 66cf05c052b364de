import { applyEdits, type TextEdit } from './apply-edits.js';
import { deleteWordRuns, englishWordSpans } from './english-word-edits.js';
import type { NormalizedText } from './normalized-text.js';
import type { TextLanguage } from './text-language.js';

// Spoken forms with one standard spelling: a pattern written in either form matches a transcript in either. Longest
// first, so 自个儿 is rewritten before anything inside it.
const ZH_COLLOQUIAL: ReadonlyArray<readonly [string, string]> = [
  ['自个儿', '自己'],
  ['自各儿', '自己'],
  ['哪儿', '哪'],
  ['神马', '什么'],
  ['木有', '没有'],
  ['啥', '什么'],
  ['咋', '怎么'],
  ['甭', '不用'],
  ['俺', '我'],
];

// Run-together speech as recognisers write it, and intensifiers that only add weight ("I've literally told you").
const EN_COLLOQUIAL: ReadonlyMap<string, string> = new Map([
  ['gonna', 'going to'],
  ['wanna', 'want to'],
  ['gotta', 'got to'],
  ['dunno', 'dont know'],
  ['kinda', 'kind of'],
  ['lemme', 'let me'],
  ['gimme', 'give me'],
  ['cuz', 'because'],
  ['literally', ''],
  ['basically', ''],
]);

/**
 * Rewrites colloquial forms to their standard spelling (啥 → 什么, 咋 → 怎么, 自个儿 → 自己, gonna → going to, dunno →
 * dont know) and drops a few empty intensifiers, keeping the map back to what was said. Applied to patterns and
 * transcripts alike; idempotent.
 */
export function normalizeColloquial(normalized: NormalizedText, language: TextLanguage): NormalizedText {
  // Repeated until nothing changes: a rewrite can leave a new colloquial form behind (哪儿儿 -> 哪儿).
  let current = normalized;
  for (;;) {
    const edits = language === 'zh' ? chineseEdits(current.text) : englishEdits(current.text);
    if (edits.length === 0) return current;
    current = applyEdits(current, edits);
  }
}

function chineseEdits(text: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (let i = 0; i < text.length; ) {
    const found = ZH_COLLOQUIAL.find(([from]) => text.startsWith(from, i));
    if (!found) {
      i++;
      continue;
    }
    edits.push({ start: i, end: i + found[0].length, text: found[1] });
    i += found[0].length;
  }
  return edits;
}

function englishEdits(text: string): TextEdit[] {
  const words = englishWordSpans(text);
  const standard = words.map((w) => EN_COLLOQUIAL.get(text.slice(w.start, w.end)));
  const rewrites: TextEdit[] = [];
  words.forEach((w, i) => {
    const to = standard[i];
    if (to !== undefined && to !== '') rewrites.push({ start: w.start, end: w.end, text: to });
  });
  const deletions = deleteWordRuns(text, words, (i) => standard[i] === '');
  return [...rewrites, ...deletions].sort((a, b) => a.start - b.start);
}
