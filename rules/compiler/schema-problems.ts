import type { z } from 'zod';
import { RULE_KINDS } from '../kinds/rule-kinds.js';
import { COMMON_RULE_KEYS } from '../kinds/schema-parts.js';
import { packSchema } from '../schema/pack-schema.js';
import { didYouMean } from './did-you-mean.js';
import { PACK_PROBLEM_CODES, type PackProblem } from './pack-problem.js';
import { positionOf, type YamlPath, type YamlSource } from './yaml-source.js';

/** Turns schema violations into problems that point at the YAML line and column, with a sentence an author can act on. */
export function schemaProblems(source: YamlSource, error: z.ZodError, root: unknown): PackProblem[] {
  const problems: PackProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
    const ruleId = ruleIdAt(root, path);
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(root, path);
      for (const key of issue.keys) {
        const pos = positionOf(source, [...path, key], 'key');
        const hint = didYouMean(key, allowed);
        problems.push({
          code: PACK_PROBLEM_CODES.UNKNOWN_KEY,
          severity: 'error',
          file: source.file,
          ...pos,
          ...(ruleId ? { ruleId } : {}),
          message: `unknown key "${key}"${hint ? `; did you mean "${hint}"?` : allowed.length ? `; allowed here: ${allowed.join(', ')}` : ''}`,
        });
      }
      continue;
    }
    const pos = positionOf(source, path);
    problems.push({
      code: PACK_PROBLEM_CODES.SCHEMA,
      severity: 'error',
      file: source.file,
      ...pos,
      ...(ruleId ? { ruleId } : {}),
      message: describe(issue, path, root),
    });
  }
  // A misspelt key also makes its intended key "missing": the did-you-mean says it better, so drop the echo.
  const suggested = new Set(problems.flatMap((p) => (p.code === PACK_PROBLEM_CODES.UNKNOWN_KEY ? [/did you mean "([^"]+)"/.exec(p.message)?.[1] ?? ''] : [])));
  return problems
    .filter((p) => !(p.code === PACK_PROBLEM_CODES.SCHEMA && [...suggested].some((key) => key && p.message.startsWith(`"`) && p.message.includes(`.${key}" is required`))))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

const KIND_NAMES = RULE_KINDS.map((k) => k.name);

function describe(issue: z.core.$ZodIssue, path: YamlPath, root: unknown): string {
  const where = path.length ? `"${path.join('.')}"` : 'the pack';
  const value = valueAt(root, path);
  if ((issue.code === 'invalid_union' && path[path.length - 1] !== 'window' && isRulePath(path)) || (path[path.length - 1] === 'kind' && isRulePath(path.slice(0, -1)))) {
    const rule = isRulePath(path) ? value : valueAt(root, path.slice(0, -1));
    const kind = (rule as { kind?: unknown } | undefined)?.kind;
    return kind === undefined ? `a rule needs "kind": one of ${KIND_NAMES.join(', ')}` : `unknown rule kind ${JSON.stringify(kind)}; use one of ${KIND_NAMES.join(', ')}`;
  }
  if (issue.code === 'invalid_union' && path[path.length - 1] === 'window') return `${where} must be one of { firstTurns: N }, { lastTurns: N }, { firstMs: N }, { wholeCall: true } or { after: hold.ended | { say: [...] }, withinTurns: N, withinMs: N }`;
  if (issue.code === 'invalid_type' && value === undefined) return `${where} is required`;
  if (issue.code === 'invalid_value' && 'values' in issue) return `${where} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${JSON.stringify(value)}`;
  return `${where} ${issue.message.replace(/^Invalid input: /, '')}`;
}

function isRulePath(path: YamlPath): boolean {
  return path.length === 2 && path[0] === 'rules' && typeof path[1] === 'number';
}

function valueAt(root: unknown, path: YamlPath): unknown {
  return path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[key] : undefined), root);
}

function ruleIdAt(root: unknown, path: YamlPath): string | undefined {
  if (path[0] !== 'rules' || typeof path[1] !== 'number') return undefined;
  const id = (valueAt(root, path.slice(0, 2)) as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

// zod does not list the keys it allows, so hints come from a catalogue kept beside the schema.
function allowedKeysAt(root: unknown, path: YamlPath): readonly string[] {
  return KEY_CATALOGUE.get(path.length === 0 ? 'pack' : contextOf(path, root)) ?? [];
}

function contextOf(path: YamlPath, root: unknown): string {
  if (path.length === 2 && path[0] === 'rules') {
    const kind = (valueAt(root, path) as { kind?: unknown } | undefined)?.kind;
    return typeof kind === 'string' ? `rule:${kind}` : 'rule';
  }
  return String(path[path.length - 1] ?? '');
}

/** Keys allowed in each place of a pack, derived from the schema, for did-you-mean hints. */
export const KEY_CATALOGUE: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['pack', Object.keys(packSchema.shape)],
  ['rule', COMMON_RULE_KEYS],
  ...RULE_KINDS.map((k): [string, string[]] => [`rule:${k.name}`, Object.keys(k.schema.shape)]),
  ['examples', ['hit', 'miss']],
  ['fuzzy', ['sounds', 'edits', 'minLength']],
  ['defaults', ['fuzzy', 'severity', 'cooldownMs']],
  // Keys inside each kind's nested objects (window, infer, remind, card, start), as its file declares them.
  ...nestedKeysOfKinds(),
]);

// Two kinds may share a nested key (hold and surname both have remind): their allowed keys are pooled.
function nestedKeysOfKinds(): Array<[string, readonly string[]]> {
  const pooled = new Map<string, Set<string>>();
  for (const [key, keys] of RULE_KINDS.flatMap((k) => Object.entries(k.nestedKeys ?? {}))) pooled.set(key, new Set([...(pooled.get(key) ?? []), ...keys]));
  return [...pooled].map(([key, keys]) => [key, [...keys]]);
}
