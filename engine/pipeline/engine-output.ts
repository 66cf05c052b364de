import type { IngestError } from '../errors/ingest-error.js';
import type { Speaker } from '../events/call-event.js';
import type { Finding } from '../findings/finding.js';
import type { Nudge, NudgeRetraction } from '../nudges/nudge.js';

/** One final utterance as kept for review. */
export interface TranscriptLine {
  readonly callId: string;
  readonly utteranceId: string;
  readonly speaker: Speaker;
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** Why a call's state was released. */
export type CloseReason = 'ended' | 'idle' | 'input-ended';

/** A detector that threw: disabled for this call, everything else goes on. */
export interface EngineFault {
  readonly code: 'CALLCOACH_ENGINE_DETECTOR_FAILED' | 'CALLCOACH_ENGINE_UNKNOWN_KIND';
  readonly callId: string;
  readonly ruleId?: string;
  readonly packId?: string;
  readonly message: string;
}

/** Everything the engine emits. Findings are confirmed findings only; nudges include provisional ones. */
export type EngineOutput =
  | { readonly type: 'call.opened'; readonly callId: string; readonly agentId?: string; readonly language: string; readonly packs: readonly string[]; readonly atMs: number }
  | { readonly type: 'finding'; readonly finding: Finding }
  /** A final transcript line, for the record (QA review shows findings on the transcript). Carries personal data. */
  | { readonly type: 'utterance'; readonly utterance: TranscriptLine }
  | { readonly type: 'nudge'; readonly nudge: Nudge }
  | { readonly type: 'nudge.retracted'; readonly retraction: NudgeRetraction }
  | { readonly type: 'rejected'; readonly error: IngestError }
  | { readonly type: 'fault'; readonly fault: EngineFault }
  | { readonly type: 'call.closed'; readonly callId: string; readonly reason: CloseReason; readonly atMs: number };
