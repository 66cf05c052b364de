import type { SchedulerLike } from 'rxjs';

/** Resolves after `ms` on `scheduler` (virtual in tests, wall clock live); rejects with the signal's reason on abort. */
export function schedulerDelay(scheduler: SchedulerLike, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      action.unsubscribe();
      reject(signal?.reason);
    };
    const action = scheduler.schedule(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
