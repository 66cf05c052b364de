import { PACK_PROBLEM_CODES, type PackProblem } from '../compiler/pack-problem.js';
import { positionOf } from '../compiler/yaml-source.js';
import type { LintEntry } from './pack-entries.js';

/** Lexicons no pattern refers to: probably a typo in a {reference} or a leftover. */
export function checkUnusedLexicons(entries: readonly LintEntry[], lexicons: ReadonlyMap<string, { readonly origin: { readonly source: LintEntry['source']; readonly path: LintEntry['path'] } }>): PackProblem[] {
  const used = new Set(entries.flatMap((e) => (e.entry.syntax === 'regex' ? [] : [...e.entry.pattern.matchAll(/\{([A-Za-z_][A-Za-z0-9_-]*)\}/g)].map((m) => m[1]))));
  return [...lexicons]
    .filter(([name]) => !used.has(name))
    .map(([name, { origin }]) => ({
      code: PACK_PROBLEM_CODES.UNUSED_LEXICON,
      severity: 'warning' as const,
      file: origin.source.file,
      ...positionOf(origin.source, origin.path, 'key'),
      message: `lexicon "${name}" is never used: refer to it as {${name}} in a pattern, or remove it`,
    }));
}
