import { Subject, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import type { Arrival, EngineInput, EngineOutput } from '../../engine/index.js';
import { HeapVirtualScheduler } from '../batch/heap-virtual-scheduler.js';

/** Whom an output is for: the live world (feed, store), or nobody (a replay rebuilding state already acted on). */
export type OutputMode = 'live' | 'replay';

/**
 * One call of a bus worker, on a clock of its own driven by event time. Before an event is fed, the call's virtual
 * clock moves to the event's tMs (timers due before it fire first, at their exact call time), as batch `analyze`
 * does, so a call's findings and nudges are the same whichever worker runs it and however often it is replayed.
 * Between events `pump` moves the clock on with wall time, so timers (dead air, a hold over its limit, the reorder
 * window, the end-of-call linger) fire while the line is quiet. An event counts as processed once the clock has
 * passed its reorder window (the sequencer has released it and everything it caused has been emitted); `feed` is
 * told what to do then (acknowledge the message, after the call's store writes).
 */
export class CallRunner {
  private readonly scheduler = new HeapVirtualScheduler();
  private readonly inputs = new Subject<EngineInput>();
  private readonly subscription: Subscription;
  private mode: OutputMode = 'live';
  private callTimeMs = 0;
  /** Stream sequence of the last event fed (redeliveries at or below it were processed already). */
  lastSeq = 0;
  /** tMs of the last event and the wall time (ms) it was stored on the bus: the pump's reference point. */
  private lastEventMs = 0;
  private lastEventWallMs = 0;
  /** Settles when every store write this call has caused so far has completed. */
  written: Promise<void> = Promise.resolve();
  closed = false;
  /** Events fed whose reorder window has not passed yet, oldest first. */
  private awaiting: Array<{ readonly dueMs: number; readonly processed: () => void }> = [];

  constructor(
    readonly callId: string,
    engine: (scheduler: SchedulerLike) => OperatorFunction<EngineInput, EngineOutput>,
    private readonly reorderWindowMs: number,
    emit: (output: EngineOutput, mode: OutputMode, runner: CallRunner) => void,
  ) {
    this.subscription = this.inputs.pipe(engine(this.scheduler)).subscribe({
      next: (output) => {
        if (output.type === 'call.closed') this.closed = true;
        emit(output, this.mode, this);
      },
      error: () => {
        this.closed = true;
      },
    });
  }

  /**
   * Feeds one event (stream sequence `seq`, stored on the bus at `storedAtMs` wall time); what it causes goes out as
   * `mode`. `processed` runs once the event has been released and acted on (at once with a zero window or a `seq`).
   */
  feed(arrival: Arrival, seq: number, storedAtMs: number, mode: OutputMode, processed?: () => void): void {
    this.mode = mode;
    try {
      const tMs = arrival.event.tMs;
      this.advance(Math.max(this.callTimeMs, tMs));
      this.inputs.next(arrival);
      if (processed) this.awaiting.push({ dueMs: this.callTimeMs + (arrival.event.seq === undefined ? this.reorderWindowMs : 0), processed });
      this.lastSeq = Math.max(this.lastSeq, seq);
      this.lastEventMs = Math.max(this.lastEventMs, tMs);
      this.lastEventWallMs = storedAtMs;
      this.settle();
    } finally {
      this.mode = 'live';
    }
  }

  /**
   * Moves the call clock on to where wall time says the call is, less `lagMs` (an event up to that late still finds
   * the clock before it), at `rate` (sped-up demos and tests).
   */
  pump(nowMs: number, lagMs: number, rate: number): void {
    if (this.closed && this.awaiting.length === 0) return;
    const target = this.lastEventMs + (nowMs - this.lastEventWallMs) * rate - lagMs;
    if (target <= this.callTimeMs) return;
    this.advance(target);
    this.settle();
  }

  private advance(toMs: number): void {
    this.callTimeMs = toMs;
    this.scheduler.advanceTo(toMs);
  }

  private settle(): void {
    while (this.awaiting.length > 0 && ((this.awaiting[0] as { dueMs: number }).dueMs <= this.callTimeMs || this.closed)) (this.awaiting.shift() as { processed: () => void }).processed();
  }

  /** The call's clock (ms of call time). */
  get nowMs(): number {
    return this.callTimeMs;
  }

  stop(): void {
    this.closed = true;
    this.subscription.unsubscribe();
    this.inputs.complete();
  }
}
