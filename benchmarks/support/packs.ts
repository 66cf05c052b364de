import type { CompiledPack } from '../../engine/index.js';
import { compilePack } from '../../rules/compiler/compile-pack.js';
import { loadPack, type LoadedPack } from '../../rules/compiler/load-pack.js';
import { resolveShippedPack } from '../../rules/packs/shipped-packs.js';

const PACK_IDS = { zh: 'zh-CN-standard', en: 'en-US-standard' } as const;

/** A shipped pack as it ships, or with every fuzzy setting turned off (exact matching only). */
export function shippedPack(language: 'zh' | 'en', fuzzy: boolean): CompiledPack {
  const loaded = loadPack(resolveShippedPack(PACK_IDS[language]) as string, resolveShippedPack);
  return compilePack(fuzzy ? loaded : withoutFuzzy(loaded)).pack;
}

function withoutFuzzy(loaded: LoadedPack): LoadedPack {
  return {
    ...loaded,
    header: { ...loaded.header, defaults: { ...loaded.header.defaults, fuzzy: false } },
    rules: loaded.rules.map((r) => (r.rule.kind === 'phrase' ? { ...r, rule: { ...r.rule, fuzzy: false } } : r)),
  };
}

/** The literal phrases of a pack's forbidden rules (its patterns expanded; gapped ones left out): a peer's word list. */
export function forbiddenPhraseList(pack: CompiledPack): { phrases: string[]; gapped: number } {
  const phrases = new Set<string>();
  let gapped = 0;
  for (const entry of pack.phrases.entries) {
    const rule = pack.rules.find((r) => r.id === entry.ruleId);
    if (entry.role !== 'match' || rule?.category !== 'forbidden_phrase') continue;
    for (const variant of pack.phrases.variantsOf(entry.key)) {
      if (variant.includes('…')) gapped++;
      else phrases.add(variant);
    }
  }
  return { phrases: [...phrases], gapped };
}

/** True when a pack's forbidden rules hit a text (what the phrase detector reads). */
export function packFlags(pack: CompiledPack, text: string): boolean {
  return pack.phrases.analyze(text).hits.some((h) => h.role === 'match' && pack.rules.find((r) => r.id === h.ruleId)?.category === 'forbidden_phrase');
}

/**
 * The cleanup a team would do before an exact-match tool: width and case folded, punctuation and apostrophes
 * dropped, spaces collapsed (removed in Chinese). No traditional→simplified, fillers, numerals or sounds.
 */
export function plainCleanup(text: string, language: 'zh' | 'en'): string {
  const folded = text.normalize('NFKC').toLowerCase().replace(/['\u2019]/g, '');
  const spaced = folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return language === 'zh' ? spaced.replace(/ /g, '') : spaced;
}
