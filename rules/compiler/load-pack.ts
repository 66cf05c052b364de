import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { includeSchema, packSchema, type IncludeDocument, type PackDocument, type RuleDocument } from '../schema/pack-schema.js';
import { loadScorecard, type LoadedScorecard } from './load-scorecard.js';
import { PACK_PROBLEM_CODES, PackError, type PackProblem } from './pack-problem.js';
import { schemaProblems } from './schema-problems.js';
import { parseYamlSource, positionOf, type YamlPath, type YamlSource } from './yaml-source.js';

/** Where a piece of a pack was written, so compile errors can point at it. */
export interface Origin {
  readonly source: YamlSource;
  readonly path: YamlPath;
}

export interface LoadedRule {
  readonly rule: RuleDocument;
  readonly origin: Origin;
}

/** A pack read from disk with its includes and base pack merged in, every piece remembering where it came from. */
export interface LoadedPack {
  readonly file: string;
  readonly header: Omit<PackDocument, 'rules' | 'include' | 'lexicons' | 'allow' | 'scorecard'>;
  readonly rules: readonly LoadedRule[];
  readonly lexicons: ReadonlyMap<string, { readonly terms: readonly string[]; readonly origin: Origin }>;
  readonly allow: ReadonlyArray<{ readonly pattern: string; readonly origin: Origin }>;
  /** The QA scorecard: the pack's own, or its base pack's. */
  readonly scorecard?: LoadedScorecard;
  /** Every file read, for watching. */
  readonly files: readonly string[];
}

/** Resolves a shipped pack id (e.g. zh-CN-default) to its file. */
export type ShippedPackResolver = (id: string) => string | undefined;

/**
 * Reads a pack file (or a directory holding pack.yaml), its includes and its base pack.
 * Throws PackError listing every problem with file:line:column.
 */
export function loadPack(fileOrDir: string, resolveShipped: ShippedPackResolver = () => undefined, seen: readonly string[] = []): LoadedPack {
  const file = packFileOf(fileOrDir);
  if (seen.includes(file)) {
    throw new PackError([{ code: PACK_PROBLEM_CODES.EXTENDS, severity: 'error', file, line: 1, column: 1, message: `packs extend each other in a cycle: ${[...seen, file].join(' -> ')}` }]);
  }
  const source = readSource(file);
  const document = validate(source, packSchema) as PackDocument;
  const problems: PackProblem[] = [];
  const rules: LoadedRule[] = document.rules.map((rule, i) => ({ rule, origin: { source, path: ['rules', i] } }));
  const lexicons = new Map(Object.entries(document.lexicons ?? {}).map(([name, terms]) => [name, { terms, origin: { source, path: ['lexicons', name] } }]));
  const allow = (document.allow ?? []).map((pattern, i) => ({ pattern, origin: { source, path: ['allow', i] } }));
  const files = [file];
  let scorecard: LoadedScorecard | undefined;
  if (document.scorecard !== undefined) {
    const loaded = loadScorecard(file, source, document.scorecard);
    problems.push(...loaded.problems);
    scorecard = loaded.scorecard;
    files.push(resolve(dirname(file), document.scorecard));
  }

  (document.include ?? []).forEach((relative, i) => {
    const includedFile = resolve(dirname(file), relative);
    if (!existsSync(includedFile)) {
      problems.push({ code: PACK_PROBLEM_CODES.FILE_UNREADABLE, severity: 'error', file, ...positionOf(source, ['include', i]), message: `included file ${relative} does not exist` });
      return;
    }
    const included = readSource(includedFile);
    const part = validate(included, includeSchema) as IncludeDocument;
    files.push(includedFile);
    part.rules.forEach((rule, j) => rules.push({ rule, origin: { source: included, path: ['rules', j] } }));
    for (const [name, terms] of Object.entries(part.lexicons ?? {})) lexicons.set(name, { terms, origin: { source: included, path: ['lexicons', name] } });
    (part.allow ?? []).forEach((pattern, j) => allow.push({ pattern, origin: { source: included, path: ['allow', j] } }));
  });

  const seenIds = new Map<string, LoadedRule>();
  for (const loaded of rules) {
    const first = seenIds.get(loaded.rule.id);
    if (first) {
      const firstPos = positionOf(first.origin.source, [...first.origin.path, 'id']);
      problems.push({
        code: PACK_PROBLEM_CODES.DUPLICATE_ID,
        severity: 'error',
        file: loaded.origin.source.file,
        ...positionOf(loaded.origin.source, [...loaded.origin.path, 'id']),
        ruleId: loaded.rule.id,
        message: `rule id ${loaded.rule.id} is already used at ${first.origin.source.file}:${firstPos.line}:${firstPos.column}; ids must be unique in a pack`,
      });
    } else seenIds.set(loaded.rule.id, loaded);
  }
  if (problems.some((p) => p.severity === 'error')) throw new PackError(problems);

  const { rules: _rules, include: _include, lexicons: _lexicons, allow: _allow, scorecard: _scorecard, ...header } = document;
  const own: LoadedPack = { file, header, rules, lexicons, allow, files, ...(scorecard ? { scorecard } : {}) };
  if (!document.extends) return own;
  return extendPack(own, document.extends, source, resolveShipped, [...seen, file]);
}

