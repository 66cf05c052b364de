import {
  Observable,
  catchError,
  connect,
  defer,
  distinct,
  EMPTY,
  filter,
  endWith,
  map,
  merge,
  mergeMap,
  of,
  startWith,
  switchMap,
  take,
  takeWhile,
  tap,
  timer,
  type SchedulerLike,
} from 'rxjs';
import { createCallClock, type CallClock } from '../clock/call-clock.js';
import type { DetectorContext, DetectorSignal } from '../detectors/detector.js';
import type { DetectorRegistry } from '../detectors/builtin-detectors.js';
import { INGEST_ERROR_CODES, ingestError, type IngestError } from '../errors/ingest-error.js';
import { applyNudgePolicy, type NudgePolicyOptions } from '../nudges/nudge-policy.js';
import type { CompiledPack, CompiledRule } from '../pack/compiled-pack.js';
import { packRef } from '../pack/compiled-pack.js';
import type { CallState, CallStep } from '../state/call-state.js';
import { reduceCall, startCall } from '../state/reduce-call.js';
import { textLanguageOf } from '../text/text-language.js';
import type { CloseReason, EngineOutput } from './engine-output.js';
import { idleAfter } from './idle-after.js';
import { sequenceEvents, type Arrival, type Sequenced } from './sequence-events.js';

/** What one call's pipeline needs from the engine. */
export interface CallEnvironment {
  readonly scheduler: SchedulerLike;
  readonly reorderWindowMs: number;
  /** How long a call with no events is kept before its state is released. */
  readonly idleTimeoutMs: number;
  /** How long an ended call is kept to answer late events with a clear error. */
  readonly lingerMs: number;
  readonly packsFor: (language: string) => readonly CompiledPack[];
  readonly detectors: DetectorRegistry;
  readonly nudgePolicy: NudgePolicyOptions;
  /** Asks the engine to close this call's group (its state is then released). */
  readonly close: () => void;
}

type Gated = { readonly kind: 'step'; readonly step: CallStep } | { readonly kind: 'rejected'; readonly error: IngestError };

/**
 * One call: sequence its events, reduce them into state, fan the steps out to every rule's detector,
 * and turn detector signals into findings and nudges. A failing detector becomes a fault for its call alone.
 */
export function runCall(callId: string, arrivals: Observable<Arrival>, env: CallEnvironment): Observable<EngineOutput> {
  return defer(() => {
    let clock: CallClock | undefined;
    let closeReason: CloseReason = 'input-ended';
    const clockOf = () => clock ?? (clock = createCallClock(env.scheduler, 0));

    const gated = arrivals.pipe(
      tap((arrival) => {
        // Call time starts when the call's first event arrives, whatever its type.
        clock ??= createCallClock(env.scheduler, arrival.event.tMs);
      }),
      sequenceEvents({ scheduler: env.scheduler, reorderWindowMs: env.reorderWindowMs }),
      gate(env),
    );

    // Nothing may outlive the call: the group is closed shortly after call.ended, or after an idle timeout.
    const lifecycle = (shared: Observable<Gated>): Observable<never> =>
      merge(
        shared.pipe(
          filter((g) => g.kind === 'step' && g.step.change.kind === 'ended'),
          take(1),
          tap(() => (closeReason = 'ended')),
          switchMap(() => timer(env.lingerMs, env.scheduler)),
        ),
        arrivals.pipe(
          idleAfter(env.idleTimeoutMs, env.scheduler),
          tap(() => {
            if (closeReason !== 'ended') closeReason = 'idle';
          }),
        ),
      ).pipe(
        tap(() => env.close()),
        mergeMap(() => EMPTY),
      );

    return gated.pipe(
      connect((shared) =>
        merge(
          shared.pipe(
            filter((g): g is Extract<Gated, { kind: 'rejected' }> => g.kind === 'rejected'),
            map((g): EngineOutput => ({ type: 'rejected', error: g.error })),
          ),
          session(
            callId,
            shared.pipe(
              filter((g): g is Extract<Gated, { kind: 'step' }> => g.kind === 'step'),
              map((g) => g.step),
            ),
            env,
            clockOf,
          ),
          lifecycle(shared),
        ),
      ),
      endWith(undefined),
      map((output) => output ?? ({ type: 'call.closed', callId, reason: closeReason, atMs: clockOf().nowMs() } satisfies EngineOutput)),
    );
  });
}

interface GateState {
  readonly state: CallState | undefined;
  readonly out: readonly Gated[];
}

/**
 * Refuses events before call.started, starts the call, then reduces every event into the next step. Runs once per
 * event, so it is one subscriber holding the state rather than scan plus an inner subscription per event.
 */
