import { normalizeText } from './normalize-text.js';
import { originalSpan, type NormalizedText } from './normalized-text.js';
import type { TextLanguage } from './text-language.js';

/** A sentence the semantic stage compares against: a rule's own example or pattern (positive), or a polite one (negative). */
export interface SemanticExemplar {
  readonly text: string;
  /** The rule it stands for; undefined for a negative (an utterance that must not be flagged). */
  readonly ruleId?: string;
}

/** When a paraphrase counts as close enough. */
export interface SemanticOptions {
  /** Least cosine similarity to a rule's exemplar. */
  readonly threshold: number;
  /** The nearest positive must beat the nearest negative by this much: closer to a polite sentence is innocent. */
  readonly margin: number;
  /** Shortest stretch judged: characters (Chinese) or words (English). Shorter clauses say too little. */
  readonly minUnits: number;
}

/** The nearest exemplar of a rule to a stretch of text: [start, end) in the original text. */
export interface SemanticMatch {
  readonly ruleId: string;
  readonly exemplar: string;
  readonly similarity: number;
  readonly start: number;
  readonly end: number;
}

/** Nearest-neighbour lookup of paraphrases over a pack's exemplars. */
export interface SemanticIndex {
  /** The best match above the threshold and margin in the text (the whole, or without its first or last clause), or undefined. */
  nearest(text: string): SemanticMatch | undefined;
}

type Vector = ReadonlyMap<string, number>;

interface Indexed {
  readonly exemplar: SemanticExemplar;
  readonly vector: Vector;
  readonly meaning: Meaning;
}

/** What n-grams cannot see: whether a sentence is negated, and who it is about. */
interface Meaning {
  readonly negated: boolean;
  readonly persons: ReadonlySet<string>;
}

const ZH_NEGATIONS = /[不没别未无非莫勿甭]/u;
const ZH_PERSONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[你您]/u, 'second'],
  [/[我咱]/u, 'first'],
  [/[他她]/u, 'third'],
];
const EN_NEGATIONS = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'none', 'nor', 'neither', 'wont', 'aint']);
const EN_PERSONS: ReadonlyMap<string, string> = new Map([
  ...['i', 'me', 'my', 'mine', 'myself', 'im', 'ive', 'id', 'ill'].map((w) => [w, 'first'] as const),
  ...['we', 'us', 'our', 'ours', 'were', 'weve'].map((w) => [w, 'first'] as const),
  ...['you', 'your', 'yours', 'yourself', 'youre', 'youve', 'youd', 'youll', 'ya', 'u'].map((w) => [w, 'second'] as const),
  ...['he', 'him', 'his', 'she', 'her', 'they', 'them', 'their', 'theyre'].map((w) => [w, 'third'] as const),
]);

// Words that carry no meaning of their own in the short sentences compared here (English only: every Chinese
// character n-gram is kept, and the IDF weights quiet the common ones).
const EN_STOP = new Set(['the', 'a', 'an', 'to', 'of', 'and', 'or', 'on', 'in', 'at', 'for', 'with', 'so', 'just', 'well', 'okay', 'ok', 'oh', 'sir', 'maam', 'please', 'really', 'very', 'then']);

/**
 * Builds a nearest-neighbour index over exemplars with TF-IDF vectors of character n-grams (Chinese: 1–3 characters)
 * or words and word pairs (English), normalised exactly like transcripts. Pure and deterministic: the same exemplars
 * always give the same answers, and every answer names the exemplar it is close to and how close.
 */
