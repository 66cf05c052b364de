import levenshtein from 'fast-levenshtein';
import { areHomophones, isEnglishWord, phoneticKeysOf } from './english-words.js';
import { englishMeaningDiffers } from './meaning-words.js';
import type { NormalizedText } from './normalized-text.js';
import { addOccurrence, tally, type FuzzySegment, type OccurrenceMap, type UnitKind } from './segment-occurrence.js';

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  /** Segments that end here. */
  readonly ends: IndexedSegment[];
  /** The most edits any segment below (or at) this node may spend: deeper search is pruned beyond it. */
  maxEdits: number;
}

interface IndexedSegment {
  readonly text: string;
  readonly words: number;
  readonly maxEdits: number;
}

interface Token {
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

interface Found {
  readonly kinds: readonly UnitKind[];
  readonly end: number;
  readonly score: number;
}

const SCORE: Readonly<Record<UnitKind, number>> = { same: 3, sound: 2, near: 1, edit: 0 };

/**
 * Finds English segments by sound: words with the same double-metaphone key (knot/not, your/you're), words run
 * together or split apart by the recogniser (all ready/already, should of/should've), garbles of a word that are no
 * word themselves (com/calm), and, for long patterns, a different real word that sounds close (speak of/speak up).
 * Segments share a word trie, so a common opening ("i ...", "what do you ...") is compared once per text position.
 */
export class EnglishSoundMatcher {
  private readonly root: TrieNode = newNode();
  private readonly byKey = new Map<string, string[]>();
  private readonly nearCache = new Map<string, readonly string[]>();
  /** Every proper prefix of a first word's key: a text word whose key is one may be the first half of a split word. */
  private readonly keyPrefixes = new Set<string>();

  constructor(segments: readonly FuzzySegment[]) {
    for (const s of segments) {
      let node = this.root;
      node.maxEdits = Math.max(node.maxEdits, s.maxEdits);
      for (const word of s.text.split(' ')) {
        let child = node.children.get(word);
        if (!child) {
          child = newNode();
          node.children.set(word, child);
        }
        node = child;
        node.maxEdits = Math.max(node.maxEdits, s.maxEdits);
      }
      if (!node.ends.some((e) => e.text === s.text)) node.ends.push({ text: s.text, words: s.text.split(' ').length, maxEdits: s.maxEdits });
    }
    for (const first of this.root.children.keys()) {
      for (const key of phoneticKeysOf(first)) {
        const list = this.byKey.get(key);
        if (list) list.push(first);
        else this.byKey.set(key, [first]);
        for (let n = 1; n < key.length; n++) this.keyPrefixes.add(key.slice(0, n));
      }
    }
  }

  /** Sound-alike occurrences, aligned to whole words (never exact ones: the exact matcher finds those). */
  find(normalized: NormalizedText): OccurrenceMap {
    const out: OccurrenceMap = new Map();
    if (this.root.children.size === 0 || normalized.text.length === 0) return out;
    const tokens = tokenize(normalized.text);
    for (let i = 0; i < tokens.length; i++) {
      const best = new Map<IndexedSegment, Found>();
      const word = (tokens[i] as Token).word;
      const next = tokens[i + 1]?.word;
      for (const first of this.openings(word, next)) {
        const child = this.root.children.get(first) as TrieNode;
        // The first word carries the phrase: it must be the same, a sound-alike or a garble, never an edit.
        const one = compareWords(first, word);
        if (one !== undefined && one !== 'edit') walk(child, tokens, i + 1, [one], SCORE[one], 0, best);
        const two = next === undefined ? undefined : joined(first, word + next);
        if (two !== undefined) walk(child, tokens, i + 2, [two], SCORE[two], 0, best);
      }
      for (const [segment, found] of best) {
        if (found.kinds.every((k) => k === 'same')) continue;
        addOccurrence(out, segment.text, tally(found.kinds, (tokens[i] as Token).start, found.end, segment.words));
      }
    }
    return out;
  }

  /** First words of segments that the text word at a position may stand for. */
  private openings(word: string, next: string | undefined): Set<string> {
    const found = new Set<string>();
    if (this.root.children.has(word)) found.add(word);
    const keys = phoneticKeysOf(word);
    for (const key of keys) for (const w of this.byKey.get(key) ?? []) found.add(w);
    // A first word the recogniser split ("already" heard as "all ready") is found by the key of the halves joined.
    if (next !== undefined && keys.some((k) => this.keyPrefixes.has(k))) {
      for (const key of phoneticKeysOf(word + next)) for (const w of this.byKey.get(key) ?? []) found.add(w);
    }
    if (!isEnglishWord(word)) for (const w of this.nearOpenings(word)) found.add(w);
    return found;
  }

