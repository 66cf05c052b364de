import { Observable, type OperatorFunction } from 'rxjs';
import type { CallStep } from '../state/call-state.js';
import type { DetectorSignal } from './detector.js';

/** One transition of a detector's state machine: the next memory, and the signals to emit (if any). */
export type StepTransition<Memory> = (memory: Memory, step: CallStep) => { readonly memory: Memory; readonly signals?: readonly DetectorSignal[] };

/**
 * Runs a pure step-by-step state machine as an operator. Most steps produce nothing, and with dozens of rules per
 * call this is the hot path, so it is one subscriber rather than a chain of operators (measured: about 3x cheaper).
 * Memory is created per subscription: the detector factory itself stays free of state.
 */
export function stepMachine<Memory>(initial: () => Memory, transition: StepTransition<Memory>): OperatorFunction<CallStep, DetectorSignal> {
  return (steps) =>
    new Observable<DetectorSignal>((subscriber) => {
      let memory = initial();
      return steps.subscribe({
        next(step) {
          // A throw inside a subscriber's next would reach RxJS's unhandled-error hook (an async crash), not the
          // pipeline's fault isolation: hand it to the subscriber instead.
          let result;
          try {
            result = transition(memory, step);
          } catch (err) {
            subscriber.error(err);
            return;
          }
          memory = result.memory;
          if (result.signals) for (const signal of result.signals) subscriber.next(signal);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
