import { describe, expect, it } from '@jest/globals';
import { TestScheduler } from 'rxjs/testing';
import { idleAfter } from '../../../engine/pipeline/idle-after.js';

describe('idleAfter', () => {
  const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

  it('fires once the source has been quiet for the whole period, counting from its last value', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      // values at 0, 10 and 40; quiet from 40, so it fires at 70
      expectObservable(cold('a 9ms b 29ms c 99ms |').pipe(idleAfter(30, s))).toBe('70ms (x|)', { x: undefined });
    });
  });

  it('fires at exactly the deadline: not at 29 ms, at 30 ms', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      expectObservable(cold('a 100ms |').pipe(idleAfter(30, s))).toBe('30ms (x|)', { x: undefined });
    });
  });

  it('completes silently when the source completes first', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      expectObservable(cold('a 5ms |').pipe(idleAfter(30, s))).toBe('6ms |');
    });
  });

  it('fires for a source that never emits', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      expectObservable(cold('-').pipe(idleAfter(30, s))).toBe('30ms (x|)', { x: undefined });
    });
  });
});
