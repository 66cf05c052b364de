import { applyEdits, type TextEdit } from './apply-edits.js';
import { deleteWordRuns, englishWordSpans, type WordSpan } from './english-word-edits.js';
import type { NormalizedText } from './normalized-text.js';
import type { TextLanguage } from './text-language.js';

// Hesitation sounds that carry no meaning in either language. Particles that do (吗, 呢, 吧, 呀) stay.
const ZH_FILLER_CHARS = new Set(['嗯', '呃', '唔', '啊', '哎', '诶', '欸', '噢', '哦']);
// 那个 / 这个 are fillers before a pause, or opening a clause into a pronoun; not before a noun (那个订单).
const ZH_FILLER_WORDS = ['那个', '这个'];
const ZH_AFTER_FILLER_WORD = new Set(['你', '您', '我', '他', '她', '咱', '就']);
const EN_FILLERS = new Set(['um', 'umm', 'uh', 'uhh', 'uhm', 'er', 'erm', 'hmm', 'hm', 'mm', 'mhm', 'ah']);
// Words that are fillers only when set off as a clause of their own ("we, like, can't", "that's, I mean, not", "…, you
// know"): "would you like", "I mean it" and "do you know" keep them. Chinese 就是 likewise ("这个，就是，做不到").
const EN_SET_OFF_FILLERS: readonly (readonly string[])[] = [['like'], ['you', 'know'], ['i', 'mean'], ['you', 'see']];
const ZH_SET_OFF_FILLERS = ['就是', '然后'];

/**
 * Drops fillers (嗯, 那个, um, uh) wherever they fall, and words that are fillers when set off as their own clause (", like,",
 * ", you know", "，就是，"), so "你问我，嗯，我问谁" and "I um already told you" match their
 * phrases. Applied to patterns and transcripts alike; repeated until nothing changes, so it is idempotent.
 */
export function removeFillers(normalized: NormalizedText, language: TextLanguage): NormalizedText {
  let current = normalized;
  for (;;) {
    const edits = language === 'zh' ? chineseFillers(current) : englishFillers(current);
    if (edits.length === 0) return current;
    current = applyEdits(current, edits);
  }
}

function chineseFillers(normalized: NormalizedText): TextEdit[] {
  const text = normalized.text;
  const edits: TextEdit[] = [];
  const breakAt = (at: number) => at <= 0 || at >= text.length || normalized.clauseBreaks.includes(at);
  for (let i = 0; i < text.length; ) {
    const setOff = ZH_SET_OFF_FILLERS.find((w) => text.startsWith(w, i) && breakAt(i) && breakAt(i + w.length) && text.length > w.length);
    if (setOff) {
      edits.push({ start: i, end: i + setOff.length, text: '' });
      i += setOff.length;
      continue;
    }
    const word = ZH_FILLER_WORDS.find((w) => text.startsWith(w, i));
    if (word) {
      const next = i + word.length;
      // A pause after it marks a hesitation wherever it falls ("你问我那个，我问谁"); otherwise it must open a clause and
      // lead into a pronoun.
      const pauseAfter = next >= text.length || normalized.clauseBreaks.includes(next);
      const opens = i === 0 || normalized.clauseBreaks.includes(i) || isFillerBefore(edits, i);
      if (pauseAfter || (opens && ZH_AFTER_FILLER_WORD.has(text[next] as string))) {
        edits.push({ start: i, end: next, text: '' });
        i = next;
        continue;
      }
    }
    if (ZH_FILLER_CHARS.has(text[i] as string)) edits.push({ start: i, end: i + 1, text: '' });
    i++;
  }
  return mergeAdjacent(edits);
}

function isFillerBefore(edits: readonly TextEdit[], at: number): boolean {
  return edits.length > 0 && (edits[edits.length - 1] as TextEdit).end === at;
}

function englishFillers(normalized: NormalizedText): TextEdit[] {
  const text = normalized.text;
  const words = englishWordSpans(text);
  const wordAt = (i: number) => text.slice((words[i] as WordSpan).start, (words[i] as WordSpan).end);
  // Clause breaks in English sit at the first character of the word after them.
  const opensClause = (i: number) => i === 0 || normalized.clauseBreaks.includes((words[i] as WordSpan).start);
  const closesClause = (i: number) => i === words.length - 1 || normalized.clauseBreaks.includes((words[i + 1] as WordSpan).start);
  const drop = new Set<number>();
  words.forEach((_, i) => {
    if (EN_FILLERS.has(wordAt(i))) drop.add(i);
  });
  for (let i = 0; i < words.length; i++) {
    for (const filler of EN_SET_OFF_FILLERS) {
      const last = i + filler.length - 1;
      // Set off on both sides, and never the whole utterance ("Like." is an answer).
      if (last >= words.length || words.length === filler.length || !filler.every((w, k) => wordAt(i + k) === w)) continue;
      if (opensClause(i) && closesClause(last)) for (let k = i; k <= last; k++) drop.add(k);
    }
  }
  return deleteWordRuns(text, words, (i) => drop.has(i));
}

function mergeAdjacent(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const last = out[out.length - 1];
    if (last && last.end >= e.start && last.text === '' && e.text === '') out[out.length - 1] = { start: last.start, end: Math.max(last.end, e.end), text: '' };
    else out.push(e);
  }
  return out;
}
