import type { OperatorFunction, SchedulerLike, Subscription } from 'rxjs';
import { guardedObservable } from '../faults/guarded-observable.js';

/**
 * Emits once, then completes, when `idleMs` pass on the scheduler without a value from the source; completes silently
 * when the source does. One timer per idle period: each value only records its time, and the timer re-arms itself
 * for the remainder when it fires early, instead of cancelling and scheduling a timer for every value.
 */
export function idleAfter<T>(idleMs: number, scheduler: SchedulerLike): OperatorFunction<T, void> {
  return (source) =>
    guardedObservable<void>(({ subscriber, listen, schedule }) => {
      let lastAt = scheduler.now();
      let timer: Subscription | undefined;
      const arm = (delay: number) => {
        timer = schedule(scheduler, () => {
          const quietFor = scheduler.now() - lastAt;
          if (quietFor >= idleMs) {
            subscriber.next();
            subscriber.complete();
          } else arm(idleMs - quietFor);
        }, delay);
      };
      arm(idleMs);
      const subscription = listen(source, () => {
        lastAt = scheduler.now();
      });
      return () => {
        timer?.unsubscribe();
        subscription.unsubscribe();
      };
    });
}
