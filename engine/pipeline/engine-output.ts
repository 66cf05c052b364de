import type { IngestError } from '../errors/ingest-error.js';
import type { EngineFaultCode } from '../faults/engine-fault-codes.js';
import type { EngineStage } from '../faults/engine-stage-error.js';
import type { Speaker } from '../events/call-event.js';
import type { Finding } from '../findings/finding.js';
import type { Nudge, NudgeRetraction } from '../nudges/nudge.js';
import type { CallLiveState } from '../live/live-state.js';

/** One final utterance as kept for review. */
export interface TranscriptLine {
  readonly callId: string;
  readonly utteranceId: string;
  readonly speaker: Speaker;
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** Why a call's state was released: it ended, went quiet, the input ended, or an internal fault stopped it. */
export type CloseReason = 'ended' | 'idle' | 'input-ended' | 'fault';

/**
 * Something inside the engine threw while handling one call. What it costs is in the code: a rule disabled for the
 * call, the call's nudges, or the call itself (closed). Every other call goes on untouched. `message` is static text
 * and ids (never transcript text).
 */
export interface EngineFault {
  readonly code: EngineFaultCode;
  readonly stage: EngineStage;
  readonly callId: string;
  readonly ruleId?: string;
  readonly packId?: string;
  readonly message: string;
}

/** Everything the engine emits. Findings are confirmed findings only; nudges include provisional ones. */
export type EngineOutput =
  | { readonly type: 'call.opened'; readonly callId: string; readonly agentId?: string; readonly teamId?: string; readonly language: string; readonly packs: readonly string[]; readonly atMs: number }
  | { readonly type: 'finding'; readonly finding: Finding }
  /** A final transcript line, for the record (QA review shows findings on the transcript). Carries personal data. */
  | { readonly type: 'utterance'; readonly utterance: TranscriptLine }
  | { readonly type: 'nudge'; readonly nudge: Nudge }
  | { readonly type: 'nudge.retracted'; readonly retraction: NudgeRetraction }
  /** Hold timer and pace meter for the live views; emitted when either changes. */
  | { readonly type: 'call.state'; readonly state: CallLiveState }
  | { readonly type: 'rejected'; readonly error: IngestError }
  | { readonly type: 'fault'; readonly fault: EngineFault }
  | { readonly type: 'call.closed'; readonly callId: string; readonly reason: CloseReason; readonly atMs: number };
