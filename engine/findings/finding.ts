import type { Speaker } from '../events/call-event.js';
import type { MatchMethod } from '../text/phrase-hit.js';

/**
 * The fixed vocabulary every rule is tagged with. Names never change; new ones may be added.
 */
export const FINDING_CATEGORIES = [
  'greeting_missing',
  'closing_missing',
  'forbidden_phrase',
  'pace_fast',
  'pace_slow',
  'hold_without_permission',
  'hold_no_apology',
  'hold_too_long',
  'agent_hangup_first',
  'interruption',
  'dead_air',
  // the agent far faster than the customer (pace, relative mode)
  'pace_mismatch',
  // the customer gave a surname and the agent did not address them by it often enough
  'surname_unused',
  // a scripted protocol (silent-call or noisy-line ladder) cut short
  'ladder_incomplete',
  // cards that help the agent (suggest rules); never a violation
  'coaching',
] as const;

export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export type Severity = 'info' | 'warn' | 'critical';

/** A highlighted stretch of one utterance: [start, end) into its final (or latest) text. */
export interface EvidenceSpan {
  readonly utteranceId: string;
  readonly start: number;
  readonly end: number;
}

/** One step of a scripted protocol (a ladder), as it went: when its card was shown and when the agent said it. */
export interface EvidenceStep {
  readonly label: string;
  readonly promptedAtMs?: number;
  readonly saidAtMs?: number;
  readonly utteranceId?: string;
}

/**
 * Why a finding was raised. `explanation` is text an agent or QA lead can read ("192 chars/min over 40 s, limit 150");
 * `quote` is the only field that carries transcript words (personal data: it can be dropped on export).
 */
export interface Evidence {
  readonly explanation: string;
  readonly quote?: string;
  readonly spans?: readonly EvidenceSpan[];
  readonly observed?: number;
  readonly limit?: number;
  readonly unit?: string;
  readonly method?: MatchMethod;
  readonly confidence?: number;
  readonly pattern?: string;
  readonly speaker?: Speaker;
  /** Scripted protocols (ladders): every step and what became of it. */
  readonly steps?: readonly EvidenceStep[];
}

/** One violation, as stored for review. */
export interface Finding {
  /** Stable within a call: the same violation always has the same key. */
  readonly key: string;
  readonly callId: string;
  readonly category: FindingCategory;
  readonly ruleId: string;
  readonly packId: string;
  readonly packVersion: string;
  readonly severity: Severity;
  readonly utteranceId?: string;
  /** Call time (ms) at which the engine first emitted it, provisionally or not. */
  readonly atMs: number;
  /** Call time (ms) at which it was confirmed: for transcript rules, the final result. */
  readonly confirmedAtMs: number;
  readonly evidence: Evidence;
}
