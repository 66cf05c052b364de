import { Observable } from 'rxjs';
import type { CallEvent } from '../../engine/index.js';

/**
 * The Observable every recogniser returns: runs one recognition job, passing it an `emit` whose events never go back in
 * time (channels finish out of order; the engine's reorder window is not the place to hide that), and an abort signal
 * that fires when the subscriber leaves. The job's failure errors the stream unless the subscriber left first.
 */
export function recognitionStream(job: (emit: (event: CallEvent) => void, signal: AbortSignal) => Promise<void>): Observable<CallEvent> {
  return new Observable<CallEvent>((subscriber) => {
    const abort = new AbortController();
    let lastTMs = 0;
    const emit = (event: CallEvent) => {
      if (abort.signal.aborted) return;
      lastTMs = Math.max(lastTMs, event.tMs);
      subscriber.next(event.tMs === lastTMs ? event : { ...event, tMs: lastTMs });
    };
    job(emit, abort.signal).then(
      () => subscriber.complete(),
      (err: unknown) => {
        if (!abort.signal.aborted) subscriber.error(err);
      },
    );
    return () => abort.abort(new Error('unsubscribed'));
  });
}
