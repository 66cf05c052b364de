import { describe, expect, it } from '@jest/globals';
import { drawSample, spreadOverReviewers } from '../../../adapters/qa/draw-sample.js';

const calls = (agent: string, n: number, critical: number[] = []) => Array.from({ length: n }, (_, i) => ({ callId: `${agent}-${String(i).padStart(2, '0')}`, agentId: agent, critical: critical.includes(i) ? 1 : 0 }));

describe('drawSample', () => {
  it('takes the share of each agent\'s calls, rounded up, plus every critical call', () => {
    const candidates = [...calls('a1', 10, [3, 7]), ...calls('a2', 3), ...calls('a3', 1)];
    const drawn = drawSample('plan-1', candidates, 0.2, true);
    const byReason = (agent: string, reason: string) => drawn.filter((d) => d.callId.startsWith(agent) && d.reason === reason).length;
    expect(drawn.filter((d) => d.reason === 'critical').map((d) => d.callId)).toEqual(['a1-03', 'a1-07']);
    // a1: 2 sampled (20 % of 10), which may coincide with the critical ones; a2: ceil(0.6) = 1; a3: 1.
    expect(byReason('a1', 'sample')).toBeLessThanOrEqual(2);
    expect(drawn.filter((d) => d.callId.startsWith('a1')).length).toBeGreaterThanOrEqual(2);
    expect(byReason('a2', 'sample')).toBe(1);
    expect(byReason('a3', 'sample')).toBe(1);
  });

  it('draws the same calls for the same plan, and other calls for another plan', () => {
    const candidates = calls('a1', 100);
    const first = drawSample('plan-1', candidates, 0.2, false);
    expect(first).toHaveLength(20);
    expect(drawSample('plan-1', [...candidates].reverse(), 0.2, false)).toEqual(first);
    expect(drawSample('plan-2', candidates, 0.2, false)).not.toEqual(first);
  });

  it('refuses a share outside 0–1 and takes no critical calls when not asked', () => {
    expect(() => drawSample('p', [], 1.2, true)).toThrow('share must be between 0 and 1 (got 1.2)');
    expect(drawSample('p', calls('a1', 5, [1]), 0, false)).toEqual([]);
  });
});

describe('spreadOverReviewers', () => {
  it('gives each call to the reviewer with the shortest queue', () => {
    const spread = spreadOverReviewers(['c1', 'c2', 'c3', 'c4'], ['lin', 'wu'], new Map([['lin', 2]]));
    expect(spread.map((s) => s.reviewer)).toEqual(['wu', 'wu', 'lin', 'wu']);
    expect(() => spreadOverReviewers(['c1'], [], new Map())).toThrow('at least one reviewer');
  });
});
