import { z } from 'zod';
import { hangupKind } from './hangup.js';
import { holdKind } from './hold.js';
import { interruptionKind } from './interruption.js';
import { paceKind } from './pace.js';
import { phraseKind } from './phrase.js';
import { requireKind } from './require.js';
import type { KindCompilation, KindContext, RuleKind } from './rule-kind.js';
import { sequenceKind } from './sequence.js';
import { silenceKind } from './silence.js';
import { suggestKind } from './suggest.js';
import { surnameKind } from './surname.js';

/**
 * The one table of rule kinds. A new kind is a detector in engine/detectors (registered in BUILTIN_DETECTORS), a file
 * here beside the others, and its line below; the schema union, the compiler, explain, the placeholder check and the
 * did-you-mean catalogue all derive from this list (test/rules/rule-kinds.test.ts checks each kind has every part).
 */
export const RULE_KINDS = [phraseKind, requireKind, hangupKind, paceKind, holdKind, silenceKind, interruptionKind, sequenceKind, surnameKind, suggestKind] as const;

type Kinds = typeof RULE_KINDS;
type SchemaOf<K> = K extends { readonly schema: infer S } ? S : never;
type Schemas = [SchemaOf<Kinds[0]>, ...SchemaOf<Kinds[number]>[]];

/** The name packs write in `kind:`. */
export type RuleKindName = Kinds[number]['name'];

/** Every rule kind a pack may use. */
export const ruleSchema = z.discriminatedUnion('kind', RULE_KINDS.map((k) => k.schema) as unknown as Schemas);

/** A rule as written in YAML, of any kind. */
export type RuleDocument = z.infer<typeof ruleSchema>;

// Loosely typed view for lookups by name; each kind's own file keeps its precise types.
type AnyKind = RuleKind<string, z.ZodObject, unknown>;
const BY_NAME: ReadonlyMap<string, AnyKind> = new Map(RULE_KINDS.map((k) => [k.name, k as unknown as AnyKind]));

/** The kind named `name`; throws for a name not in the table (the schema has refused such a rule already). */
export function ruleKind(name: string): AnyKind {
  const kind = BY_NAME.get(name);
  if (!kind) throw new Error(`no rule kind "${name}" in rules/kinds/rule-kinds.ts`);
  return kind;
}

/** Compiles one rule by its kind: the detector parameters and the pattern entries to index. */
export function compileKind(rule: RuleDocument, context: KindContext): KindCompilation<unknown> {
  return ruleKind(rule.kind).compile(rule, context);
}
