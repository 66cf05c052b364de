import type { Finding } from '../../engine/index.js';

/** An expected finding: a rule id or a finding category, and where given the utterance it must point at. */
export interface ExpectedFinding {
  readonly rule?: string;
  readonly category?: string;
  readonly utterance?: string;
}

/** What one call must (and must not) yield. */
export interface Expectation {
  readonly callId: string;
  readonly title?: string;
  readonly findings: readonly ExpectedFinding[];
  /** Globs (* wildcard) over rule ids and categories: only findings in scope may be unexpected. */
  readonly scope: readonly string[];
  /** Where the expectation was written (1 when derived from labels). */
  readonly line: number;
}

/**
 * Compares a call's findings with its expectation: each expected finding must be matched by at least one finding
 * (same rule or category, same utterance when given), and every finding in scope must match some expectation.
 * Returns one sentence per failure; none means the call passes.
 */
export function judgeCall(expectation: Expectation, findings: readonly Finding[]): string[] {
  const scope = expectation.scope.map(globToRegExp);
  const inScope = (f: Finding) => scope.some((re) => re.test(f.ruleId) || re.test(f.category));
  const failures: string[] = [];
  for (const want of expectation.findings) {
    if (findings.some((f) => covers(want, f))) continue;
    const what = want.rule ?? want.category ?? '?';
    const elsewhere = findings.filter((f) => (f.ruleId === what || f.category === what) && f.utteranceId !== undefined).map((f) => f.utteranceId);
    failures.push(`expected ${what}${want.utterance ? ` at ${want.utterance}` : ''}, but it was not flagged${want.utterance && elsewhere.length > 0 ? ` there (it was flagged at ${elsewhere.join(', ')})` : ''}`);
  }
  for (const f of findings) {
    if (!inScope(f) || expectation.findings.some((w) => covers(w, f))) continue;
    failures.push(`unexpected ${f.ruleId}${f.utteranceId ? ` at ${f.utteranceId}` : ''}: ${f.evidence.explanation}${f.evidence.quote ? ` ("${f.evidence.quote}")` : ''}`);
  }
  return failures;
}

function covers(want: ExpectedFinding, f: Finding): boolean {
  if (want.rule !== undefined && want.rule !== f.ruleId) return false;
  if (want.category !== undefined && want.category !== f.category) return false;
  return want.utterance === undefined || want.utterance === f.utteranceId;
}

/** A glob with * wildcards as an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
