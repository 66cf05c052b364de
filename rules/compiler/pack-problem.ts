/** Stable codes for problems in rule packs. */
export const PACK_PROBLEM_CODES = {
  FILE_UNREADABLE: 'CALLCOACH_RULES_FILE_UNREADABLE',
  YAML_SYNTAX: 'CALLCOACH_RULES_YAML_SYNTAX',
  SCHEMA: 'CALLCOACH_RULES_SCHEMA',
  UNKNOWN_KEY: 'CALLCOACH_RULES_UNKNOWN_KEY',
  DUPLICATE_ID: 'CALLCOACH_RULES_DUPLICATE_ID',
  PATTERN: 'CALLCOACH_RULES_PATTERN',
  NEVER_MATCHES: 'CALLCOACH_RULES_NEVER_MATCHES',
  EXTENDS: 'CALLCOACH_RULES_EXTENDS',
  NUDGE_MISSING: 'CALLCOACH_RULES_NUDGE_MISSING',
  SHADOWED: 'CALLCOACH_RULES_SHADOWED',
  EXAMPLE_FAILED: 'CALLCOACH_RULES_EXAMPLE_FAILED',
  REDOS: 'CALLCOACH_RULES_REDOS',
  PLACEHOLDER: 'CALLCOACH_RULES_PLACEHOLDER',
  EXAMPLE_MISSING: 'CALLCOACH_RULES_EXAMPLE_MISSING',
  UNUSED_LEXICON: 'CALLCOACH_RULES_UNUSED_LEXICON',
  SCORECARD: 'CALLCOACH_RULES_SCORECARD',
  INTERNAL: 'CALLCOACH_RULES_INTERNAL',
} as const;

export type PackProblemCode = (typeof PACK_PROBLEM_CODES)[keyof typeof PACK_PROBLEM_CODES];

/** One problem in a pack, pointing at the exact place an author must change. Lines and columns are 1-based. */
export interface PackProblem {
  readonly code: PackProblemCode;
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly ruleId?: string;
  readonly message: string;
}

/** A pack that cannot be used; `problems` lists every error (and warning) found. */
export class PackError extends Error {
  constructor(readonly problems: readonly PackProblem[]) {
    super(problems.filter((p) => p.severity === 'error').map(formatProblem).join('\n') || 'invalid rule pack');
    this.name = 'PackError';
  }
}

/** "rules/packs/zh-CN/pack.yaml:12:7: error CALLCOACH_RULES_SCHEMA [zh.greeting]: ...". */
export function formatProblem(problem: PackProblem): string {
  const rule = problem.ruleId ? ` [${problem.ruleId}]` : '';
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.severity} ${problem.code}${rule}: ${problem.message}`;
}
