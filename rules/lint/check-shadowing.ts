import { AhoCorasick } from '@monyone/aho-corasick';
import { basename } from 'node:path';
import { ALLOW_ROLE, EXCEPT_ROLE, type TextLanguage } from '../../engine/index.js';
import { PACK_PROBLEM_CODES, type PackProblem } from '../compiler/pack-problem.js';
import { positionOf } from '../compiler/yaml-source.js';
import type { LintEntry } from './pack-entries.js';
import { normalizedVariants, variantImplies, type NormalizedVariant } from './pattern-variants.js';

interface Cover {
  readonly at: LintEntry;
  readonly variant: NormalizedVariant;
}

/**
 * Finds patterns that can never fire or that always fire together with another rule, by reasoning on their
 * normalised expansions (sound, not complete: a warning is only given when it is certain).
 * - a match pattern every expansion of which contains an allow term or one of its rule's own except contexts is always
 *   suppressed: an error, since the rule can never flag it;
 * - a match pattern every expansion of which contains a match of another rule of the same category (and speaker) is
 *   shadowed: both rules flag the same words (identical patterns are the plainest case);
 * - a match pattern implied by another pattern of its own rule is redundant.
 */
export function checkShadowing(entries: readonly LintEntry[], language: TextLanguage, lexicons: ReadonlyMap<string, readonly string[]>): PackProblem[] {
  const variantsOf = new Map<LintEntry, NormalizedVariant[]>();
  for (const e of entries) {
    if (e.entry.syntax === 'regex' || (e.rule && e.rule.rule.kind !== 'phrase')) continue;
    try {
      variantsOf.set(e, normalizedVariants(e.entry.pattern, language, lexicons));
    } catch {
      // broken patterns are reported by the pattern check
    }
  }
  const covers = new CoverIndex(
    [...variantsOf].flatMap(([at, variants]) => variants.filter((v) => v.segments.length === 1).map((variant) => ({ at, variant }))),
    language,
  );
  const problems: PackProblem[] = [];
  for (const [p, variants] of variantsOf) {
    if (p.entry.role !== 'match' || !p.rule || variants.length === 0) continue;
    const rule = p.rule.rule;
    let common: Map<LintEntry, Cover> | undefined;
    const suppressed: Array<{ variant: NormalizedVariant; by: Cover }> = [];
    const isSuppressor = (c: Cover) => c.at.entry.role === ALLOW_ROLE || (c.at.entry.role === EXCEPT_ROLE && c.at.entry.ruleId === rule.id);
    for (const v of variants) {
      const here = new Map<LintEntry, Cover>();
      for (const c of covers.coversOf(v)) if (c.at !== p && !here.has(c.at)) here.set(c.at, c);
      const by = [...here.values()].find(isSuppressor);
      if (by) suppressed.push({ variant: v, by });
      common = common === undefined ? here : new Map([...common].filter(([k]) => here.has(k)));
    }
    const where = positionOf(p.source, p.path);
    const base = { file: p.source.file, ...where, ruleId: rule.id };
    if (suppressed.length > 0 && suppressed.length < variants.length) {
      const first = suppressed[0] as { variant: NormalizedVariant; by: Cover };
      problems.push({
        ...base,
        code: PACK_PROBLEM_CODES.NEVER_MATCHES,
        severity: 'warning',
        message: `${suppressed.length} of the ${variants.length} phrases pattern ${JSON.stringify(p.entry.pattern)} expands to can never be flagged, e.g. "${first.variant.segments.join(' … ')}", which contains ${first.by.at.entry.role === ALLOW_ROLE ? 'the allow-list term' : 'its own except context'} "${first.by.variant.segments[0]}"; narrow the pattern or the ${first.by.at.entry.role === ALLOW_ROLE ? 'allow term' : 'except context'}`,
      });
    }
    if (!common || common.size === 0) continue;
    const describe = (c: Cover) => {
      const pos = positionOf(c.at.source, c.at.path);
      const file = c.at.source.file === p.source.file ? 'line ' : `${basename(c.at.source.file)}:`;
      return `"${c.variant.segments[0]}" (${JSON.stringify(c.at.entry.pattern)} at ${file}${pos.line}:${pos.column})`;
    };
    const suppressor = [...common.values()].find(isSuppressor);
    if (suppressor) {
      const what = suppressor.at.entry.role === ALLOW_ROLE ? 'the allow-list term' : 'its own except context';
      problems.push({
        ...base,
        code: PACK_PROBLEM_CODES.NEVER_MATCHES,
        severity: 'error',
        message: `pattern ${JSON.stringify(p.entry.pattern)} can never flag anything: every phrase it matches contains ${what} ${describe(suppressor)}, which suppresses it; narrow the ${suppressor.at.entry.role === ALLOW_ROLE ? 'allow term' : 'except context'} or drop the pattern`,
      });
      continue;
    }
    const same = [...common.values()].find((c) => c.at.rule === p.rule && c.at.entry.role === 'match');
    if (same) {
      if (mutual(p, same.at, variantsOf, language) && keyIndex(same.at) > keyIndex(p)) continue; // report identical pairs once, on the later one
      problems.push({ ...base, code: PACK_PROBLEM_CODES.SHADOWED, severity: 'warning', message: `pattern ${JSON.stringify(p.entry.pattern)} is redundant: every phrase it matches is already matched by ${describe(same)} of the same rule; drop it` });
      continue;
    }
    const other = [...common.values()].find((c) => shadows(c.at, p));
    if (other && other.at.rule) {
      const identical = mutual(p, other.at, variantsOf, language);
      if (identical && entryOrder(other.at, entries) > entryOrder(p, entries)) continue;
      problems.push({
        ...base,
        code: PACK_PROBLEM_CODES.SHADOWED,
        severity: 'warning',
        message: identical
          ? `pattern ${JSON.stringify(p.entry.pattern)} matches exactly what rule ${other.at.rule.rule.id} matches with ${describe(other)}: both rules flag the same words; keep it in one rule`
          : `pattern ${JSON.stringify(p.entry.pattern)} is shadowed by rule ${other.at.rule.rule.id}: every phrase it matches contains ${describe(other)}, so both rules flag the same words; drop it, or narrow rule ${other.at.rule.rule.id}`,
      });
    }
  }
  return problems;
}

