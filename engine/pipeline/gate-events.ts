import type { Observable } from 'rxjs';
import { INGEST_ERROR_CODES, ingestError, type IngestError } from '../errors/ingest-error.js';
import { guardedObservable } from '../faults/guarded-observable.js';
import type { CompiledPack } from '../pack/compiled-pack.js';
import type { CallState, CallStep } from '../state/call-state.js';
import type { EngineStages } from './engine-stages.js';
import type { Sequenced } from './sequence-events.js';

/** A step of the call, or an event the call refused. */
export type Gated = { readonly kind: 'step'; readonly step: CallStep } | { readonly kind: 'rejected'; readonly error: IngestError };

/** What the gate needs: the packs for a language, and the start and reduce stages. */
export interface GateEnvironment {
  readonly packsFor: (language: string) => readonly CompiledPack[];
  readonly stages: Pick<EngineStages, 'startCall' | 'reduceCall'>;
}

/**
 * Refuses events before call.started, starts the call, then reduces every event into the next step. Runs once per
 * event, so it is one subscriber holding the state rather than scan plus an inner subscription per event.
 */
export function gateEvents(env: GateEnvironment) {
  return (sequenced: Observable<Sequenced>): Observable<Gated> =>
    guardedObservable<Gated>(({ subscriber, listen }) => {
      let state: CallState | undefined;
      return listen(sequenced, (item) => {
        const admitted = admit(env, state, item);
        state = admitted.state;
        for (const gated of admitted.out) subscriber.next(gated);
      });
    });
}

function admit(env: GateEnvironment, state: CallState | undefined, item: Sequenced): { readonly state: CallState | undefined; readonly out: readonly Gated[] } {
  if (item.kind === 'rejected') return { state, out: [item] };
  const { event, source } = item;
  const withSource = (error: IngestError): Gated => ({ kind: 'rejected', error: source ? { ...error, source } : error });
  if (!state) {
    if (event.type !== 'call.started') {
      return {
        state,
        out: [
          withSource(
            ingestError(INGEST_ERROR_CODES.UNKNOWN_CALL, `no call.started was received for call ${event.callId}; its ${event.type} is ignored`, {
              callId: event.callId,
              eventType: event.type,
              field: 'callId',
            }),
          ),
        ],
      };
    }
    const packs = env.packsFor(event.language);
    const step = env.stages.startCall(event, packs);
    const out: Gated[] = [{ kind: 'step', step }];
    if (packs.length === 0) {
      out.push(
        withSource(
          ingestError(INGEST_ERROR_CODES.NO_PACK, `no rule pack is loaded for language ${event.language}; call ${event.callId} is tracked but not checked`, {
            callId: event.callId,
            eventType: event.type,
            field: 'language',
            severity: 'warning',
          }),
        ),
      );
    }
    return { state: step.state, out };
  }
  const result = env.stages.reduceCall(state, event);
  if (!result.ok) return { state, out: [withSource(result.error)] };
  return { state: result.step.state, out: [{ kind: 'step', step: result.step }] };
}
