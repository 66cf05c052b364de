import { ChineseSoundMatcher } from './chinese-sound-matcher.js';
import { chineseWordSpans, loadChineseSegmenter } from './chinese-word-spans.js';
import { EnglishSoundMatcher } from './english-sound-matcher.js';
import { loadEnglishDictionary } from './english-words.js';
import { ExactMatcher, type CompiledVariant } from './exact-matcher.js';
import { normalizeText } from './normalize-text.js';
import { originalSpan, type NormalizedText } from './normalized-text.js';
import { expandPattern, PatternSyntaxError } from './pattern-syntax.js';
import type { PhraseEntry, PhraseHit } from './phrase-hit.js';
import { RegexCompileError, RegexMatcher } from './regex-matcher.js';
import type { FuzzySegment, OccurrenceMap } from './segment-occurrence.js';
import type { TextLanguage } from './text-language.js';
import { chainVariants, editAllowance, fuzzyAllowed } from './variant-chainer.js';

/** Role of entries that suppress a rule's other hits when they overlap them ("我不清楚这个情况" is fine). */
export const EXCEPT_ROLE = 'except';
/** Role of pack-wide allow-list terms: any forbidden-phrase match ('match' role) they overlap is suppressed. */
export const ALLOW_ROLE = 'allow';
/** Rule id carried by pack-wide entries. */
export const ANY_RULE = '*';

const DEFAULT_GAP = { zh: 4, en: 3 } as const;

/** What one text yields against an index: its normalised form and the hits that survive except/allow. */
export interface TextAnalysis {
  readonly normalized: NormalizedText;
  readonly hits: readonly PhraseHit[];
}

/** A pattern that could not be compiled, pointing into the entry that holds it. */
export class PhraseCompileError extends Error {
  constructor(
    readonly entry: PhraseEntry,
    readonly column: number,
    message: string,
  ) {
    super(message);
    this.name = 'PhraseCompileError';
  }
}

/** All patterns of a pack compiled for one language; matching cost does not grow with their number. */
export interface PhraseIndex {
  readonly language: TextLanguage;
  readonly entries: readonly PhraseEntry[];
  /** Literal variants per entry key, after expansion and normalisation, e.g. "^我不清楚 …{4} 找别人$" (for `rules explain`). */
  variantsOf(key: string): readonly string[];
  analyze(text: string): TextAnalysis;
}

/**
 * Compiles entries; throws PhraseCompileError on the first bad pattern. Loads the language's dictionaries (the Chinese
 * segmenter, the English word list) here, at start-up, so the first call does not pay for them.
 */
