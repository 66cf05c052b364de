import type { CallEvent, CallStarted, UtteranceEvent } from '../events/call-event.js';
import { INGEST_ERROR_CODES, ingestError, type IngestError } from '../errors/ingest-error.js';
import type { CompiledPack } from '../pack/compiled-pack.js';
import { activeHold, type CallState, type CallStep, type UtteranceState } from './call-state.js';

/** The reducer's verdict on one event: the next step, or why the event cannot apply. */
export type ReduceResult = { readonly ok: true; readonly step: CallStep } | { readonly ok: false; readonly error: IngestError };

/** Starts a call's state from its call.started event and the packs chosen for its language. */
export function startCall(event: CallStarted, packs: readonly CompiledPack[]): CallStep {
  const state: CallState = {
    callId: event.callId,
    language: event.language,
    ...(event.agentId !== undefined ? { agentId: event.agentId } : {}),
    ...(event.teamId !== undefined ? { teamId: event.teamId } : {}),
    packs,
    startedAtMs: event.tMs,
    nowMs: event.tMs,
    utterances: [],
    utteranceIndex: new Map(),
    turnCounts: { agent: 0, customer: 0, unknown: 0 },
    holds: [],
    gaps: [],
  };
  return { state, event, change: { kind: 'started' } };
}

/**
 * Applies one in-order event to a started call. Pure: the same state and event always give the same result.
 * Refuses events that cannot apply (a partial after its final, a second hold.started, ...) without changing the state.
 */
export function reduceCall(state: CallState, event: CallEvent): ReduceResult {
  const where = { callId: state.callId, eventType: event.type };
  if (state.ended) {
    return fail(INGEST_ERROR_CODES.CALL_ALREADY_ENDED, `call ${state.callId} already ended at ${state.ended.atMs} ms`, where);
  }
  const nowMs = Math.max(state.nowMs, event.tMs);
  switch (event.type) {
    case 'call.started':
      return fail(INGEST_ERROR_CODES.CALL_ALREADY_STARTED, `call ${state.callId} already started; a second call.started is ignored`, where);
    case 'utterance.partial':
    case 'utterance.final':
      return applyUtterance(state, event, nowMs);
    case 'hold.started': {
      if (activeHold(state)) return fail(INGEST_ERROR_CODES.HOLD_STATE, `call ${state.callId} is already on hold`, where);
      const hold = { index: state.holds.length, startedAtMs: event.tMs };
      return ok({ ...state, nowMs, holds: [...state.holds, hold] }, event, { kind: 'hold.started', hold });
    }
    case 'hold.ended': {
      const open = activeHold(state);
      if (!open) return fail(INGEST_ERROR_CODES.HOLD_STATE, `call ${state.callId} is not on hold; hold.ended is ignored`, where);
      const hold = { ...open, endedAtMs: event.tMs };
      return ok({ ...state, nowMs, holds: [...state.holds.slice(0, -1), hold] }, event, { kind: 'hold.ended', hold });
    }
    case 'stream.gap':
      return ok({ ...state, nowMs, gaps: [...state.gaps, { fromMs: event.fromMs, toMs: event.toMs }] }, event, {
        kind: 'gap',
        fromMs: event.fromMs,
        toMs: event.toMs,
      });
    case 'call.ended': {
      // A hold still open when the call ends is closed at the end of the call.
      const open = activeHold(state);
      const holds = open ? [...state.holds.slice(0, -1), { ...open, endedAtMs: event.tMs }] : state.holds;
      return ok({ ...state, nowMs, holds, ended: { atMs: event.tMs, endedBy: event.endedBy } }, event, { kind: 'ended' });
    }
  }
}

function applyUtterance(state: CallState, event: UtteranceEvent, nowMs: number): ReduceResult {
  const existingIndex = state.utteranceIndex.get(event.utteranceId);
  const previous = existingIndex === undefined ? undefined : state.utterances[existingIndex];
  if (previous?.isFinal) {
    return fail(
      INGEST_ERROR_CODES.UTTERANCE_ALREADY_FINAL,
      `utterance ${event.utteranceId} of call ${state.callId} is already final; this ${event.type} is ignored`,
      { callId: state.callId, eventType: event.type },
    );
  }
  if (previous && previous.speaker !== event.speaker) {
    return fail(
      INGEST_ERROR_CODES.INVALID_EVENT,
      `utterance ${event.utteranceId} of call ${state.callId} changed speaker from ${previous.speaker} to ${event.speaker}`,
      { callId: state.callId, eventType: event.type, field: 'speaker' },
    );
  }
  const index = existingIndex ?? state.utterances.length;
  const turnIndex = previous ? previous.turnIndex : state.turnCounts[event.speaker];
  const sameText = previous !== undefined && previous.text === event.text;
  const utterance: UtteranceState = {
    utteranceId: event.utteranceId,
    speaker: event.speaker,
    text: event.text,
    startMs: event.startMs,
    endMs: event.endMs,
    isFinal: event.type === 'utterance.final',
    firstEventMs: previous ? previous.firstEventMs : event.tMs,
    lastEventMs: event.tMs,
    revision: previous ? previous.revision + 1 : 0,
    index,
    turnIndex,
    ...(event.confidence !== undefined ? { confidence: event.confidence } : {}),
    ...(event.words !== undefined ? { words: event.words } : {}),
    // Analysing is the costly part of an event: reuse it when the hypothesis did not change.
    analyses: sameText ? previous.analyses : state.packs.map((p) => p.phrases.analyze(event.text)),
  };
  const utterances = existingIndex === undefined ? [...state.utterances, utterance] : replaceAt(state.utterances, index, utterance);
  const utteranceIndex = existingIndex === undefined ? new Map(state.utteranceIndex).set(event.utteranceId, index) : state.utteranceIndex;
  const turnCounts = existingIndex === undefined ? { ...state.turnCounts, [event.speaker]: state.turnCounts[event.speaker] + 1 } : state.turnCounts;
  return ok({ ...state, nowMs, utterances, utteranceIndex, turnCounts }, event, {
    kind: 'utterance',
    utterance,
    ...(previous ? { previous } : {}),
  });
}

function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  const copy = items.slice();
  copy[index] = item;
  return copy;
}

function ok(state: CallState, event: CallEvent, change: CallStep['change']): ReduceResult {
  return { ok: true, step: { state, event, change } };
}

function fail(code: IngestError['code'], message: string, details: { callId: string; eventType: string; field?: string }): ReduceResult {
  return { ok: false, error: ingestError(code, message, details) };
}