function gate(env: CallEnvironment) {
  return (sequenced: Observable<Sequenced>): Observable<Gated> =>
    new Observable<Gated>((subscriber) => {
      let state: CallState | undefined;
      return sequenced.subscribe({
        next: (item) => {
          const admitted = admit(env, state, item);
          state = admitted.state;
          for (const gated of admitted.out) subscriber.next(gated);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}

function admit(env: CallEnvironment, state: CallState | undefined, item: Sequenced): GateState {
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
    const step = startCall(event, packs);
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
  const result = reduceCall(state, event);
  if (!result.ok) return { state, out: [withSource(result.error)] };
  return { state: result.step.state, out: [{ kind: 'step', step: result.step }] };
}

/** Everything after call.started: detectors, findings, nudges. */
function session(callId: string, steps: Observable<CallStep>, env: CallEnvironment, clockOf: () => CallClock): Observable<EngineOutput> {
  return steps.pipe(
    filter((s) => s.change.kind === 'started'),
    take(1),
    mergeMap((start) => {
      const clock = clockOf();
      const packs = start.state.packs;
      // One subscription to the steps, fanned out to every rule (connect multicasts, so each rule sees the start too).
      const signals = steps.pipe(
        startWith(start),
        takeWhile((s) => s.change.kind !== 'ended', true),
        connect((live) => merge(...packs.flatMap((pack, packIndex) => pack.rules.map((rule) => runRule(rule, live, { callId, clock, pack, packIndex }, env))))),
      );
      const lookup = (packId: string, ruleId: string) => packs.find((p) => p.id === packId)?.rules.find((r) => r.id === ruleId);
      const opened: EngineOutput = {
        type: 'call.opened',
        callId,
        ...(start.state.agentId !== undefined ? { agentId: start.state.agentId } : {}),
        language: start.state.language,
        packs: packs.map(packRef),
        atMs: clock.nowMs(),
      };
      const transcript = steps.pipe(
        filter((s) => s.change.kind === 'utterance' && s.change.utterance.isFinal),
        map((s): EngineOutput => {
          const u = (s.change as Extract<CallStep['change'], { kind: 'utterance' }>).utterance;
          return { type: 'utterance', utterance: { callId, utteranceId: u.utteranceId, speaker: u.speaker, text: u.text, startMs: u.startMs, endMs: u.endMs } };
        }),
      );
      return merge(
        of(opened),
        transcript,
        signals.pipe(
          connect((shared) =>
            merge(
              shared.pipe(confirmedFindings()),
              shared.pipe(
                filter((s): s is DetectorSignal => !('fault' in s)),
                applyNudgePolicy(env.nudgePolicy, { callId, clock, language: textLanguageOf(start.state.language), lookup }),
                map((o): EngineOutput => (o.type === 'nudge' ? { type: 'nudge', nudge: o.nudge } : { type: 'nudge.retracted', retraction: o.retraction })),
              ),
              shared.pipe(
                filter((s): s is FaultSignal => 'fault' in s),
                map((s): EngineOutput => ({ type: 'fault', fault: s.fault })),
              ),
            ),
          ),
        ),
      );
    }),
  );
}

type FaultSignal = { readonly fault: Extract<EngineOutput, { type: 'fault' }>['fault'] };

/** One rule's detector over the call, isolated: if it throws, the rule stops for this call and a fault is reported. */
function runRule(rule: CompiledRule, steps: Observable<CallStep>, context: DetectorContext, env: CallEnvironment): Observable<DetectorSignal | FaultSignal> {
  const factory = env.detectors[rule.kind];
  if (!factory) {
    return of({
      fault: { code: 'CALLCOACH_ENGINE_UNKNOWN_KIND', callId: context.callId, ruleId: rule.id, packId: context.pack.id, message: `rule ${rule.id} uses detector kind "${rule.kind}", which this engine does not have` },
    });
  }
  return defer(() => steps.pipe(factory(rule as CompiledRule<never>, context))).pipe(
    catchError((err: unknown) =>
      of({
        fault: {
          code: 'CALLCOACH_ENGINE_DETECTOR_FAILED' as const,
          callId: context.callId,
          ruleId: rule.id,
          packId: context.pack.id,
          message: `rule ${rule.id} (${rule.kind}) failed and is disabled for this call: ${err instanceof Error ? err.name : 'error'}`,
        },
      }),
    ),
  );
}

/** Confirmed findings, each once per key. */
function confirmedFindings() {
  return (signals: Observable<DetectorSignal | FaultSignal>): Observable<EngineOutput> =>
    signals.pipe(
      filter((s): s is Extract<DetectorSignal, { type: 'confirmed' }> => 'type' in s && s.type === 'confirmed'),
      distinct((s) => s.finding.key),
      map((s): EngineOutput => ({ type: 'finding', finding: s.finding })),
    );
}
