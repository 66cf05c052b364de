import type { OperatorFunction, Subscription } from 'rxjs';
import { guardedObservable } from '../faults/guarded-observable.js';
import type { CallClock } from '../clock/call-clock.js';
import type { CallStep } from '../state/call-state.js';
import type { DetectorSignal } from './detector.js';

const MAX_WAKES_AT_ONCE = 64;

/** The outcome of one transition: the next memory and the signals to emit (if any). */
export interface TimedResult<Memory> {
  readonly memory: Memory;
  readonly signals?: readonly DetectorSignal[];
}

/**
 * A detector as a pure state machine that can also be woken by time. `wakeAtMs` reads, from the memory alone, the call
 * time at which the machine next wants `onWake` (undefined: no timer); the runner keeps exactly one timer per machine.
 */
export interface TimedMachineSpec<Memory> {
  readonly initial: () => Memory;
  readonly onStep: (memory: Memory, step: CallStep, nowMs: number) => TimedResult<Memory>;
  readonly onWake: (memory: Memory, nowMs: number) => TimedResult<Memory>;
  readonly wakeAtMs: (memory: Memory) => number | undefined;
}

/**
 * Runs a timed state machine as an operator on the call's clock. Timers are scheduled on the injected scheduler, so
 * the same machine fires at the same call times live and on a virtual clock. A wake-up that throws, or a machine that
 * keeps its deadline in the past (one that would spin), errors the detector instead of the scheduler.
 * The pending timer is cancelled when the steps complete (the call ended) or the subscriber leaves.
 */
export function timedMachine<Memory>(clock: CallClock, spec: TimedMachineSpec<Memory>): OperatorFunction<CallStep, DetectorSignal> {
  return (steps) =>
    guardedObservable<DetectorSignal>(({ subscriber, listen, schedule }) => {
      let memory = spec.initial();
      let timer: Subscription | undefined;
      let timerAtMs: number | undefined;
      let done = false;

      const apply = (result: TimedResult<Memory>) => {
        memory = result.memory;
        if (result.signals) for (const signal of result.signals) subscriber.next(signal);
      };

      // Lazy: a deadline that moves later (every word of speech pushes a silence deadline on) keeps the timer already
      // set, which re-arms itself when it fires early; only an earlier deadline replaces it. Rescheduling on every
      // step would put a cancelled timer in the scheduler's queue for each utterance event.
      const arm = () => {
        const next = done ? undefined : spec.wakeAtMs(memory);
        if (next === undefined || (timerAtMs !== undefined && timerAtMs <= next)) return;
        timer?.unsubscribe();
        timerAtMs = next;
        timer = schedule(clock.scheduler, fire, clock.delayUntilMs(next));
      };

      const fire = () => {
        timer = undefined;
        timerAtMs = undefined;
        if (done) return;
        // Several deadlines may be due at once (one wake-up can leave the next already due); a machine that never
        // moves its deadline past now would spin, so that is an error of the detector.
        for (let wakes = 0; ; wakes++) {
          const due = spec.wakeAtMs(memory);
          if (due === undefined || due > clock.nowMs()) break;
          if (wakes === MAX_WAKES_AT_ONCE) throw new Error('a timed detector kept asking to be woken at or before the present');
          apply(spec.onWake(memory, clock.nowMs()));
        }
        arm();
      };

      const subscription = listen(
        steps,
        (step) => {
          if (done) return;
          apply(spec.onStep(memory, step, clock.nowMs()));
          arm();
        },
        () => {
          done = true;
          timer?.unsubscribe();
          subscriber.complete();
        },
      );
      return () => {
        done = true;
        timer?.unsubscribe();
        subscription.unsubscribe();
      };
    });
}
