import type { FuzzyOptions, PhraseEntry } from '../../../engine/index.js';
import type { FuzzyDocument, RuleDocument } from '../../schema/pack-schema.js';
import type { YamlPath } from '../yaml-source.js';

/** A pattern entry plus where its text sits in the rule, for pointing at pattern errors. */
export interface LocatedEntry {
  readonly entry: PhraseEntry;
  /** Path from the rule object to the pattern string. */
  readonly pathInRule: YamlPath;
}

/** What compiling one rule of a kind yields: the detector's parameters and the patterns to index. */
export interface KindCompilation<Params> {
  readonly params: Params;
  readonly entries: readonly LocatedEntry[];
}

/** Settings a kind compiler may consult. */
export interface KindContext {
  readonly defaultFuzzy: FuzzyOptions | undefined;
}

/** Compiles one rule of a kind. */
export type KindCompiler<Rule extends RuleDocument, Params> = (rule: Rule, context: KindContext) => KindCompilation<Params>;

/** The rule's fuzziness, else the pack default; `false` turns it off. */
export function fuzzyFor(own: FuzzyDocument | undefined, context: KindContext): FuzzyOptions | undefined {
  if (own === false) return undefined;
  return own ?? context.defaultFuzzy;
}

/** Entries for a list of patterns under one role. */
export function patternEntries(ruleId: string, role: string, patterns: readonly string[], path: YamlPath, fuzzy: FuzzyOptions | undefined): LocatedEntry[] {
  return patterns.map((pattern, i) => ({
    entry: { key: `${ruleId}#${role}#${i}`, ruleId, role, pattern, ...(fuzzy ? { fuzzy } : {}) },
    pathInRule: [...path, i],
  }));
}
