import type { CallEvent, EndedBy, Speaker, WordTiming } from '../events/call-event.js';
import type { CompiledPack } from '../pack/compiled-pack.js';
import type { TextAnalysis } from '../text/phrase-index.js';

/** One utterance as currently known: the latest partial, or the final that replaced every partial. */
export interface UtteranceState {
  readonly utteranceId: string;
  readonly speaker: Speaker;
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly isFinal: boolean;
  /** tMs of its first event. */
  readonly firstEventMs: number;
  /** tMs of its latest event. */
  readonly lastEventMs: number;
  /** 0 for the first hypothesis, +1 for each later one. */
  readonly revision: number;
  /** Index of this utterance in CallState.utterances. */
  readonly index: number;
  /** Index among utterances of the same speaker (0 for the agent's first turn). */
  readonly turnIndex: number;
  readonly confidence?: number;
  readonly words?: readonly WordTiming[];
  /** One analysis per pack of the call, in CallState.packs order. */
  readonly analyses: readonly TextAnalysis[];
}

/** A hold placed by the telephony: from hold.started to hold.ended. */
export interface HoldState {
  readonly index: number;
  readonly startedAtMs: number;
  readonly endedAtMs?: number;
}

/** Per-call state: immutable, replaced by the reducer on each event. */
export interface CallState {
  readonly callId: string;
  readonly language: string;
  readonly agentId?: string;
  readonly teamId?: string;
  readonly packs: readonly CompiledPack[];
  readonly startedAtMs: number;
  /** tMs of the latest applied event. */
  readonly nowMs: number;
  readonly utterances: readonly UtteranceState[];
  readonly utteranceIndex: ReadonlyMap<string, number>;
  readonly turnCounts: Readonly<Record<Speaker, number>>;
  readonly holds: readonly HoldState[];
  readonly gaps: ReadonlyArray<{ readonly fromMs: number; readonly toMs: number }>;
  readonly ended?: { readonly atMs: number; readonly endedBy: EndedBy };
}

/** What one event changed. */
export type CallChange =
  | { readonly kind: 'started' }
  | { readonly kind: 'utterance'; readonly utterance: UtteranceState; readonly previous?: UtteranceState }
  | { readonly kind: 'hold.started'; readonly hold: HoldState }
  | { readonly kind: 'hold.ended'; readonly hold: HoldState }
  | { readonly kind: 'gap'; readonly fromMs: number; readonly toMs: number }
  | { readonly kind: 'ended' };

/** The state after an event, the event, and what it changed: the unit detectors consume. */
export interface CallStep {
  readonly state: CallState;
  readonly event: CallEvent;
  readonly change: CallChange;
}

/** The hold in progress, if any. */
export function activeHold(state: CallState): HoldState | undefined {
  const last = state.holds[state.holds.length - 1];
  return last && last.endedAtMs === undefined ? last : undefined;
}

/** A step that added or revised an utterance. */
export type UtteranceStep = CallStep & { readonly change: Extract<CallChange, { kind: 'utterance' }> };

/** Narrows a step to an utterance change. */
export function isUtteranceStep(step: CallStep): step is UtteranceStep {
  return step.change.kind === 'utterance';
}

/** Final utterances of one speaker, oldest first. */
export function finalTurns(state: CallState, speaker: UtteranceState['speaker']): UtteranceState[] {
  return state.utterances.filter((u) => u.isFinal && u.speaker === speaker);
}
