/**
 * A QA scorecard shipped with a pack: weighted sections of items, each filled from the pack's findings (`rules`) or by
 * a reviewer (`manual`). Data only: the engine carries it with its pack and never reads it; scoring lives in
 * rules/scorecard/. Versioned with the pack, so a score always names the form it was computed on.
 */
export interface CompiledScorecard {
  /** Scorecard id, e.g. zh-CN-qa. */
  readonly id: string;
  /** The pack's version: a scorecard changes only with a new pack version. */
  readonly version: string;
  /** "zh-CN-standard@1.3.0". */
  readonly pack: string;
  readonly title: string;
  /** Total score at or above which a call passes (0–100). */
  readonly passMark: number;
  readonly sections: readonly ScorecardSection[];
}

/** A weighted part of a scorecard; weights of a scorecard add up to 100. */
export interface ScorecardSection {
  readonly id: string;
  readonly title: string;
  /** Share of the total score, in percent. */
  readonly weight: number;
  readonly items: readonly ScorecardItem[];
}

/** One line of the form. */
export interface ScorecardItem {
  readonly id: string;
  readonly title: string;
  /** Weight of the item inside its section. */
  readonly points: number;
  /** Rule ids whose findings fill the item; empty for an item scored by hand. */
  readonly rules: readonly string[];
  /** Points lost per finding (at most `points`); without it one finding fails the item. */
  readonly perFinding?: number;
  /** A failed auto-fail item sets the whole call's score to 0 (一票否决). */
  readonly autoFail: boolean;
  /** Whether a reviewer may mark it not applicable (a call with no hold, no survey). */
  readonly naAllowed: boolean;
  /** What the reviewer checks, for manual items. */
  readonly guidance?: string;
}

/** "zh-CN-qa@1.3.0". */
export function scorecardRef(scorecard: Pick<CompiledScorecard, 'id' | 'version'>): string {
  return `${scorecard.id}@${scorecard.version}`;
}