/** The child's rules replace the base's rule by rule (same id); lexicons and defaults merge, the child winning; allow-lists add up. */
function extendPack(child: LoadedPack, base: string, source: YamlSource, resolveShipped: ShippedPackResolver, seen: readonly string[]): LoadedPack {
  const baseFile = resolveShipped(base) ?? resolve(dirname(child.file), base);
  if (!existsSync(baseFile)) {
    throw new PackError([{ code: PACK_PROBLEM_CODES.EXTENDS, severity: 'error', file: child.file, ...positionOf(source, ['extends']), message: `base pack "${base}" is neither a shipped pack id nor an existing file` }]);
  }
  const parent = loadPack(baseFile, resolveShipped, seen);
  const childIds = new Set(child.rules.map((r) => r.rule.id));
  const rules = [...parent.rules.filter((r) => !childIds.has(r.rule.id)), ...child.rules];
  const lexicons = new Map([...parent.lexicons, ...child.lexicons]);
  // Defaults merge like lexicons: the base pack's fuzziness keeps applying to the rules it lends, unless the child says.
  const defaults = parent.header.defaults || child.header.defaults ? { ...parent.header.defaults, ...child.header.defaults } : undefined;
  const header = { ...child.header, ...(defaults ? { defaults } : {}) };
  // A child without its own scorecard scores with its base pack's (checked against the child's rules when compiled).
  const scorecard = child.scorecard ?? parent.scorecard;
  return { ...child, header, rules, lexicons, allow: [...parent.allow, ...child.allow], files: [...child.files, ...parent.files], ...(scorecard ? { scorecard } : {}) };
}

function packFileOf(fileOrDir: string): string {
  const path = resolve(fileOrDir);
  return existsSync(path) && statSync(path).isDirectory() ? join(path, 'pack.yaml') : path;
}

function readSource(file: string): YamlSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read';
    throw new PackError([{ code: PACK_PROBLEM_CODES.FILE_UNREADABLE, severity: 'error', file, line: 1, column: 1, message: `pack file ${reason}` }]);
  }
  const source = parseYamlSource(file, text);
  if (source.document.errors.length > 0) {
    throw new PackError(
      source.document.errors.map((e) => ({
        code: PACK_PROBLEM_CODES.YAML_SYNTAX,
        severity: 'error' as const,
        file,
        // Errors carry offsets (prettyErrors is off); the line counter turns them into line and column.
        line: source.lineCounter.linePos(e.pos[0]).line,
        column: source.lineCounter.linePos(e.pos[0]).col,
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  return source;
}

function validate(source: YamlSource, schema: typeof packSchema | typeof includeSchema): unknown {
  const raw: unknown = source.document.toJS();
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw new PackError(schemaProblems(source, parsed.error, raw));
  return parsed.data;
}
