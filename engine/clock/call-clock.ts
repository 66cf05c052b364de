import type { SchedulerLike } from 'rxjs';

/**
 * One call's time. Call time is ms from call start; the clock maps it onto the injected scheduler,
 * so the same code runs on wall time (serve) and on a virtual clock (analyze, tests).
 */
export interface CallClock {
  readonly scheduler: SchedulerLike;
  /** Current call time in ms. */
  nowMs(): number;
  /** Scheduler delay (ms, never negative) until the given call time. */
  delayUntilMs(callTimeMs: number): number;
}

/** A clock whose call time equals `callTimeMs` at the scheduler's present instant. */
export function createCallClock(scheduler: SchedulerLike, callTimeMs: number): CallClock {
  const offsetMs = scheduler.now() - callTimeMs;
  return {
    scheduler,
    nowMs: () => scheduler.now() - offsetMs,
    delayUntilMs: (target) => Math.max(0, target - (scheduler.now() - offsetMs)),
  };
}
