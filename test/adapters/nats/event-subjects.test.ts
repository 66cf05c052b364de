import { describe, expect, it } from '@jest/globals';
import { parsePartitions, partitionOf } from '../../../adapters/nats/event-subjects.js';

describe('partitionOf', () => {
  it('puts a call always in the same partition, spreading calls over all of them', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const p = partitionOf(`call-${i}`, 16);
      expect(partitionOf(`call-${i}`, 16)).toBe(p);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(16);
      seen.add(p);
    }
    expect(seen.size).toBe(16);
  });
});

describe('parsePartitions', () => {
  it('reads ranges and lists', () => {
    expect(parsePartitions('0-3', 8)).toEqual([0, 1, 2, 3]);
    expect(parsePartitions('5,1,3-4', 8)).toEqual([1, 3, 4, 5]);
  });

  it.each([['8', 'between 0 and 7'], ['a-b', 'must look like'], ['3-1', 'between 0 and 7']])('refuses %s', (spec, message) => {
    expect(() => parsePartitions(spec, 8)).toThrow(message);
  });
});
