import { catchError, connect, defer, distinct, EMPTY, filter, endWith, map, merge, mergeMap, of, startWith, switchMap, take, takeWhile, tap, timer, type Observable, type SchedulerLike } from 'rxjs';
import { createCallClock, type CallClock } from '../clock/call-clock.js';
import type { DetectorSignal } from '../detectors/detector.js';
import type { DetectorRegistry } from '../detectors/builtin-detectors.js';
import { ENGINE_FAULT_CODES } from '../faults/engine-fault-codes.js';
import { atStage } from '../faults/engine-stage-error.js';
import { failAt } from '../faults/fail-at.js';
import type { NudgePolicyOptions } from '../nudges/nudge-policy.js';
import type { CompiledPack } from '../pack/compiled-pack.js';
import { redactionFor, type RedactionPolicy } from '../privacy/redaction-policy.js';
import { packRef } from '../pack/compiled-pack.js';
import type { CallStep } from '../state/call-state.js';
import { textLanguageOf } from '../text/text-language.js';
import { createLiveStateTracker } from '../live/live-state.js';
import type { CloseReason, EngineOutput } from './engine-output.js';
import type { EngineStages } from './engine-stages.js';
import { gateEvents, type Gated } from './gate-events.js';
import { idleAfter } from './idle-after.js';
import { runRule, type FaultSignal } from './run-rule.js';
import { sequenceEvents, type Arrival } from './sequence-events.js';

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
  readonly stages: EngineStages;
  /** The deployment's redaction policy (packs add to it). */
  readonly redaction?: RedactionPolicy | undefined;
  /** Asks the engine to close this call's group (its state is then released). */
  readonly close: (reason: CloseReason) => void;
}

/**
 * One call: sequence its events, reduce them into state, fan the steps out to every rule's detector, and turn detector
 * signals into findings and nudges. Faults stay inside the call: a failing detector disables its rule, a failing nudge
 * policy silences the call's nudges, and anything else that throws closes this call (with a fault) and no other.
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
      failAt('sequencer'),
      gateEvents(env),
      failAt('reducer'),
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
        failAt('lifecycle'),
        tap(() => env.close(closeReason)),
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
      catchError((err: unknown) => {
        // The call's state can no longer be trusted: report, close this call (late events get a clear refusal).
        const stageError = atStage('call', err);
        closeReason = 'fault';
        env.close('fault');
        return of<EngineOutput>({
          type: 'fault',
          fault: { code: ENGINE_FAULT_CODES.CALL_FAILED, stage: stageError.stage, callId, message: `call ${callId} was closed after its ${stageError.stage} failed (${stageError.causeName})` },
        });
      }),
      endWith(undefined),
      map((output) => output ?? ({ type: 'call.closed', callId, reason: closeReason, atMs: clockOf().nowMs() } satisfies EngineOutput)),
    );
  });
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
        connect((live) => merge(...packs.flatMap((pack, packIndex) => pack.rules.map((rule) => runRule(rule, live, { callId, clock, pack, packIndex }, env.detectors))))),
      );
      const lookup = (packId: string, ruleId: string) => packs.find((p) => p.id === packId)?.rules.find((r) => r.id === ruleId);
      const opened: EngineOutput = {
        type: 'call.opened',
        callId,
        ...(start.state.agentId !== undefined ? { agentId: start.state.agentId } : {}),
        ...(start.state.teamId !== undefined ? { teamId: start.state.teamId } : {}),
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
      const track = createLiveStateTracker(callId, textLanguageOf(start.state.language));
      const live = steps.pipe(
        mergeMap((s) => {
          const state = track(s, clock.nowMs());
          return state ? of<EngineOutput>({ type: 'call.state', state }) : EMPTY;
        }),
      );
      const redaction = redactionFor(env.redaction, packs.map((p) => p.privacy));
      const redacted = redaction ? env.stages.redactOutputs(redaction, textLanguageOf(start.state.language)) : (o: Observable<EngineOutput>) => o;
      return merge(
        of(opened),
        transcript,
        live,
        signals.pipe(
          connect((shared) =>
            merge(
              shared.pipe(confirmedFindings()),
              shared.pipe(
                filter((s): s is DetectorSignal => !('fault' in s)),
                env.stages.nudgePolicy(env.nudgePolicy, { callId, clock, language: textLanguageOf(start.state.language), lookup }),
                map((o): EngineOutput => (o.type === 'nudge' ? { type: 'nudge', nudge: o.nudge } : { type: 'nudge.retracted', retraction: o.retraction })),
                // A broken policy costs the call its nudges, not its findings.
                catchError((err: unknown) =>
                  of<EngineOutput>({
                    type: 'fault',
                    fault: {
                      code: ENGINE_FAULT_CODES.NUDGES_FAILED,
                      stage: 'nudge-policy',
                      callId,
                      message: `the nudge policy failed for call ${callId} (${err instanceof Error ? err.name : 'error'}); it is still checked and its findings stored, without nudges`,
                    },
                  }),
                ),
              ),
              shared.pipe(
                filter((s): s is FaultSignal => 'fault' in s),
                map((s): EngineOutput => ({ type: 'fault', fault: s.fault })),
              ),
            ),
          ),
        ),
      ).pipe(redacted, failAt('redaction'));
    }),
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
