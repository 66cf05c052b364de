import { scorecardRef, type CompiledScorecard, type ScorecardItem } from '../../engine/index.js';

/** A reviewer's decision on one item, with the reason the form demands. */
export interface ItemOverride {
  readonly outcome: 'pass' | 'fail' | 'na';
  /** Partial credit for a failed item (0 up to the item's points); a pass earns all points. */
  readonly earned?: number;
  readonly reason: string;
}

/** What scoring needs of a finding. */
export interface ScoredFinding {
  readonly key: string;
  readonly ruleId: string;
  readonly review?: { readonly verdict: 'confirmed' | 'dismissed' };
}

/** pending: a manual item nobody has scored yet (left out of the total until it is). */
export type ItemOutcome = 'pass' | 'partial' | 'fail' | 'na' | 'pending';

/** One item as scored. */
export interface ScoredItem {
  readonly id: string;
  readonly title: string;
  readonly points: number;
  readonly outcome: ItemOutcome;
  /** Points earned; undefined when not applicable or pending. */
  readonly earned?: number;
  /** auto: from findings; reviewer: a reviewer's override; pending: manual and not yet scored. */
  readonly source: 'auto' | 'reviewer' | 'pending';
  /** The findings (not dismissed) that cost points: the evidence for the item. */
  readonly findingKeys: readonly string[];
  readonly autoFail: boolean;
  readonly naAllowed: boolean;
  readonly manual: boolean;
  readonly override?: ItemOverride;
}

/** One section as scored: score out of its weight. */
export interface ScoredSection {
  readonly id: string;
  readonly title: string;
  readonly weight: number;
  /** Out of `weight`; undefined when every item is not applicable or pending. */
  readonly score?: number;
  readonly items: readonly ScoredItem[];
}

/** A call's score on a named scorecard version. */
export interface CallScore {
  /** "zh-CN-qa@1.3.0": the form and version this score was computed on. */
  readonly scorecard: string;
  readonly pack: string;
  /** 0–100, one decimal; undefined when nothing could be scored yet. */
  readonly total?: number;
  readonly passed?: boolean;
  readonly passMark: number;
  /** Ids of failed auto-fail items (the total is 0 when any). */
  readonly autoFailed: readonly string[];
  /** Manual items not yet scored. */
  readonly pending: number;
  readonly sections: readonly ScoredSection[];
}

/**
 * Scores a call: items tied to rules from the call's findings (dismissed ones cost nothing; without perFinding one
 * finding fails the item), manual items from the reviewer's overrides, which also win over the automatic result.
 * Each section scores weight × earned / possible over its applicable, scored items; sections with none are left out and
 * the others scaled to 100. A failed auto-fail item sets the total to 0.
 */
export function scoreCall(scorecard: CompiledScorecard, findings: readonly ScoredFinding[], overrides: Readonly<Record<string, ItemOverride>> = {}): CallScore {
  const autoFailed: string[] = [];
  let pending = 0;
  let weighted = 0;
  let weightIn = 0;
  const sections = scorecard.sections.map((section): ScoredSection => {
    let earned = 0;
    let possible = 0;
    const items = section.items.map((item) => {
      const scored = scoreItem(item, findings, overrides[item.id]);
      if (scored.outcome === 'pending') pending++;
      if (scored.earned !== undefined) {
        earned += scored.earned;
        possible += item.points;
      }
      if (item.autoFail && (scored.outcome === 'fail' || scored.outcome === 'partial')) autoFailed.push(item.id);
      return scored;
    });
    if (possible === 0) return { id: section.id, title: section.title, weight: section.weight, items };
    const score = (section.weight * earned) / possible;
    weighted += score;
    weightIn += section.weight;
    return { id: section.id, title: section.title, weight: section.weight, score: round1(score), items };
  });
  const total = weightIn === 0 ? undefined : autoFailed.length > 0 ? 0 : round1((weighted / weightIn) * 100);
  return {
    scorecard: scorecardRef(scorecard),
    pack: scorecard.pack,
    ...(total !== undefined ? { total, passed: total >= scorecard.passMark } : {}),
    passMark: scorecard.passMark,
    autoFailed,
    pending,
    sections,
  };
}

function scoreItem(item: ScorecardItem, findings: readonly ScoredFinding[], override: ItemOverride | undefined): ScoredItem {
  const manual = item.rules.length === 0;
  const findingKeys = manual ? [] : findings.filter((f) => f.review?.verdict !== 'dismissed' && item.rules.includes(f.ruleId)).map((f) => f.key);
  const base = { id: item.id, title: item.title, points: item.points, findingKeys, autoFail: item.autoFail, naAllowed: item.naAllowed, manual };
  if (override) {
    if (override.outcome === 'na') return { ...base, outcome: 'na', source: 'reviewer', override };
    const earned = override.outcome === 'pass' ? item.points : (override.earned ?? 0);
    return { ...base, outcome: outcomeOf(earned, item.points), earned, source: 'reviewer', override };
  }
  if (manual) return { ...base, outcome: 'pending', source: 'pending' };
  const lost = findingKeys.length === 0 ? 0 : item.perFinding === undefined ? item.points : Math.min(item.points, item.perFinding * findingKeys.length);
  const earned = item.points - lost;
  return { ...base, outcome: outcomeOf(earned, item.points), earned, source: 'auto' };
}

function outcomeOf(earned: number, points: number): ItemOutcome {
  return earned >= points ? 'pass' : earned <= 0 ? 'fail' : 'partial';
}

/** Why an override cannot be applied to this scorecard, or undefined when it can. */
export function overrideProblem(scorecard: CompiledScorecard, itemId: string, override: { outcome?: unknown; earned?: unknown; reason?: unknown }): string | undefined {
  const item = scorecard.sections.flatMap((s) => s.items).find((i) => i.id === itemId);
  if (!item) return `scorecard ${scorecardRef(scorecard)} has no item ${itemId}`;
  if (override.outcome !== 'pass' && override.outcome !== 'fail' && override.outcome !== 'na') return 'outcome must be "pass", "fail" or "na"';
  if (override.outcome === 'na' && !item.naAllowed) return `item ${itemId} cannot be marked not applicable`;
  if (override.earned !== undefined) {
    if (override.outcome !== 'fail') return 'earned (partial credit) goes only with outcome "fail"';
    if (typeof override.earned !== 'number' || !Number.isFinite(override.earned) || override.earned < 0 || override.earned >= item.points) return `earned must be a number from 0 to below the item's ${item.points} points`;
  }
  if (typeof override.reason !== 'string' || override.reason.trim() === '') return 'every change needs a reason';
  if (override.reason.length > 1000) return 'the reason must be at most 1000 characters';
  return undefined;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
