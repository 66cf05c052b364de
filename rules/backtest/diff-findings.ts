import type { CompiledPack, CompiledRule, Finding } from '../../engine/index.js';

/** How a rule's definition changed between two versions of a pack. */
export type RuleChange = 'added' | 'removed' | 'changed' | 'unchanged';

/** One rule's line in a backtest: its definition change and the findings it gains and loses on the same calls. */
export interface RuleDiff {
  readonly ruleId: string;
  readonly category: string;
  readonly change: RuleChange;
  readonly oldCount: number;
  readonly newCount: number;
  /** Findings only the new pack raises, ordered by call and time. */
  readonly gained: readonly Finding[];
  /** Findings only the old pack raised. */
  readonly lost: readonly Finding[];
}

/** The whole backtest: every rule of either pack, plus totals. */
export interface BacktestDiff {
  readonly rules: readonly RuleDiff[];
  readonly oldTotal: number;
  readonly newTotal: number;
  /** Calls whose findings differ. */
  readonly callsChanged: number;
}

/**
 * Compares the findings two versions of a pack raised on the same recorded calls. A finding is the same in both when
 * its call and key match (a rule id plus what it is about: an utterance, a hold, the call end), so a moved
 * highlight does not count as a change but a finding on another utterance does.
 */
export function diffFindings(oldPack: CompiledPack, newPack: CompiledPack, oldFindings: readonly Finding[], newFindings: readonly Finding[]): BacktestDiff {
  const identity = (f: Finding) => `${f.callId}\u0000${f.key}`;
  const oldKeys = new Set(oldFindings.map(identity));
  const newKeys = new Set(newFindings.map(identity));
  const oldRules = new Map(oldPack.rules.map((r) => [r.id, r]));
  const newRules = new Map(newPack.rules.map((r) => [r.id, r]));
  const ruleIds = [...new Set([...oldRules.keys(), ...newRules.keys(), ...oldFindings.map((f) => f.ruleId), ...newFindings.map((f) => f.ruleId)])];
  const byCallAndTime = (a: Finding, b: Finding) => a.callId.localeCompare(b.callId) || a.atMs - b.atMs;
  const rules = ruleIds.map((ruleId): RuleDiff => {
    const before = oldRules.get(ruleId);
    const after = newRules.get(ruleId);
    const oldOfRule = oldFindings.filter((f) => f.ruleId === ruleId);
    const newOfRule = newFindings.filter((f) => f.ruleId === ruleId);
    return {
      ruleId,
      category: (after ?? before)?.category ?? oldOfRule[0]?.category ?? newOfRule[0]?.category ?? '',
      change: !before ? 'added' : !after ? 'removed' : fingerprint(oldPack, before) === fingerprint(newPack, after) ? 'unchanged' : 'changed',
      oldCount: oldOfRule.length,
      newCount: newOfRule.length,
      gained: newOfRule.filter((f) => !oldKeys.has(identity(f))).sort(byCallAndTime),
      lost: oldOfRule.filter((f) => !newKeys.has(identity(f))).sort(byCallAndTime),
    };
  });
  const changedCalls = new Set(rules.flatMap((r) => [...r.gained, ...r.lost].map((f) => f.callId)));
  return { rules, oldTotal: oldFindings.length, newTotal: newFindings.length, callsChanged: changedCalls.size };
}

// A rule's definition as compiled: its fields plus what its patterns expand to, so a reworded but equivalent pattern
// (or a lexicon change that reaches it) is judged by effect, not by text.
function fingerprint(pack: CompiledPack, rule: CompiledRule): string {
  const byRole = new Map<string, Set<string>>();
  for (const e of pack.phrases.entries.filter((x) => x.ruleId === rule.id)) {
    const set = byRole.get(e.role) ?? new Set<string>();
    for (const v of pack.phrases.variantsOf(e.key)) set.add(`${v}${e.fuzzy ? ` ~${JSON.stringify(e.fuzzy)}` : ''}`);
    byRole.set(e.role, set);
  }
  const patterns = [...byRole].sort(([a], [b]) => a.localeCompare(b)).map(([role, set]) => [role, [...set].sort()]);
  return JSON.stringify([rule.category, rule.severity, rule.kind, rule.speakers, rule.nudge, rule.suggest, rule.cooldownMs, rule.params, patterns]);
}
