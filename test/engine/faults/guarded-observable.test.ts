import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { config, Subject, VirtualTimeScheduler } from 'rxjs';
import { guardedObservable } from '../../../engine/index.js';

let unhandled: unknown[] = [];
beforeEach(() => {
  unhandled = [];
  config.onUnhandledError = (err) => unhandled.push(err);
});
afterEach(() => {
  config.onUnhandledError = null;
});

describe('guardedObservable', () => {
  it('turns a throw in a listened-to next callback into an error of the observable, not an unhandled error', () => {
    const source = new Subject<number>();
    const errors: unknown[] = [];
    guardedObservable<number>(({ listen }) =>
      listen(source, (n) => {
        if (n === 2) throw new Error('drill');
      }),
    ).subscribe({ error: (e) => errors.push(e) });
    source.next(1);
    source.next(2);
    source.next(3);
    expect(errors).toHaveLength(1);
    expect(unhandled).toEqual([]);
    expect(source.observed).toBe(false);
  });

  it('does the same for a scheduled callback, and cancels the other timers of the observable', () => {
    const scheduler = new VirtualTimeScheduler();
    const errors: unknown[] = [];
    let laterRan = false;
    guardedObservable<never>(({ schedule }) => {
      const first = schedule(
        scheduler,
        () => {
          throw new Error('drill');
        },
        10,
      );
      const later = schedule(scheduler, () => (laterRan = true), 20);
      return () => {
        first.unsubscribe();
        later.unsubscribe();
      };
    }).subscribe({ error: (e) => errors.push(e) });
    scheduler.flush();
    expect(errors).toHaveLength(1);
    expect(laterRan).toBe(false);
    expect(unhandled).toEqual([]);
  });

  it('reports a throw during setup as an error', () => {
    const errors: unknown[] = [];
    guardedObservable<never>(() => {
      throw new Error('drill');
    }).subscribe({ error: (e) => errors.push(e) });
    expect(errors).toHaveLength(1);
  });
});
