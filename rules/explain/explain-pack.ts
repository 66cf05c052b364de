import { ALLOW_ROLE, ANY_RULE, EXCEPT_ROLE, type CompiledPack, type FuzzyOptions, type PhraseEntry } from '../../engine/index.js';
import type { LoadedPack } from '../compiler/load-pack.js';
import { ruleKind } from '../kinds/rule-kinds.js';

/** Options of `rules explain`. */
export interface ExplainOptions {
  /** Most variants listed per pattern (the count is always shown). */
  readonly maxVariants?: number;
  /** Only rules whose id matches this glob (* wildcard). */
  readonly rule?: string;
}

/**
 * The compiled form of a pack in readable text: for each rule, its kind, category, severity and speakers, what each
 * pattern matches after normalisation and expansion (anchors and gap limits shown), except contexts, fuzziness,
 * the window or thresholds its detector uses, its nudge and cites; disabled rules are listed as such.
 */
export function explainPack(loaded: LoadedPack, pack: CompiledPack, options: ExplainOptions = {}): string {
  const max = options.maxVariants ?? 6;
  const filter = options.rule ? globRegExp(options.rule) : undefined;
  const lines: string[] = [`${pack.id}@${pack.version} (${pack.language})${pack.description ? ` — ${pack.description}` : ''}`];
  if (loaded.header.source) lines.push(`source: ${loaded.header.source}`);
  if (loaded.header.extends) lines.push(`extends: ${loaded.header.extends} (its rules are included below unless overridden)`);
  lines.push('patterns and transcripts are normalised alike: full/half width, case, traditional→simplified, punctuation and spaces removed (clause breaks kept for ^ and $)');
  const allow = pack.phrases.entries.filter((e) => e.ruleId === ANY_RULE && e.role === ALLOW_ROLE);
  if (allow.length > 0) lines.push(`allow (pack-wide: a hit overlapping one of these is never flagged): ${allow.flatMap((e) => pack.phrases.variantsOf(e.key)).join(' · ')}`);
  const compiled = new Map(pack.rules.map((r) => [r.id, r]));
  for (const { rule } of loaded.rules) {
    if (filter && !filter.test(rule.id)) continue;
    lines.push('');
    const c = compiled.get(rule.id);
    if (!c) {
      lines.push(`${rule.id}  (disabled: enabled: false)`);
      continue;
    }
    lines.push(`${c.id}  ${c.kind} · ${c.category} · ${c.severity} · ${c.speakers.join('/')}${c.cooldownMs !== undefined ? ` · cool-down ${c.cooldownMs} ms` : ''}`);
    lines.push(...ruleKind(c.kind).explain(c).map((l) => `  ${l}`));
    const entries = pack.phrases.entries.filter((e) => e.ruleId === c.id);
    for (const e of entries) lines.push(...entryLines(pack, e, max).map((l) => `  ${l}`));
    const fuzzy = [...new Set(entries.filter((e) => e.role !== EXCEPT_ROLE).map((e) => describeFuzzy(e.fuzzy)))];
    if (entries.length > 0) lines.push(`  fuzzy: ${fuzzy.join('; ')}`);
    lines.push(`  nudge: ${c.nudge ?? `(none: the generic ${c.category} text)`}`);
    if (c.suggest) lines.push(`  suggest: ${c.suggest}`);
    if (c.cites?.length) lines.push(`  cites: ${c.cites.join('; ')}`);
  }
  return lines.join('\n') + '\n';
}

function entryLines(pack: CompiledPack, e: PhraseEntry, max: number): string[] {
  const variants = pack.phrases.variantsOf(e.key);
  const role = e.role === 'match' ? 'match' : e.role === EXCEPT_ROLE ? 'except' : e.role.replace(/^group:/, 'group ');
  const source = e.syntax === 'regex' ? `regex /${e.pattern}/ (run on the normalised text; checked for catastrophic backtracking)` : JSON.stringify(e.pattern);
  if (e.syntax === 'regex') return [`${role}  ${source}`];
  const shown = variants.slice(0, max).join(' · ');
  const more = variants.length > max ? ` · … ${variants.length - max} more` : '';
  return [`${role}  ${source} → ${variants.length} variant${variants.length === 1 ? '' : 's'}: ${shown}${more}`];
}

function describeFuzzy(f: FuzzyOptions | undefined): string {
  if (!f) return 'exact only';
  return `${f.sounds ? 'sound-alikes' : 'no sound-alikes'}, up to ${f.edits} edit(s), from ${f.minLength} characters/words`;
}

function globRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
