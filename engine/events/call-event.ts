/** Who produced an utterance. */
export type Speaker = 'agent' | 'customer' | 'unknown';

/** Who released the call. */
export type EndedBy = 'agent' | 'customer' | 'system' | 'unknown';

/** A recogniser's timing for one word. */
export interface WordTiming {
  readonly w: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly confidence?: number;
}

/** Fields every protocol v1 event carries. `tMs` is the call time (ms from call start) at which it was produced. */
interface EventBase {
  readonly callId: string;
  readonly tMs: number;
  /** Idempotency key: a repeated eventId is ignored. */
  readonly eventId?: string;
  /** Per-call counter set by the producer; lets the engine release in-order events without waiting. */
  readonly seq?: number;
}

export interface CallStarted extends EventBase {
  readonly type: 'call.started';
  /** BCP-47, e.g. zh-CN, en-US. */
  readonly language: string;
  readonly agentId?: string;
  /** The agent's team: a supervisor's live view shows the calls of their team. */
  readonly teamId?: string;
}

interface UtteranceBase extends EventBase {
  readonly utteranceId: string;
  readonly speaker: Speaker;
  /** The whole current hypothesis, never a delta. */
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly confidence?: number;
  readonly words?: readonly WordTiming[];
}

export interface UtterancePartial extends UtteranceBase {
  readonly type: 'utterance.partial';
}

/** Replaces every partial of its utteranceId. */
export interface UtteranceFinal extends UtteranceBase {
  readonly type: 'utterance.final';
}

export interface HoldStarted extends EventBase {
  readonly type: 'hold.started';
}

export interface HoldEnded extends EventBase {
  readonly type: 'hold.ended';
}

export interface CallEnded extends EventBase {
  readonly type: 'call.ended';
  readonly endedBy: EndedBy;
}

/** Audio lost upstream between fromMs and toMs. */
export interface StreamGap extends EventBase {
  readonly type: 'stream.gap';
  readonly fromMs: number;
  readonly toMs: number;
  readonly cause?: string;
}

/** Every event of protocol v1: the only thing the engine sees. */
export type CallEvent =
  | CallStarted
  | UtterancePartial
  | UtteranceFinal
  | HoldStarted
  | HoldEnded
  | CallEnded
  | StreamGap;

export type UtteranceEvent = UtterancePartial | UtteranceFinal;

export type CallEventType = CallEvent['type'];

/** True for partial and final transcript events. */
export function isUtteranceEvent(event: CallEvent): event is UtteranceEvent {
  return event.type === 'utterance.partial' || event.type === 'utterance.final';
}
