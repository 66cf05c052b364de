import type { CallStep, UtteranceState } from '../state/call-state.js';
import { openUtteranceDelta } from './open-utterance-delta.js';

// A request and its answer are neighbours: looking this many utterances back is plenty.
const LOOK_BACK = 8;

/** The agent asking the customer to wait (请您稍等片刻好吗), and whether the customer answered before the hold. */
export interface WaitRequest {
  readonly utteranceId: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly answered: boolean;
}

/** A hold as the hold rules see it: placed by the telephony, or inferred from a wait request followed by silence. */
export interface TrackedHold {
  /** 0 for the call's first hold, counting inferred ones. */
  readonly index: number;
  readonly startedAtMs: number;
  readonly endedAtMs?: number;
  /** 'inferred' until (unless) the telephony confirms it with hold.started. */
  readonly source: 'telephony' | 'inferred';
  /** The latest wait request before the hold, if any. */
  readonly request?: WaitRequest;
}

/** A hold starting or ending. */
export type HoldChange = { readonly kind: 'started'; readonly hold: TrackedHold } | { readonly kind: 'ended'; readonly hold: TrackedHold };

/** When silence after a wait request is taken for a hold the telephony did not report. */
export interface HoldInference {
  /** Silence this long after the request (and the customer's answer) is a hold. */
  readonly silenceMs: number;
  /** ...provided the silence begins within this long after the request ends. */
  readonly withinMs: number;
}

/** What the tracker remembers. */
export interface HoldTracker {
  readonly current?: TrackedHold;
  readonly holds: number;
  /** Latest end of anyone's speech. */
  readonly speechEndMs: number;
  /** Utterances heard but not final yet: someone is still talking, however sparse their interim results. */
  readonly openUtterances: number;
  /** The latest wait request not yet answered by a hold. */
  readonly request?: WaitRequest;
}

/** A tracker for a call that has not started. */
export const NO_HOLDS: HoldTracker = { holds: 0, speechEndMs: 0, openUtterances: 0 };

/**
 * One step of hold tracking. Holds come from hold.started/hold.ended; an inferred hold (see holdInferenceAtMs) ends at
 * the next speech, and if the telephony reports hold.started during it, the two are one hold, started when the line
 * went quiet: a hold is never counted twice.
 */
export function trackHolds(tracker: HoldTracker, step: CallStep, isWaitRequest: (u: UtteranceState) => boolean): { tracker: HoldTracker; changes: HoldChange[] } {
  const change = step.change;
  switch (change.kind) {
    case 'utterance': {
      const u = change.utterance;
      let next: HoldTracker = { ...tracker, speechEndMs: Math.max(tracker.speechEndMs, u.endMs), openUtterances: tracker.openUtterances + openUtteranceDelta(change.previous, u) };
      const changes: HoldChange[] = [];
      if (tracker.current?.source === 'inferred' && !change.previous) {
        const hold = { ...tracker.current, endedAtMs: Math.max(tracker.current.startedAtMs, u.startMs) };
        // Speech that began before the quiet moment (its first transcript came late) means there was no hold at all:
        // it ends at once, and the wait request stays unanswered by a hold.
        const never = u.startMs <= tracker.current.startedAtMs && tracker.current.request !== undefined;
        next = { ...next, current: undefined, ...(never ? { request: tracker.current.request } : {}) };
        changes.push({ kind: 'ended', hold });
      }
      if (tracker.current?.source === 'telephony') return { tracker: next, changes };
      if (u.speaker === 'agent' && isWaitRequest(u)) {
        // The customer may answer before the request's final arrives (its interim results lag): count that too.
        const answered = (tracker.request?.utteranceId === u.utteranceId && tracker.request.answered) || answeredSince(step.state.utterances, u);
        next = { ...next, request: { utteranceId: u.utteranceId, startMs: u.startMs, endMs: u.endMs, answered } };
      } else if (u.speaker === 'customer' && next.request && !next.request.answered && u.startMs > next.request.startMs) {
        next = { ...next, request: { ...next.request, answered: true } };
      }
      return { tracker: next, changes };
    }
    case 'hold.started': {
      if (tracker.current) return { tracker: { ...tracker, current: { ...tracker.current, source: 'telephony' } }, changes: [] };
      return start(tracker, change.hold.startedAtMs, 'telephony');
    }
    case 'hold.ended':
    case 'ended': {
      if (!tracker.current) return { tracker, changes: [] };
      const endedAtMs = change.kind === 'hold.ended' ? (change.hold.endedAtMs ?? step.state.nowMs) : (step.state.ended?.atMs ?? step.state.nowMs);
      return { tracker: { ...tracker, current: undefined }, changes: [{ kind: 'ended', hold: { ...tracker.current, endedAtMs } }] };
    }
    default:
      return { tracker, changes: [] };
  }
}

/** When the silence after the latest wait request becomes an inferred hold; undefined if it cannot. */
export function holdInferenceAtMs(tracker: HoldTracker, inference: HoldInference | undefined): number | undefined {
  const request = tracker.request;
  if (!inference || tracker.current || !request || tracker.openUtterances > 0) return undefined;
  if (tracker.speechEndMs - request.endMs > inference.withinMs) return undefined;
  return tracker.speechEndMs + inference.silenceMs;
}

/** Woken at `nowMs`: starts the inferred hold if its time has come (it started when the line went quiet). */
export function inferHold(tracker: HoldTracker, nowMs: number, inference: HoldInference | undefined): { tracker: HoldTracker; changes: HoldChange[] } {
  const dueMs = holdInferenceAtMs(tracker, inference);
  if (dueMs === undefined || dueMs > nowMs) return { tracker, changes: [] };
  return start(tracker, tracker.speechEndMs, 'inferred');
}

function answeredSince(utterances: readonly UtteranceState[], request: UtteranceState): boolean {
  for (let i = utterances.length - 1; i >= 0 && i >= utterances.length - LOOK_BACK; i--) {
    const u = utterances[i] as UtteranceState;
    if (u.speaker === 'customer' && u.startMs > request.startMs) return true;
  }
  return false;
}

function start(tracker: HoldTracker, startedAtMs: number, source: TrackedHold['source']): { tracker: HoldTracker; changes: HoldChange[] } {
  const hold: TrackedHold = { index: tracker.holds, startedAtMs, source, ...(tracker.request ? { request: tracker.request } : {}) };
  return { tracker: { ...tracker, current: hold, holds: tracker.holds + 1, request: undefined }, changes: [{ kind: 'started', hold }] };
}
