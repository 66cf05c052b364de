import { ALLOW_ROLE, ANY_RULE, textLanguageOf, type PhraseEntry, type TextLanguage } from '../../engine/index.js';
import { compileKind } from '../compiler/compile-pack.js';
import type { KindContext } from '../kinds/rule-kind.js';
import type { LoadedPack, LoadedRule } from '../compiler/load-pack.js';
import type { YamlPath, YamlSource } from '../compiler/yaml-source.js';

/** One pattern of a pack with the rule it belongs to and where its text sits in the YAML. */
export interface LintEntry {
  readonly entry: PhraseEntry;
  /** The rule, or undefined for pack-wide allow terms. */
  readonly rule: LoadedRule | undefined;
  readonly source: YamlSource;
  readonly path: YamlPath;
}

/** Every pattern entry of the pack's enabled rules plus its allow terms, as the compiler would index them. */
export function packEntries(loaded: LoadedPack): { language: TextLanguage; lexicons: Map<string, readonly string[]>; entries: LintEntry[] } {
  const fuzzy = loaded.header.defaults?.fuzzy;
  const context: KindContext = { defaultFuzzy: fuzzy === false || fuzzy === undefined ? undefined : fuzzy };
  const entries: LintEntry[] = [];
  for (const loadedRule of loaded.rules) {
    if (!loadedRule.rule.enabled) continue;
    for (const located of compileKind(loadedRule.rule, context).entries) {
      entries.push({ entry: located.entry, rule: loadedRule, source: loadedRule.origin.source, path: [...loadedRule.origin.path, ...located.pathInRule] });
    }
  }
  loaded.allow.forEach(({ pattern, origin }, i) => {
    entries.push({ entry: { key: `${ANY_RULE}#${ALLOW_ROLE}#${i}`, ruleId: ANY_RULE, role: ALLOW_ROLE, pattern }, rule: undefined, source: origin.source, path: origin.path });
  });
  const lexicons = new Map([...loaded.lexicons].map(([name, { terms }]) => [name, terms] as const));
  return { language: textLanguageOf(loaded.header.language), lexicons, entries };
}
