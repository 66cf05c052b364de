import type { z } from 'zod';
import type { CompiledRule, FuzzyOptions, PhraseEntry } from '../../engine/index.js';
import type { YamlPath } from '../compiler/yaml-source.js';
import type { FuzzyDocument } from './schema-parts.js';

/** Every placeholder a nudge may use (engine/nudges/render-nudge-text.ts fills them). */
export const NUDGE_PLACEHOLDERS = ['observed', 'limit', 'unit', 'phrase', 'suggest'] as const;
export type NudgePlaceholder = (typeof NUDGE_PLACEHOLDERS)[number];

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

/**
 * Everything the toolchain knows about one rule kind, in one place: the YAML it accepts, how it compiles to the
 * parameters of the engine's detector of the same name, how `rules explain` describes a compiled rule, and which
 * nudge placeholders its findings fill. rules/kinds/rule-kinds.ts lists the kinds; everything else derives from it.
 */
export interface RuleKind<Name extends string, Schema extends z.ZodObject, Params> {
  readonly name: Name;
  readonly schema: Schema;
  readonly compile: (rule: z.infer<Schema>, context: KindContext) => KindCompilation<Params>;
  /** Lines for `rules explain`: the window, thresholds and timing the detector uses, in words. */
  readonly explain: (rule: CompiledRule<Params>) => readonly string[];
  /** Placeholders a nudge of this kind can use: those its findings fill ({suggest} needs the rule's `suggest:`). */
  readonly placeholders: readonly NudgePlaceholder[];
  /** False for kinds whose agent-facing text is a card (or none), so a rule without `nudge:` is no oversight. */
  readonly showsNudge: boolean;
  /** Keys allowed inside the kind's nested objects, by the object's key, for did-you-mean hints. */
  readonly nestedKeys?: Readonly<Record<string, readonly string[]>>;
}

/** Declares a kind, checking its parts against each other. */
export function defineRuleKind<Name extends string, Schema extends z.ZodObject, Params>(kind: RuleKind<Name, Schema, Params>): RuleKind<Name, Schema, Params> {
  return kind;
}

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

/** Milliseconds in words for explain lines: 7000 → "7 s". */
export function secondsText(ms: number): string {
  return `${Number.isInteger(ms / 1000) ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
}
