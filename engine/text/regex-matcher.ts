import type { NormalizedText } from './normalized-text.js';
import type { PhraseEntry } from './phrase-hit.js';

/** Where one regex entry matched, in normalised offsets [start, end). */
export interface RegexOccurrence {
  readonly entryIndex: number;
  readonly start: number;
  readonly end: number;
}

/** A regex entry that JavaScript rejects; the message is the engine's, the column unknown (0). */
export class RegexCompileError extends Error {
  constructor(
    readonly entry: PhraseEntry,
    message: string,
  ) {
    super(message);
    this.name = 'RegexCompileError';
  }
}

/**
 * Runs a pack's opt-in regular expressions (entries with syntax 'regex') over normalised text, the text the pattern
 * language sees. Packs check every regex for catastrophic backtracking when they are compiled (rules/), so the engine
 * only runs them; a pack rarely has more than a handful, so one pass each is cheap.
 */
export class RegexMatcher {
  private readonly compiled: ReadonlyArray<{ readonly entryIndex: number; readonly regex: RegExp }>;

  constructor(entries: readonly PhraseEntry[]) {
    const compiled: Array<{ entryIndex: number; regex: RegExp }> = [];
    entries.forEach((entry, entryIndex) => {
      if (entry.syntax !== 'regex') return;
      try {
        compiled.push({ entryIndex, regex: new RegExp(entry.pattern, 'gu') });
      } catch (err) {
        throw new RegexCompileError(entry, (err as Error).message.replace(/^Invalid regular expression: /, ''));
      }
    });
    this.compiled = compiled;
  }

  /** Every non-empty match of every regex. */
  find(normalized: NormalizedText): RegexOccurrence[] {
    const out: RegexOccurrence[] = [];
    for (const { entryIndex, regex } of this.compiled) {
      for (const m of normalized.text.matchAll(regex)) {
        if (m[0].length > 0) out.push({ entryIndex, start: m.index, end: m.index + m[0].length });
      }
    }
    return out;
  }
}
