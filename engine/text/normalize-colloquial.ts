import { applyEdits, type TextEdit } from './apply-edits.js';
import { deleteWordRuns, englishWordSpans } from './english-word-edits.js';
import type { NormalizedText } from './normalized-text.js';
import type { TextLanguage } from './text-language.js';

// Spoken forms with one standard spelling: a pattern written in either form matches a transcript in either. Longest
// first, so 自个儿 is rewritten before anything inside it.
const ZH_COLLOQUIAL: ReadonlyArray<readonly [string, string]> = [
  // Dialect words with a Mandarin equivalent (西南官话, 北方话, 粤语), longest first: 我咋个晓得 is 我怎么知道.
  ['晓不得', '不知道'],
  ['不晓得', '不知道'],
  ['晓得', '知道'],
  ['啥子', '什么'],
  ['么子', '什么'],
  ['咋个', '怎么'],
  ['咋子', '怎么'],
  ['莫得', '没有'],
  ['冇', '没有'],
  ['唔该', '谢谢'],
  // 儿化 that adds nothing to the word: 这事儿 is 这事, 大点儿声 is 大点声.
  ['事儿', '事'],
  ['这儿', '这'],
  ['那儿', '那'],
  ['点儿', '点'],
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

// A person or pointer and its verb contracted, so "that is not", "that's not" and "that isn't" (spelled out above) are
// one form. The contracted form is kept because recognisers confuse it with its homophones (you're/your, it's/its);
// "we are" and "i will" stay apart ("were", "ill" are other words).
const EN_CONTRACTIONS: ReadonlyMap<string, string> = new Map([
  ['i am', 'im'],
  ['you are', 'youre'],
  ['that is', 'thats'],
  ['what is', 'whats'],
  ['it is', 'its'],
  ['there is', 'theres'],
  ['i have', 'ive'],
  ['you have', 'youve'],
]);

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
  // Negations spelled out, so "did not" and "didn't" (normalised "didnt") are one form. Not "wont": recognisers also
  // write it for "want".
  ['dont', 'do not'],
  ['doesnt', 'does not'],
  ['didnt', 'did not'],
  ['cant', 'can not'],
  ['cannot', 'can not'],
  ['wouldnt', 'would not'],
  ['couldnt', 'could not'],
  ['shouldnt', 'should not'],
  ['isnt', 'is not'],
  ['arent', 'are not'],
  ['wasnt', 'was not'],
  ['werent', 'were not'],
  ['havent', 'have not'],
  ['hasnt', 'has not'],
  ['hadnt', 'had not'],
  ['literally', ''],
  ['basically', ''],
]);

/**
 * Rewrites colloquial and dialect forms to their standard spelling (啥 → 什么, 咋个 → 怎么, 晓得 → 知道, 自个儿 → 自己,
 * gonna → going to, dunno → do not know, didn't → did not, that is → thats) and drops a few empty intensifiers, keeping the map back to what was said. Applied to patterns and
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
  const wordAt = (i: number) => text.slice((words[i] as { start: number }).start, (words[i] as { end: number }).end);
  const standard = words.map((_, i) => EN_COLLOQUIAL.get(wordAt(i)));
  const rewrites: TextEdit[] = [];
  const paired = new Set<number>();
  for (let i = 0; i + 1 < words.length; i++) {
    const to = EN_CONTRACTIONS.get(`${wordAt(i)} ${wordAt(i + 1)}`);
    if (to === undefined || standard[i] !== undefined || standard[i + 1] !== undefined) continue;
    rewrites.push({ start: (words[i] as { start: number }).start, end: (words[i + 1] as { end: number }).end, text: to });
    paired.add(i).add(i + 1);
    i++;
  }
  words.forEach((w, i) => {
    const to = standard[i];
    if (to !== undefined && to !== '' && !paired.has(i)) rewrites.push({ start: w.start, end: w.end, text: to });
  });
  const deletions = deleteWordRuns(text, words, (i) => standard[i] === '');
  return [...rewrites, ...deletions].sort((a, b) => a.start - b.start);
}
