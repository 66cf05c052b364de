import type { FindingCategory, Severity } from '../findings/finding.js';

/** What the agent sees on the overlay. */
export interface Nudge {
  /** Stable: a provisional nudge and its confirmation share the id, so the overlay updates in place. */
  readonly nudgeId: string;
  readonly callId: string;
  readonly ruleId: string;
  readonly packId: string;
  readonly kind: 'finding' | 'card';
  readonly category?: FindingCategory;
  readonly severity: Severity;
  /** provisional: flagged from an interim transcript and may yet be retracted. */
  readonly status: 'provisional' | 'confirmed';
  /** Short text in the call's language. */
  readonly text: string;
  /** The better phrasing, where the pack has one. */
  readonly suggest?: string;
  readonly title?: string;
  readonly utteranceId?: string;
  /** Call time (ms) at which it was shown or updated. */
  readonly atMs: number;
}

/** Tells the overlay to remove a provisional nudge the final transcript did not confirm. */
export interface NudgeRetraction {
  readonly nudgeId: string;
  readonly callId: string;
  readonly atMs: number;
  readonly reason: string;
}