export function compileSemanticIndex(exemplars: readonly SemanticExemplar[], language: TextLanguage, options: SemanticOptions): SemanticIndex {
  const counted = exemplars.map((e) => ({ exemplar: e, counts: featureCounts(normalizeText(e.text, language).text, language) })).filter((e) => e.counts.size > 0);
  const documentFrequency = new Map<string, number>();
  for (const { counts } of counted) for (const f of counts.keys()) documentFrequency.set(f, (documentFrequency.get(f) ?? 0) + 1);
  const total = counted.length;
  const idf = (f: string) => Math.log((1 + total) / (1 + (documentFrequency.get(f) ?? 0))) + 1;
  const indexed: Indexed[] = counted.map(({ exemplar, counts }) => ({ exemplar, vector: weigh(counts, idf), meaning: meaningOf(normalizeText(exemplar.text, language).text, language) }));
  // Inverted lists: a query only meets exemplars that share a feature with it.
  const postings = new Map<string, Array<{ readonly at: number; readonly weight: number }>>();
  indexed.forEach(({ vector }, at) => {
    for (const [f, weight] of vector) {
      const list = postings.get(f);
      if (list) list.push({ at, weight });
      else postings.set(f, [{ at, weight }]);
    }
  });

  const judge = (normalized: NormalizedText, from: number, to: number, politeness: number): SemanticMatch | undefined => {
    const piece = normalized.text.slice(from, to).trim();
    if (unitsOf(piece, language) < options.minUnits) return undefined;
    const query = weigh(featureCounts(piece, language), idf);
    const meaning = meaningOf(piece, language);
    const scores = new Map<number, number>();
    for (const [f, weight] of query) for (const p of postings.get(f) ?? []) scores.set(p.at, (scores.get(p.at) ?? 0) + weight * p.weight);
    let positive: { at: number; score: number } | undefined;
    let negative = politeness;
    for (const [at, score] of scores) {
      const { exemplar: e, meaning: m } = indexed[at] as Indexed;
      if (e.ruleId === undefined) negative = Math.max(negative, score);
      // "这是我们的问题" shares most n-grams with "这不是我们的问题": a paraphrase keeps the negation and the persons.
      else if (agrees(m, meaning) && (!positive || score > positive.score)) positive = { at, score };
    }
    if (!positive || positive.score < options.threshold || positive.score - negative < options.margin) return undefined;
    const e = (indexed[positive.at] as Indexed).exemplar;
    const span = originalSpan(normalized, from, to);
    return { ruleId: e.ruleId as string, exemplar: e.text, similarity: Math.round(positive.score * 100) / 100, start: span.start, end: span.end };
  };

  const nearestPolite = (query: Vector): number => {
    const scores = new Map<number, number>();
    for (const [f, weight] of query) for (const p of postings.get(f) ?? []) if ((indexed[p.at] as Indexed).exemplar.ruleId === undefined) scores.set(p.at, (scores.get(p.at) ?? 0) + weight * p.weight);
    return Math.max(0, ...scores.values());
  };

  return {
    nearest(text: string): SemanticMatch | undefined {
      const normalized = normalizeText(text, language);
      if (normalized.text.length === 0) return undefined;
      // The utterance as said, and without an opening or closing clause ("好的，嗯，这事跟我没关系"); single clauses alone
      // are not judged: "are you still on the line" is the polite half of "why are you still on the line".
      const cuts = normalized.clauseBreaks;
      const stretches: Array<[number, number]> = [[0, normalized.text.length]];
      // Only when two clauses or more remain.
      if (cuts.length > 1) stretches.push([cuts[0] as number, normalized.text.length], [0, cuts[cuts.length - 1] as number]);
      // A part never outweighs the whole: an utterance close to a polite exemplar is polite in every part.
      const politeness = nearestPolite(weigh(featureCounts(normalized.text, language), idf));
      let best: SemanticMatch | undefined;
      for (const [from, to] of stretches) {
        const found = judge(normalized, from, to, politeness);
        if (found && (!best || found.similarity > best.similarity)) best = found;
      }
      return best;
    },
  };
}

/** Units that say something: characters, or English words other than the stop words. */
function unitsOf(text: string, language: TextLanguage): number {
  return language === 'zh' ? text.replace(/\s/g, '').length : text.split(' ').filter((w) => w !== '' && !EN_STOP.has(w)).length;
}

function meaningOf(text: string, language: TextLanguage): Meaning {
  if (language === 'zh') return { negated: ZH_NEGATIONS.test(text), persons: new Set(ZH_PERSONS.filter(([re]) => re.test(text)).map(([, p]) => p)) };
  const words = text.split(' ');
  return { negated: words.some((w) => EN_NEGATIONS.has(w)), persons: new Set(words.flatMap((w) => EN_PERSONS.get(w) ?? [])) };
}

/** The exemplar's negation matches the text's, and everyone it is about is in the text too. */
function agrees(exemplar: Meaning, text: Meaning): boolean {
  return exemplar.negated === text.negated && [...exemplar.persons].every((p) => text.persons.has(p));
}

function featureCounts(text: string, language: TextLanguage): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (f: string, by = 1) => counts.set(f, (counts.get(f) ?? 0) + by);
  if (language === 'zh') {
    const chars = [...text.replace(/\s/g, '')];
    for (let i = 0; i < chars.length; i++) {
      // Single characters say little on their own; pairs and triples carry the phrase.
      add(chars[i] as string, 0.3);
      if (i + 1 < chars.length) add(chars.slice(i, i + 2).join(''));
      if (i + 2 < chars.length) add(chars.slice(i, i + 3).join(''));
    }
    return counts;
  }
  const words = text.split(' ').filter((w) => w !== '');
  const content = words.filter((w) => !EN_STOP.has(w));
  for (const w of content) add(w);
  for (let i = 0; i + 1 < content.length; i++) add(`${content[i]} ${content[i + 1]}`, 1.5);
  return counts;
}

function weigh(counts: ReadonlyMap<string, number>, idf: (feature: string) => number): Vector {
  const vector = new Map<string, number>();
  let norm = 0;
  for (const [f, count] of counts) {
    const w = count * idf(f);
    vector.set(f, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [f, w] of vector) vector.set(f, w / norm);
  return vector;
}
