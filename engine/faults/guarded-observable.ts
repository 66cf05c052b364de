import { Observable, type Observer, type SchedulerLike, type Subscriber, type Subscription, type TeardownLogic } from 'rxjs';

/** What a hand-written observable gets to work with: its subscriber, and guarded ways to listen and to set timers. */
export interface GuardedIo<T> {
  readonly subscriber: Subscriber<T>;
  /** Wraps a callback: a throw errors this observable (and so reaches the call's fault isolation) instead of escaping. */
  guard<A extends unknown[]>(callback: (...args: A) => void): (...args: A) => void;
  /** Subscribes to a source with guarded callbacks; errors pass through, completion too unless `complete` is given. */
  listen<S>(source: Observable<S>, next: (value: S) => void, complete?: () => void): Subscription;
  /** Schedules guarded work on a scheduler (a throw in a timer would otherwise crash the process from the timer queue). */
  schedule(scheduler: SchedulerLike, work: () => void, delayMs: number): Subscription;
}

/**
 * The one way `engine/` writes an observable by hand. RxJS catches throws inside its own operators, but not inside the
 * callbacks of a plain `subscribe({ next })` or a scheduled action: those go to its unhandled-error hook, which
 * rethrows on a timer and ends the whole process, every call with it. Everything here turns such a throw into an
 * error of this observable instead, which the call's pipeline turns into a fault for that call alone.
 * eslint forbids `new Observable` elsewhere in engine/.
 */
export function guardedObservable<T>(setup: (io: GuardedIo<T>) => TeardownLogic): Observable<T> {
  return new Observable<T>((subscriber) => {
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      subscriber.error(err);
    };
    const guard = <A extends unknown[]>(callback: (...args: A) => void) =>
      (...args: A): void => {
        if (failed) return;
        try {
          callback(...args);
        } catch (err) {
          fail(err);
        }
      };
    const io: GuardedIo<T> = {
      subscriber,
      guard,
      listen: (source, next, complete) => {
        const observer: Partial<Observer<unknown>> = {
          next: guard(next as (value: unknown) => void),
          error: (err: unknown) => fail(err),
          complete: complete ? guard(complete) : () => subscriber.complete(),
        };
        return source.subscribe(observer);
      },
      schedule: (scheduler, work, delayMs) => scheduler.schedule(guard(work), delayMs),
    };
    try {
      return setup(io);
    } catch (err) {
      fail(err);
      return undefined;
    }
  });
}
