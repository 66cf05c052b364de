import { expandPattern, type SemanticExemplar } from '../../engine/index.js';
import type { LoadedPack } from './load-pack.js';

/** Expansions of one pattern taken as exemplars: enough to show its paraphrase family, not its every combination. */
const VARIANTS_PER_PATTERN = 24;

/**
 * The semantic stage's exemplars, all from the pack itself: for every enabled forbidden-phrase rule, its hit examples
 * and its patterns expanded (gaps closed up); as negatives, every rule's miss examples, its better phrasing (`suggest`)
 * and the pack's allow terms — the polite sentences a paraphrase must be further from.
 */
export function semanticExemplars(loaded: LoadedPack): SemanticExemplar[] {
  const lexicons = new Map([...loaded.lexicons].map(([name, { terms }]) => [name, terms]));
  const join = loaded.header.language.toLowerCase().startsWith('zh') ? '' : ' ';
  const out: SemanticExemplar[] = [];
  for (const { rule } of loaded.rules) {
    if (!rule.enabled) continue;
    for (const text of rule.examples?.miss ?? []) out.push({ text });
    if (rule.suggest !== undefined) out.push({ text: rule.suggest });
    if (rule.kind !== 'phrase' || rule.category !== 'forbidden_phrase' || rule.speaker !== 'agent') continue;
    for (const text of rule.examples?.hit ?? []) out.push({ text, ruleId: rule.id });
    for (const pattern of rule.match ?? []) {
      const variants = expandPattern(pattern, lexicons)
        .map((v) => v.parts.filter((p) => p.kind !== 'gap').map((p) => (p as { text: string }).text).join(join))
        .sort((a, b) => a.length - b.length)
        .slice(0, VARIANTS_PER_PATTERN);
      for (const text of new Set(variants)) out.push({ text, ruleId: rule.id });
    }
  }
  for (const { pattern } of loaded.allow) for (const v of expandPattern(pattern, lexicons).slice(0, VARIANTS_PER_PATTERN)) out.push({ text: v.parts.filter((p) => p.kind !== 'gap').map((p) => (p as { text: string }).text).join(join) });
  return out;
}