  /** First words a garbled (non-dictionary) word may stand for; memoised per word. */
  private nearOpenings(word: string): readonly string[] {
    let list = this.nearCache.get(word);
    if (list === undefined) {
      list = [...this.root.children.keys()].filter((first) => compareWords(first, word) === 'near');
      if (this.nearCache.size > 50_000) this.nearCache.clear();
      this.nearCache.set(word, list);
    }
    return list;
  }
}

function newNode(): TrieNode {
  return { children: new Map(), ends: [], maxEdits: 0 };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf(' ', start);
    if (end < 0) end = text.length;
    if (end > start) tokens.push({ word: text.slice(start, end), start, end });
    start = end + 1;
  }
  return tokens;
}

/** Follows the trie from `node` along the text from token `ti`, keeping the best way to reach each segment's end. */
function walk(node: TrieNode, tokens: readonly Token[], ti: number, kinds: UnitKind[], score: number, edits: number, best: Map<IndexedSegment, Found>): void {
  for (const segment of node.ends) {
    if (edits > segment.maxEdits) continue;
    const had = best.get(segment);
    if (!had || score > had.score) best.set(segment, { kinds: [...kinds], end: (tokens[ti - 1] as Token).end, score });
  }
  if (ti >= tokens.length || node.children.size === 0) return;
  const got = (tokens[ti] as Token).word;
  const nextGot = tokens[ti + 1]?.word;
  for (const move of movesFrom(node, got, nextGot)) {
    const cost = move.kind === 'edit' ? 1 : 0;
    if (edits + cost > move.into.maxEdits) continue;
    for (let n = 0; n < move.wantWords; n++) kinds.push(move.kind);
    walk(move.into, tokens, ti + move.textWords, kinds, score + SCORE[move.kind] * move.wantWords, edits + cost, best);
    kinds.length -= move.wantWords;
  }
}

/** One way to go down the trie from a node on the text's next word(s). */
interface Move {
  readonly into: TrieNode;
  readonly kind: UnitKind;
  readonly wantWords: number;
  readonly textWords: number;
}

const MOVE_CACHE_LIMIT = 100_000;
let movesCached = 0;
const moveCache = new WeakMap<TrieNode, Map<string, readonly Move[]>>();

/**
 * Where the text word (and the one after it) can take the walk from a node: the same or a sound-alike word, two
 * words the recogniser split or joined. A node's moves depend only on those two words, and both the trie and the
 * vocabulary of calls are small, so they are worked out once per node and word pair instead of comparing every child
 * at every position (the walk's hot loop).
 */
function movesFrom(node: TrieNode, got: string, nextGot: string | undefined): readonly Move[] {
  let byWords = moveCache.get(node);
  if (!byWords) {
    byWords = new Map();
    moveCache.set(node, byWords);
  }
  const key = nextGot === undefined ? got : `${got} ${nextGot}`;
  let moves = byWords.get(key);
  if (moves === undefined) {
    moves = computeMoves(node, got, nextGot);
    if (++movesCached > MOVE_CACHE_LIMIT) {
      byWords.clear();
      movesCached = 0;
    }
    byWords.set(key, moves);
  }
  return moves;
}

function computeMoves(node: TrieNode, got: string, nextGot: string | undefined): Move[] {
  const moves: Move[] = [];
  const add = (kind: UnitKind | undefined, into: TrieNode, wantWords: number, textWords: number) => {
    if (kind !== undefined) moves.push({ into, kind, wantWords, textWords });
  };
  for (const [want, child] of node.children) {
    add(compareWords(want, got), child, 1, 1);
    if (want === got) continue;
    if (nextGot !== undefined) add(joined(want, got + nextGot), child, 1, 2);
    for (const [wantNext, grandchild] of child.children) add(joined(want + wantNext, got), grandchild, 2, 1);
    // No dropped or extra words: an English edit must still sound like the pattern's word ("i dont know try the"
    // without "try" is the innocent "i dont know the").
  }
  return moves;
}

