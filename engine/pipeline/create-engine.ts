import { concat, defer, EMPTY, groupBy, map, mergeMap, of, Subject, type Observable, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { BUILTIN_DETECTORS, type DetectorRegistry } from '../detectors/builtin-detectors.js';
import { INGEST_ERROR_CODES, ingestError, type IngestError } from '../errors/ingest-error.js';
import { DEFAULT_NUDGE_POLICY, type NudgePolicyOptions } from '../nudges/nudge-policy.js';
import type { CompiledPack } from '../pack/compiled-pack.js';
import type { RedactionPolicy } from '../privacy/redaction-policy.js';
import { sameLanguage } from '../text/text-language.js';
import type { CloseReason, EngineOutput } from './engine-output.js';
import { BUILTIN_STAGES, type EngineStages } from './engine-stages.js';
import { runCall } from './run-call.js';
import type { Arrival } from './sequence-events.js';

/** What goes into the engine: a parsed event, or a parse error to report in order with the rest. */
export type EngineInput = Arrival | { readonly error: IngestError };

/** Engine configuration: one shape, with defaults. */
export interface EngineOptions {
  /** The clock: asyncScheduler for live calls, a virtual scheduler for batch and tests. */
  readonly scheduler: SchedulerLike;
  /** The packs in force; read at each call's start (so a reload applies to new calls and never changes a call midway). */
  readonly packs: () => readonly CompiledPack[];
  readonly reorderWindowMs?: number;
  readonly idleTimeoutMs?: number;
  readonly lingerMs?: number;
  readonly nudgePolicy?: Partial<NudgePolicyOptions>;
  readonly detectors?: DetectorRegistry;
  /** How many recently closed call ids are remembered to explain late events. */
  readonly rememberClosedCalls?: number;
  /** Replaces built-in stages (tracing, fault drills); unset stages are the built-in ones. */
  readonly stages?: Partial<EngineStages>;
  /** The deployment's redaction: every kind, last 4 digits shown, unless set; `{ redact: 'off' }` only for synthetic data. */
  readonly redaction?: RedactionPolicy;
}

export const ENGINE_DEFAULTS = {
  reorderWindowMs: 200,
  idleTimeoutMs: 15 * 60_000,
  lingerMs: 10_000,
  rememberClosedCalls: 10_000,
} as const;

/**
 * The engine: events in, findings and nudges out. Calls interleave freely; each gets its own state (grouped by callId,
 * released at call end or after an idle timeout), and a bad event or a failing rule touches its own call only.
 */
export function createEngine(options: EngineOptions): OperatorFunction<EngineInput, EngineOutput> {
  const settings = { ...ENGINE_DEFAULTS, ...stripUndefined(options), scheduler: options.scheduler };
  const nudgePolicy = { ...DEFAULT_NUDGE_POLICY, ...options.nudgePolicy };
  const detectors = options.detectors ?? BUILTIN_DETECTORS;
  const stages: EngineStages = { ...BUILTIN_STAGES, ...stripUndefined(options.stages ?? {}) };
  const packsFor = (language: string) => options.packs().filter((p) => sameLanguage(p.language, language));

  return (inputs: Observable<EngineInput>) => {
    const closers = new Map<string, Subject<void>>();
    const recentlyClosed = new Map<string, CloseReason>();

    const closeGroup = (callId: string, reason: CloseReason) => {
      const closer = closers.get(callId);
      if (!closer) return;
      closers.delete(callId);
      recentlyClosed.delete(callId);
      recentlyClosed.set(callId, reason);
      if (recentlyClosed.size > settings.rememberClosedCalls) recentlyClosed.delete(recentlyClosed.keys().next().value as string);
      closer.next();
      closer.complete();
    };

    return inputs.pipe(
      groupBy((input) => ('error' in input ? '\u0000errors' : input.event.callId), {
        duration: (group) => {
          const closer = new Subject<void>();
          closers.set(group.key, closer);
          return closer;
        },
      }),
      mergeMap((group) => {
        if (group.key === '\u0000errors') return group.pipe(map((input): EngineOutput => ({ type: 'rejected', error: (input as { error: IngestError }).error })));
        const callId = group.key;
        const arrivals = group as Observable<Arrival>;
        const closedFor = recentlyClosed.get(callId);
        if (closedFor !== undefined) {
          // The call is over and its state released: explain each late event instead of opening a phantom call.
          const faulted = closedFor === 'fault';
          return arrivals.pipe(
            mergeMap((a) =>
              concat(
                of<EngineOutput>({
                  type: 'rejected',
                  error: ingestError(
                    faulted ? INGEST_ERROR_CODES.CALL_FAULTED : INGEST_ERROR_CODES.CALL_ALREADY_ENDED,
                    faulted ? `call ${callId} was closed after an internal fault (see its fault); its ${a.event.type} is ignored` : `call ${callId} already ended and was closed; its ${a.event.type} is ignored`,
                    { callId, eventType: a.event.type, ...(a.source ? { source: a.source } : {}) },
                  ),
                }),
                // Closed again right after answering, so a trickle of late events holds no state.
                defer(() => {
                  closeGroup(callId, closedFor);
                  return EMPTY;
                }),
              ),
            ),
          );
        }
        return runCall(callId, arrivals, {
          scheduler: settings.scheduler,
          reorderWindowMs: settings.reorderWindowMs,
          idleTimeoutMs: settings.idleTimeoutMs,
          lingerMs: settings.lingerMs,
          packsFor,
          detectors,
          nudgePolicy,
          stages,
          redaction: options.redaction,
          close: (reason) => closeGroup(callId, reason),
        });
      }),
    );
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