// Another rule shadows `p` when it is a phrase rule of the same category watching the same speakers, and its own
// except contexts cannot spare a phrase that `p`'s rule flags (it has none, or exactly the same ones).
function shadows(by: LintEntry, p: LintEntry): boolean {
  const a = p.rule?.rule;
  const b = by.rule?.rule;
  if (!a || !b || a === b || by.entry.role !== 'match' || a.kind !== 'phrase' || b.kind !== 'phrase') return false;
  if (a.category !== b.category || !(b.speaker === 'any' || a.speaker === b.speaker)) return false;
  return (b.except ?? []).join('\u0000') === '' || (b.except ?? []).join('\u0000') === (a.except ?? []).join('\u0000');
}

function mutual(a: LintEntry, b: LintEntry, variantsOf: ReadonlyMap<LintEntry, NormalizedVariant[]>, language: TextLanguage): boolean {
  const va = variantsOf.get(a) ?? [];
  const vb = variantsOf.get(b) ?? [];
  return vb.every((v) => va.some((w) => variantImplies(v, w, language)));
}

function keyIndex(e: LintEntry): number {
  return Number(/#(\d+)$/.exec(e.entry.key)?.[1] ?? 0);
}

function entryOrder(e: LintEntry, entries: readonly LintEntry[]): number {
  return entries.indexOf(e);
}

/** Single-piece variants indexed for fast "which of them occur inside this variant?" questions. */
class CoverIndex {
  private readonly unanchored = new Map<string, Cover[]>();
  private readonly anchored: Cover[] = [];
  private readonly automaton: AhoCorasick | undefined;

  constructor(
    covers: readonly Cover[],
    private readonly language: TextLanguage,
  ) {
    for (const c of covers) {
      if (c.variant.anchoredStart || c.variant.anchoredEnd) this.anchored.push(c);
      else {
        const text = c.variant.segments[0] as string;
        const list = this.unanchored.get(text);
        if (list) list.push(c);
        else this.unanchored.set(text, [c]);
      }
    }
    this.automaton = this.unanchored.size > 0 ? new AhoCorasick([...this.unanchored.keys()]) : undefined;
  }

  coversOf(v: NormalizedVariant): Cover[] {
    const out: Cover[] = [];
    for (const segment of v.segments) {
      for (const m of this.automaton?.matchInText(segment) ?? []) {
        const aligned = this.language === 'zh' || ((m.begin === 0 || segment[m.begin - 1] === ' ') && (m.end === segment.length || segment[m.end] === ' '));
        if (aligned) out.push(...(this.unanchored.get(m.keyword) ?? []));
      }
    }
    if (v.anchoredStart || v.anchoredEnd) for (const c of this.anchored) if (variantImplies(v, c.variant, this.language)) out.push(c);
    return out;
  }
}
