import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/**
 * A virtual clock for adapters that mix timers with real I/O: every delay asked for is recorded and the clock jumps
 * by it, and the work runs on the next turn of the event loop. Backoff and pacing run without real waits, and
 * tests assert the delays that were asked for instead of timing anything.
 */
export class SteppingScheduler implements SchedulerLike {
  /** Every delay scheduled, in ms, in order. */
  readonly delays: number[] = [];
  private nowMs = 0;

  now(): number {
    return this.nowMs;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    this.delays.push(delay);
    const subscription = new Subscription();
    const handle = setImmediate(() => {
      if (subscription.closed) return;
      this.nowMs += delay;
      work.call(subscription as unknown as SchedulerAction<T>, state);
    });
    subscription.add(() => clearImmediate(handle));
    return subscription;
  }
}
