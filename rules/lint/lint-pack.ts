import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import YAML from 'yaml';
import { compilePack } from '../compiler/compile-pack.js';
import { checkRuleShapes } from '../compiler/check-rule-shapes.js';
import { loadPack, type LoadedPack, type ShippedPackResolver } from '../compiler/load-pack.js';
import { PackError, type PackProblem } from '../compiler/pack-problem.js';
import { checkExamples } from './check-examples.js';
import { checkNudges } from './check-nudges.js';
import { checkPatterns } from './check-patterns.js';
import { checkUnusedLexicons } from './check-unused-lexicons.js';
import { checkShadowing } from './check-shadowing.js';
import { checkSuppressors } from './check-suppressors.js';
import { packEntries } from './pack-entries.js';

/** What `rules lint` found in one pack. */
export interface LintReport {
  /** The pack file linted. */
  readonly file: string;
  readonly packId?: string;
  readonly version?: string;
  /** Errors and warnings, ordered by file, line and column. */
  readonly problems: readonly PackProblem[];
  readonly errors: number;
  readonly warnings: number;
}

/** Options of a lint run. */
export interface LintOptions {
  /** Also report warnings inside the base pack named by `extends` (off by default: its owners lint it; errors always show). */
  readonly includeBase?: boolean;
}

/**
 * Lints a pack: everything the compiler refuses (schema, unknown keys, duplicate ids, broken patterns, unsafe regexes),
 * plus what it accepts but an author should fix: patterns that can never fire, rules that shadow each other, nudge
 * placeholders that would show as written, examples that contradict their rule, unused lexicons, missing nudges.
 */
export function lintPack(fileOrDir: string, resolveShipped: ShippedPackResolver, options: LintOptions = {}): LintReport {
  let loaded: LoadedPack;
  try {
    loaded = loadPack(fileOrDir, resolveShipped);
  } catch (err) {
    if (err instanceof PackError) return report(fileOrDir, undefined, err.problems);
    throw err;
  }
  const { language, lexicons, entries } = packEntries(loaded);
  const problems: PackProblem[] = [
    ...checkRuleShapes(loaded),
    ...checkPatterns(entries, language, lexicons),
    ...checkUnusedLexicons(entries, loaded.lexicons),
    ...checkNudges(loaded.rules),
    ...checkShadowing(entries, language, lexicons),
    ...checkSuppressors(entries, language, lexicons),
  ];
  if (!problems.some((p) => p.severity === 'error')) {
    try {
      const { pack, warnings } = compilePack(loaded);
      problems.push(...warnings, ...checkExamples(pack, loaded.rules));
    } catch (err) {
      if (!(err instanceof PackError)) throw err;
      problems.push(...err.problems);
    }
  }
  // Warnings inside a base pack are its owners' business; errors are kept wherever they are, since this pack's own
  // changes (an allow term, an override) can break the base pack's rules and examples.
  const own = options.includeBase ? undefined : ownFiles(loaded.file);
  return report(loaded.file, loaded, own ? problems.filter((p) => own.has(p.file) || p.severity === 'error') : problems);
}

function report(file: string, loaded: LoadedPack | undefined, problems: readonly PackProblem[]): LintReport {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.column}:${p.code}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return {
    file,
    ...(loaded ? { packId: loaded.header.id, version: loaded.header.version } : {}),
    problems: unique,
    errors: unique.filter((p) => p.severity === 'error').length,
    warnings: unique.filter((p) => p.severity === 'warning').length,
  };
}

// The pack file and its includes: what its authors own, as opposed to the base pack's files.
function ownFiles(packFile: string): Set<string> {
  const doc: unknown = YAML.parse(readFileSync(packFile, 'utf8'));
  const include = (doc as { include?: unknown } | null)?.include;
  const includes = Array.isArray(include) ? include.filter((x): x is string => typeof x === 'string') : [];
  return new Set([packFile, ...includes.map((f) => resolve(dirname(packFile), f))]);
}
