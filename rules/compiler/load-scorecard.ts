import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { SCORECARD_KEYS, scorecardSchema, type ScorecardDocument } from '../schema/scorecard-schema.js';
import { didYouMean } from './did-you-mean.js';
import { PACK_PROBLEM_CODES, type PackProblem } from './pack-problem.js';
import { parseYamlSource, positionOf, type YamlSource } from './yaml-source.js';

/** A scorecard file read and checked against its schema, remembering where it was written. */
export interface LoadedScorecard {
  readonly document: ScorecardDocument;
  readonly source: YamlSource;
}

/**
 * Reads the scorecard file a pack names (relative to the pack file). Returns the document, or the problems found in
 * it (unreadable file, YAML syntax, schema), each at file:line:column.
 */
export function loadScorecard(packFile: string, packSource: YamlSource, relative: string): { scorecard?: LoadedScorecard; problems: PackProblem[] } {
  const file = resolve(dirname(packFile), relative);
  if (!existsSync(file)) {
    return { problems: [{ code: PACK_PROBLEM_CODES.FILE_UNREADABLE, severity: 'error', file: packFile, ...positionOf(packSource, ['scorecard']), message: `scorecard file ${relative} does not exist` }] };
  }
  const source = parseYamlSource(file, readFileSync(file, 'utf8'));
  if (source.document.errors.length > 0) {
    return {
      problems: source.document.errors.map((e) => {
        const pos = source.lineCounter.linePos(e.pos[0]);
        return { code: PACK_PROBLEM_CODES.YAML_SYNTAX, severity: 'error' as const, file, line: pos.line, column: pos.col, message: `YAML syntax: ${e.message.split('\n')[0]}` };
      }),
    };
  }
  const raw: unknown = source.document.toJS();
  const parsed = scorecardSchema.safeParse(raw ?? {});
  if (parsed.success) return { scorecard: { document: parsed.data, source }, problems: [] };
  const problems = parsed.error.issues.flatMap((issue): PackProblem[] => {
    const path = issue.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
    if (issue.code === 'unrecognized_keys') {
      const allowed = SCORECARD_KEYS[levelOf(path)];
      return issue.keys.map((key) => {
        const hint = didYouMean(key, allowed);
        return { code: PACK_PROBLEM_CODES.UNKNOWN_KEY, severity: 'error', file, ...positionOf(source, [...path, key], 'key'), message: `unknown key "${key}" in the scorecard${hint ? `; did you mean "${hint}"?` : `; allowed here: ${allowed.join(', ')}`}` };
      });
    }
    const where = path.length ? `"${path.join('.')}"` : 'the scorecard';
    const missing = issue.code === 'invalid_type' && valueAt(source, path) === undefined;
    return [{ code: PACK_PROBLEM_CODES.SCORECARD, severity: 'error', file, ...positionOf(source, path), message: missing ? `${where} is required` : `${where} ${issue.message.replace(/^Invalid input: /, '')}` }];
  });
  // A misspelt key also makes the intended one "missing": the did-you-mean already says it better.
  const suggested = problems.flatMap((p) => (p.code === PACK_PROBLEM_CODES.UNKNOWN_KEY ? [/did you mean "([^"]+)"/.exec(p.message)?.[1] ?? ''] : [])).filter(Boolean);
  return { problems: problems.filter((p) => !(p.code === PACK_PROBLEM_CODES.SCORECARD && suggested.some((key) => p.message.endsWith(`.${key}" is required`)))) };
}

function levelOf(path: ReadonlyArray<string | number>): keyof typeof SCORECARD_KEYS {
  if (path.includes('items')) return 'item';
  if (path.includes('sections')) return 'section';
  return 'scorecard';
}

function valueAt(source: YamlSource, path: ReadonlyArray<string | number>): unknown {
  let node: unknown = source.document.contents;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      node = pair?.value;
    } else if (isSeq(node) && typeof key === 'number') node = node.items[key];
    else return undefined;
    if (node === undefined || node === null) return undefined;
  }
  return node;
}
