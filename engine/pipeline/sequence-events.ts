import type { OperatorFunction, SchedulerLike, Subscription } from 'rxjs';
import { guardedObservable } from '../faults/guarded-observable.js';
import type { CallEvent } from '../events/call-event.js';
import { INGEST_ERROR_CODES, ingestError, type EventSource, type IngestError } from '../errors/ingest-error.js';

/** An event as it reached the engine, with where it came from. */
export interface Arrival {
  readonly event: CallEvent;
  readonly source?: EventSource;
}

/** What the sequencer lets through: events in call-time order, or the reason one was refused. */
export type Sequenced = { readonly kind: 'event'; readonly event: CallEvent; readonly source?: EventSource } | { readonly kind: 'rejected'; readonly error: IngestError };

export interface SequencerOptions {
  readonly scheduler: SchedulerLike;
  /**
   * How long (scheduler ms) an event without a contiguous `seq` waits for earlier ones that may still be on their way.
   * 0 releases every event at once and rejects any that arrives after a later one was processed.
   */
  readonly reorderWindowMs: number;
}

interface Pending {
  readonly arrival: Arrival;
  readonly dueAt: number;
  readonly order: number;
}

/**
 * The ingest ordering policy for one call (documented in adapters/README.md):
 * - a repeated eventId (or a repeated seq) is dropped with a warning;
 * - events are released in tMs order; one whose seq follows the last released seq goes at once,
 *   others wait up to the reorder window for earlier events still in flight;
 * - an event older than one already released is rejected as out of order: the call's state is never rewritten.
 */
export function sequenceEvents(options: SequencerOptions): OperatorFunction<Arrival, Sequenced> {
  const { scheduler, reorderWindowMs } = options;
  return (source) =>
    guardedObservable<Sequenced>(({ subscriber, listen, schedule }) => {
      const seenEventIds = new Set<string>();
      const seenSeqs = new Set<number>();
      let lastReleasedMs = -1;
      let lastReleasedSeq: number | undefined;
      let buffer: Pending[] = [];
      let arrivals = 0;
      let timer: Subscription | undefined;
      let timerDueAt = Infinity;

      const reject = (error: IngestError) => subscriber.next({ kind: 'rejected', error });

      const release = (pending: Pending) => {
        const { event, source: from } = pending.arrival;
        lastReleasedMs = Math.max(lastReleasedMs, event.tMs);
        if (event.seq !== undefined) lastReleasedSeq = Math.max(lastReleasedSeq ?? -1, event.seq);
        subscriber.next(from ? { kind: 'event', event, source: from } : { kind: 'event', event });
      };

      const isContiguous = (event: CallEvent) =>
        event.seq !== undefined && (lastReleasedSeq === undefined ? event.type === 'call.started' : event.seq === lastReleasedSeq + 1);

      const drain = (flushAll: boolean) => {
        const now = scheduler.now();
        // Everything up to the last due entry goes, in order: a due entry may not overtake an earlier one.
        let lastDue = -1;
        buffer.forEach((p, i) => {
          if (flushAll || p.dueAt <= now) lastDue = i;
        });
        let released = lastDue + 1;
        for (let i = 0; i <= lastDue; i++) release(buffer[i] as Pending);
        while (released < buffer.length && isContiguous((buffer[released] as Pending).arrival.event)) {
          release(buffer[released] as Pending);
          released++;
        }
        buffer = buffer.slice(released);
        armTimer();
      };

      const armTimer = () => {
        const next = buffer.reduce((min, p) => Math.min(min, p.dueAt), Infinity);
        if (next === timerDueAt) return;
        timer?.unsubscribe();
        timer = undefined;
        timerDueAt = next;
        if (next === Infinity) return;
        timer = schedule(
          scheduler,
          () => {
            timer = undefined;
            timerDueAt = Infinity;
            drain(false);
          },
          Math.max(0, next - scheduler.now()),
        );
      };

      const onArrival = (arrival: Arrival) => {
        const { event, source: from } = arrival;
        const where = { source: from, callId: event.callId, eventType: event.type };
        if (event.eventId !== undefined) {
          if (seenEventIds.has(event.eventId)) {
            return reject(ingestError(INGEST_ERROR_CODES.DUPLICATE_EVENT, `eventId ${event.eventId} was already received; the repeat is ignored`, { ...where, field: 'eventId', severity: 'warning' }));
          }
          seenEventIds.add(event.eventId);
        }
        if (event.seq !== undefined) {
          if (seenSeqs.has(event.seq)) {
            return reject(ingestError(INGEST_ERROR_CODES.DUPLICATE_EVENT, `seq ${event.seq} of call ${event.callId} was already received; the repeat is ignored`, { ...where, field: 'seq', severity: 'warning' }));
          }
          seenSeqs.add(event.seq);
        }
        if (event.tMs < lastReleasedMs) {
          return reject(
            ingestError(
              INGEST_ERROR_CODES.OUT_OF_ORDER,
              `event at tMs ${event.tMs} arrived after call ${event.callId} had been processed up to tMs ${lastReleasedMs}; the reorder window is ${reorderWindowMs} ms, so it is rejected`,
              { ...where, field: 'tMs' },
            ),
          );
        }
        const pending: Pending = { arrival, dueAt: scheduler.now() + reorderWindowMs, order: arrivals++ };
        buffer = insertSorted(buffer, pending);
        drain(false);
      };

      const subscription = listen(source, onArrival, () => {
        drain(true);
        subscriber.complete();
      });
      return () => {
        timer?.unsubscribe();
        subscription.unsubscribe();
      };
    });
}

function insertSorted(buffer: Pending[], pending: Pending): Pending[] {
  const e = pending.arrival.event;
  let at = buffer.length;
  while (at > 0) {
    const prev = (buffer[at - 1] as Pending).arrival.event;
    const before = prev.tMs < e.tMs || (prev.tMs === e.tMs && (prev.seq ?? Infinity) <= (e.seq ?? Infinity));
    if (before) break;
    at--;
  }
  return [...buffer.slice(0, at), pending, ...buffer.slice(at)];
}
