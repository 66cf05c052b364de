import { ALLOW_ROLE, EXCEPT_ROLE, type TextLanguage } from '../../engine/index.js';
import { PACK_PROBLEM_CODES, type PackProblem } from '../compiler/pack-problem.js';
import { positionOf } from '../compiler/yaml-source.js';
import type { LintEntry } from './pack-entries.js';
import { normalizedVariants } from './pattern-variants.js';

/**
 * Except contexts and allow terms that can never apply. They suppress a hit they overlap, and overlapping spans share
 * a character (a word in English), so one that shares no character or word with any phrase it could suppress has no
 * effect: usually a typo, or a context written for another rule.
 */
export function checkSuppressors(entries: readonly LintEntry[], language: TextLanguage, lexicons: ReadonlyMap<string, readonly string[]>): PackProblem[] {
  const unitsOf = (e: LintEntry): Set<string> => {
    try {
      const texts = normalizedVariants(e.entry.pattern, language, lexicons).flatMap((v) => v.segments);
      return new Set(texts.flatMap((t) => (language === 'zh' ? [...t] : t.split(' '))));
    } catch {
      return new Set(); // broken patterns are reported by the pattern check
    }
  };
  const matches = entries.filter((e) => e.entry.role === 'match' && e.entry.syntax !== 'regex' && e.rule?.rule.kind === 'phrase');
  const problems: PackProblem[] = [];
  for (const s of entries) {
    if (s.entry.role !== EXCEPT_ROLE && s.entry.role !== ALLOW_ROLE) continue;
    const targets = s.entry.role === ALLOW_ROLE ? matches : matches.filter((m) => m.entry.ruleId === s.entry.ruleId);
    // A rule that also matches by regex could overlap anything: no claim then.
    if (entries.some((e) => e.entry.syntax === 'regex' && (s.entry.role === ALLOW_ROLE || e.entry.ruleId === s.entry.ruleId))) continue;
    const own = unitsOf(s);
    if (own.size === 0 || targets.some((t) => [...unitsOf(t)].some((u) => own.has(u)))) continue;
    const what = s.entry.role === ALLOW_ROLE ? 'allow term' : 'except context';
    problems.push({
      code: PACK_PROBLEM_CODES.NEVER_MATCHES,
      severity: 'warning',
      file: s.source.file,
      ...positionOf(s.source, s.path),
      ...(s.rule ? { ruleId: s.rule.rule.id } : {}),
      message: `${what} ${JSON.stringify(s.entry.pattern)} can never apply: it shares no ${language === 'zh' ? 'character' : 'word'} with any phrase ${s.entry.role === ALLOW_ROLE ? 'of the pack' : 'its rule matches'}, so it never overlaps one; fix it or drop it`,
    });
  }
  return problems;
}