const PAIR_CACHE_LIMIT = 200_000;
type PairCache = Map<string, Map<string, UnitKind | null>> & { pairs?: number };
const compareCache: PairCache = new Map();
const joinedCache: PairCache = new Map();

// Word comparisons repeat endlessly across calls (the vocabulary is small): each pair is judged once.
function cached(cache: PairCache, want: string, got: string, compute: (want: string, got: string) => UnitKind | undefined): UnitKind | undefined {
  let row = cache.get(want);
  if (row === undefined) {
    row = new Map();
    cache.set(want, row);
  }
  let kind = row.get(got);
  if (kind === undefined) {
    kind = compute(want, got) ?? null;
    cache.pairs = (cache.pairs ?? 0) + 1;
    if (cache.pairs > PAIR_CACHE_LIMIT) {
      cache.clear();
      cache.pairs = 0;
    }
    row.set(got, kind);
  }
  return kind ?? undefined;
}

/** Words run together or split apart: the same sound, spelled nearly alike. */
function joined(want: string, got: string): UnitKind | undefined {
  return cached(joinedCache, want, got, compareJoined);
}

function compareJoined(want: string, got: string): UnitKind | undefined {
  // Spelled alike once the space is gone ("some one" / "someone"): a split the exact matcher cannot see, so a sound.
  if (want === got) return 'sound';
  return sameKey(want, got) && levenshtein.get(want, got) <= Math.max(1, Math.floor(want.length / 4)) ? 'sound' : undefined;
}

function sameKey(a: string, b: string): boolean {
  const kb = phoneticKeysOf(b);
  return phoneticKeysOf(a).some((k) => kb.includes(k));
}

function keyDistance(a: string, b: string): number {
  let best = Infinity;
  for (const x of phoneticKeysOf(a)) for (const y of phoneticKeysOf(b)) if (x.length >= 2 && y.length >= 2) best = Math.min(best, levenshtein.get(x, y));
  return best;
}

/**
 * How a text word meets a pattern word. A real word is taken for another only when it sounds the same and is spelled
 * nearly alike (knot/not, not quite/quiet); a non-word may be a garble of any word close in spelling or key (com/calm);
 * a different real word that is close is an edit, which only long patterns can afford (of/up, never come/calm alone).
 */
export function compareWords(want: string, got: string): UnitKind | undefined {
  return want === got ? 'same' : cached(compareCache, want, got, compareMeaningful);
}

function compareMeaningful(want: string, got: string): UnitKind | undefined {
  const kind = compareDistinct(want, got);
  if (kind === undefined || kind === 'same') return kind;
  return englishMeaningDiffers(want, got, kind) ? undefined : kind;
}

function compareDistinct(want: string, got: string): UnitKind | undefined {
  if (areHomophones(want, got)) return 'sound';
  const word = isEnglishWord(got);
  const distance = levenshtein.get(want, got);
  const longest = Math.max(want.length, got.length);
  if (sameKey(want, got)) {
    const shortKey = Math.min(...phoneticKeysOf(want).map((k) => k.length)) < 2;
    if (!word && !shortKey) return 'sound';
    // A real word that is the pattern's word with a vowel and an l or r swapped, sounding the same ("clam" for
    // "calm", "form" for "from"): the slip recognisers make on liquids, so even a short phrase takes it. Other swaps
    // are other words ("quite" is not "quiet").
    if (!shortKey && swapsVowelAndLiquid(want, got)) return 'sound';
    if (distance <= (shortKey ? 1 : Math.max(1, Math.floor(longest / 4)))) return 'sound';
  }
  if (!/[a-z]/.test(got) || !/[a-z]/.test(want)) return undefined;
  const closeSpelling = distance <= Math.max(1, Math.floor(want.length / 3));
  if (!word && (closeSpelling || keyDistance(want, got) <= 1) && want.length >= 3) return 'near';
  if (word && (distance <= 1 || (distance <= 2 && keyDistance(want, got) <= 1)) && want.length >= 2) return 'edit';
  return undefined;
}

/** True when `b` is `a` with one neighbouring vowel and l/r swapped (calm/clam, from/form). */
function swapsVowelAndLiquid(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 3) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (i + 1 >= a.length || a[i] !== b[i + 1] || a[i + 1] !== b[i] || a.slice(i + 2) !== b.slice(i + 2)) return false;
  const pair = `${a[i]}${a[i + 1]}`;
  return /^[aeiou][lr]$|^[lr][aeiou]$/.test(pair);
}
