import { Subject, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import type { Arrival, EngineInput, EngineOutput } from '../../engine/index.js';
import { HeapVirtualScheduler } from '../batch/heap-virtual-scheduler.js';

/** Live outputs are stored and shown; replayed ones (rebuilding a call after a takeover) were already, and are not. */
export type OutputMode = 'live' | 'replay';

/**
 * Where a call's outputs go; a live output's writes (store, relay) settle the returned promise. `dedupeKey` names the
 * output and how many times it came out of the call before, the same on every replay: an overlay's relay shows each
 * key once, whichever worker sent it and however often.
 */
export type RunnerEmit = (output: EngineOutput, mode: OutputMode, dedupeKey: string | undefined) => Promise<void> | undefined;

/**
 * One bus call on a clock of its own: call time is the events' tMs (and, between events, wall time if the worker
 * pumps it), never the moment a worker happened to read them. Each event takes the place in the tie order a batch
 * replay gives it (`HeapVirtualScheduler.reserveSlot`), so the same events give exactly what `analyze` gives,
 * whichever worker runs the call and however often it is rebuilt. After `call.ended` the clock runs out at once.
 */
export class CallRunner {
  private readonly scheduler = new HeapVirtualScheduler();
  private readonly inputs = new Subject<EngineInput>();
  private readonly subscription: Subscription;
  private readonly awaiting: Array<{ readonly dueMs: number; readonly settled: () => void }> = [];
  private readonly occurrences = new Map<string, number>();
  private slot: number;
  private lastAtMs = 0;
  private lastEventWallMs = 0;
  private mode: OutputMode = 'live';
  /** Every live write of the call so far; a message is acknowledged only once this has settled. */
  private written: Promise<void> = Promise.resolve();
  /** The highest stream sequence fed. */
  lastSeq = 0;
  /** The engine has closed the call (ended and run out, or faulted): nothing more will come of it. */
  closed = false;

  constructor(
    readonly callId: string,
    engine: (scheduler: SchedulerLike) => OperatorFunction<EngineInput, EngineOutput>,
    private readonly reorderWindowMs: number,
    private readonly emit: RunnerEmit,
  ) {
    this.slot = this.scheduler.reserveSlot();
    this.subscription = this.inputs.pipe(engine(this.scheduler)).subscribe({
      next: (output) => {
        if (output.type === 'call.closed') this.closed = true;
        const write = this.emit(output, this.mode, this.dedupeKeyOf(output));
        if (write) this.written = Promise.all([this.written, write]).then(() => undefined);
      },
      error: () => {
        this.closed = true;
      },
    });
  }

  /**
   * Feeds the event with stream sequence `seq`, stored on the bus at `storedAtWallMs`. Resolves once the engine has
   * acted on it (its reorder window has passed on the call clock, or the call is over) and every write it caused has
   * settled: then, and only then, may its message be acknowledged.
   */
  feed(arrival: Arrival, seq: number, storedAtWallMs: number, mode: OutputMode): Promise<void> {
    const settledAndWritten = new Promise<void>((resolve) => {
      this.mode = mode;
      try {
        const atMs = Math.max(this.lastAtMs, arrival.event.tMs);
        this.lastAtMs = atMs;
        this.lastEventWallMs = storedAtWallMs;
        this.lastSeq = Math.max(this.lastSeq, seq);
        this.scheduler.scheduleInSlot(
          () => {
            this.inputs.next(arrival);
            this.slot = this.scheduler.reserveSlot();
          },
          atMs,
          this.slot,
        );
        this.awaiting.push({ dueMs: atMs + this.reorderWindowMs, settled: resolve });
        this.scheduler.advanceTo(atMs);
        // Nothing is processed after a call's end (batch drops it too): run its timers out now.
        if (arrival.event.type === 'call.ended') this.scheduler.flush();
        this.settle();
      } finally {
        this.mode = 'live';
      }
    });
    return settledAndWritten;
  }

  /**
   * Moves the call clock on with wall time between events: to where the last event's tMs plus the wall time since it
   * was stored says the call is (times `rate`), less `lagMs`, so an event up to that late still finds the clock before
   * it. Timers (dead air, a hold past its limit) fire on call time, also for a call rebuilt after a takeover.
   */
  pump(nowWallMs: number, lagMs: number, rate: number): void {
    if (this.closed || rate <= 0) return;
    const target = this.lastAtMs + (nowWallMs - this.lastEventWallMs) * rate - lagMs;
    if (target <= this.scheduler.now()) return;
    this.scheduler.advanceTo(target);
    this.settle();
  }

  /** Call time now (ms). */
  get nowMs(): number {
    return this.scheduler.now();
  }

  /** Messages fed and not yet settled. */
  get unsettled(): number {
    return this.awaiting.length;
  }

  /** Drops the call (its partition was handed over or lost): nothing more is emitted, nothing more settles. */
  stop(): void {
    this.closed = true;
    this.awaiting.length = 0;
    this.subscription.unsubscribe();
    this.inputs.complete();
  }

  private settle(): void {
    const now = this.scheduler.now();
    while (this.awaiting.length > 0 && ((this.awaiting[0] as { dueMs: number }).dueMs <= now || this.closed)) {
      const { settled } = this.awaiting.shift() as { settled: () => void };
      void this.written.then(settled);
    }
  }

  /** The output's key and its occurrence in this call (replays count the same way). */
  private dedupeKeyOf(output: EngineOutput): string | undefined {
    const key = occurrenceKey(output);
    if (key === undefined) return undefined;
    const n = (this.occurrences.get(key) ?? 0) + 1;
    this.occurrences.set(key, n);
    return `${key}#${n}`;
  }
}

/** What makes two outputs of one call the same message to an overlay. */
export function occurrenceKey(output: EngineOutput): string | undefined {
  switch (output.type) {
    case 'nudge':
      return `nudge:${output.nudge.nudgeId}:${output.nudge.status}`;
    case 'nudge.retracted':
      return `retracted:${output.retraction.nudgeId}`;
    case 'finding':
      return `finding:${output.finding.callId}:${output.finding.key}`;
    case 'call.opened':
      return `opened:${output.callId}`;
    case 'call.closed':
      return `closed:${output.callId}`;
    default:
      return undefined;
  }
}