export function compilePhraseIndex(
  entries: readonly PhraseEntry[],
  language: TextLanguage,
  lexicons: ReadonlyMap<string, readonly string[]> = new Map(),
): PhraseIndex {
  if (language === 'zh') loadChineseSegmenter();
  else loadEnglishDictionary();
  const variants: CompiledVariant[] = [];
  const shown = new Map<string, string[]>();
  const regexes = compileRegexes(entries);
  for (const entry of entries) if (entry.syntax === 'regex') shown.set(entry.key, [`/${entry.pattern}/`]);
  entries.forEach((entry, entryIndex) => {
    if (entry.syntax === 'regex') return;
    let expanded;
    try {
      expanded = expandPattern(entry.pattern, lexicons);
    } catch (err) {
      if (err instanceof PatternSyntaxError) throw new PhraseCompileError(entry, err.column, err.message);
      throw err;
    }
    const texts: string[] = [];
    for (const v of expanded) {
      const segments: string[] = [];
      const gapsMax: number[] = [];
      for (const part of v.parts) {
        if (part.kind === 'gap') gapsMax.push(part.max ?? DEFAULT_GAP[language]);
        else {
          const normalized = normalizeText(part.text, language).text;
          if (normalized) segments.push(normalized);
          else if (gapsMax.length === segments.length && segments.length > 0) gapsMax.pop();
        }
      }
      if (segments.length === 0) {
        throw new PhraseCompileError(entry, 0, 'pattern is empty after normalisation (only punctuation or spaces): it can never match');
      }
      while (gapsMax.length >= segments.length) gapsMax.pop();
      const units = segments.reduce((sum, seg) => sum + (language === 'zh' ? seg.length : seg.split(' ').length), 0);
      variants.push({ entryIndex, segments, gapsMax, anchoredStart: v.anchoredStart, anchoredEnd: v.anchoredEnd, units });
      // Shown as matched: anchors and gap limits included, so `rules explain` and backtests see what really changed.
      texts.push(`${v.anchoredStart ? '^' : ''}${segments.map((s, i) => (i === 0 ? s : ` …{${gapsMax[i - 1]}} ${s}`)).join('')}${v.anchoredEnd ? '$' : ''}`);
    }
    shown.set(entry.key, texts);
  });
  const exact = new ExactMatcher(
    variants.flatMap((v) => v.segments),
    language,
  );
  // Except contexts and allow terms match by sound but never spend edits: a guess must not hide a violation.
  const fuzziness = entries.map((e) => (e.fuzzy && (e.role === EXCEPT_ROLE || e.role === ALLOW_ROLE) ? { ...e.fuzzy, edits: 0 } : e.fuzzy));
  const fuzzyOf = (v: CompiledVariant) => fuzziness[v.entryIndex];
  const byFirst = new Map<string, CompiledVariant[]>();
  const fuzzySegments = new Map<string, number>();
  for (const v of variants) {
    const first = v.segments[0] as string;
    const list = byFirst.get(first);
    if (list) list.push(v);
    else byFirst.set(first, [v]);
    if (!fuzzyAllowed(v, fuzzyOf(v))) continue;
    const edits = editAllowance(v, fuzzyOf(v), language);
    for (const seg of v.segments) fuzzySegments.set(seg, Math.max(edits, fuzzySegments.get(seg) ?? 0));
  }
  const segmentList: FuzzySegment[] = [...fuzzySegments].map(([text, maxEdits]) => ({ text, maxEdits }));
  const sounds = language === 'zh' ? new ChineseSoundMatcher(segmentList) : new EnglishSoundMatcher(segmentList);
  const noOccurrences: OccurrenceMap = new Map();

  return {
    language,
    entries,
    variantsOf: (key) => shown.get(key) ?? [],
    analyze(text: string): TextAnalysis {
      const normalized = normalizeText(text, language);
      const spans = language === 'zh' && normalized.text.length > 0 ? chineseWordSpans(normalized) : undefined;
      const exactHits = exact.find(normalized);
      const fuzzyHits = segmentList.length === 0 ? noOccurrences : sounds instanceof ChineseSoundMatcher ? (spans ? sounds.find(normalized, spans) : noOccurrences) : sounds.find(normalized);
      const found = [
        ...chainVariants(byFirst, fuzzyOf, exactHits, fuzzyHits, normalized, language, spans).map((m) => ({ entryIndex: m.variant.entryIndex, start: m.start, end: m.end, method: m.method, confidence: m.confidence })),
        // Opt-in regexes: exact by definition.
        ...regexes.find(normalized).map((o) => ({ ...o, method: 'exact' as const, confidence: 1 })),
      ];
      const raw: PhraseHit[] = found.map((m) => {
        const entry = entries[m.entryIndex] as PhraseEntry;
        const span = originalSpan(normalized, m.start, m.end);
        return { key: entry.key, ruleId: entry.ruleId, role: entry.role, pattern: entry.pattern, start: span.start, end: span.end, method: m.method, confidence: m.confidence };
      });
      return { normalized, hits: resolveHits(raw) };
    },
  };
}

/**
 * Applies except contexts (per rule) and allow-list terms (pack-wide, to 'match' hits) and keeps one hit per entry and span.
 * Except and allow hits themselves are not returned.
 */
export function resolveHits(hits: readonly PhraseHit[]): PhraseHit[] {
  const suppressors = hits.filter((h) => h.role === EXCEPT_ROLE || h.role === ALLOW_ROLE);
  const seen = new Set<string>();
  const out: PhraseHit[] = [];
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.confidence - a.confidence || b.end - a.end);
  for (const hit of sorted) {
    if (hit.role === EXCEPT_ROLE || hit.role === ALLOW_ROLE) continue;
    // The pack-wide allow-list guards against false alarms, so it only clears forbidden-phrase matches: a polite
    // "请您稍等" on the list must not hide the very wait request a hold rule is looking for.
    const suppressed = suppressors.some(
      (s) => (s.ruleId === hit.ruleId || (s.ruleId === ANY_RULE && hit.role === 'match')) && s.start < hit.end && hit.start < s.end,
    );
    if (suppressed) continue;
    const id = `${hit.key}@${hit.start}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(hit);
  }
  return out;
}

function compileRegexes(entries: readonly PhraseEntry[]): RegexMatcher {
  try {
    return new RegexMatcher(entries);
  } catch (err) {
    if (err instanceof RegexCompileError) throw new PhraseCompileError(err.entry, 0, `invalid regular expression: ${err.message}`);
    throw err;
  }
}
