import { ExactMatcher, type CompiledVariant } from './exact-matcher.js';
import { normalizeText } from './normalize-text.js';
import { originalSpan, type NormalizedText } from './normalized-text.js';
import { expandPattern, PatternSyntaxError } from './pattern-syntax.js';
import type { PhraseEntry, PhraseHit } from './phrase-hit.js';
import type { TextLanguage } from './text-language.js';

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
  /** Literal variants per entry key, after expansion and normalisation (for `rules explain`). */
  variantsOf(key: string): readonly string[];
  analyze(text: string): TextAnalysis;
}

/** Compiles entries; throws PhraseCompileError on the first bad pattern. */
export function compilePhraseIndex(
  entries: readonly PhraseEntry[],
  language: TextLanguage,
  lexicons: ReadonlyMap<string, readonly string[]> = new Map(),
): PhraseIndex {
  const variants: CompiledVariant[] = [];
  const shown = new Map<string, string[]>();
  entries.forEach((entry, entryIndex) => {
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
      variants.push({ entryIndex, segments, gapsMax, anchoredStart: v.anchoredStart, anchoredEnd: v.anchoredEnd });
      texts.push(segments.join(' … '));
    }
    shown.set(entry.key, texts);
  });
  const exact = new ExactMatcher(variants, language);

  return {
    language,
    entries,
    variantsOf: (key) => shown.get(key) ?? [],
    analyze(text: string): TextAnalysis {
      const normalized = normalizeText(text, language);
      const raw: PhraseHit[] = exact.find(normalized).map((o) => {
        const entry = entries[o.variant.entryIndex] as PhraseEntry;
        const span = originalSpan(normalized, o.start, o.end);
        return { key: entry.key, ruleId: entry.ruleId, role: entry.role, pattern: entry.pattern, start: span.start, end: span.end, method: 'exact', confidence: 1 };
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
