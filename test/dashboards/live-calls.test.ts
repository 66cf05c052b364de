import { describe, expect, it } from '@jest/globals';
import type { FeedCall, FeedMessage } from '../../adapters/server/feed-protocol.js';
import { LiveCalls } from '../../dashboards/shared/live-calls.js';
import { categoryLabels } from '../../dashboards/shared/ui-text.js';
import { FINDING_CATEGORIES } from '../../engine/index.js';

const call = (overrides: Partial<FeedCall> = {}): FeedCall => ({ callId: 'c-1', language: 'zh-CN', packs: [], openedAt: new Date(0).toISOString(), nudges: [], alerts: [], whispers: [], ...overrides });

describe('LiveCalls', () => {
  it('replaces everything with the snapshot that follows a gap', () => {
    const calls = new LiveCalls(() => 0);
    calls.apply({ type: 'snapshot', calls: [call()], seq: 3 });
    calls.apply({ type: 'call.opened', call: call({ callId: 'c-2' }), seq: 4 });
    expect(calls.apply({ type: 'gap', reason: 'too-old', missedFrom: 5, seq: 90 })).toEqual([]);
    expect(calls.apply({ type: 'snapshot', calls: [call({ callId: 'c-9' })], seq: 90 })).toEqual([{ kind: 'reset', afterGap: true }]);
    expect([...calls.calls.keys()]).toEqual(['c-9']);
  });

  it('keeps a checklist item pending until known, then done or missed', () => {
    let now = 0;
    const calls = new LiveCalls(() => now);
    calls.apply({ type: 'call.opened', call: call(), seq: 1 });
    calls.apply({ type: 'call.state', state: { callId: 'c-1', atMs: 5_000, holds: 0 }, seq: 2 });
    expect(calls.calls.get('c-1')?.checks.greeting).toBe('pending');
    now = 1_499;
    calls.tick();
    expect(calls.calls.get('c-1')?.checks.greeting).toBe('pending');
    now = 1_500;
    expect(calls.tick()).toEqual(['c-1']);
    expect(calls.calls.get('c-1')?.checks).toMatchObject({ greeting: 'ok', surname: 'pending', closing: 'pending' });
    calls.apply({ type: 'finding', callId: 'c-1', ruleId: 'r', category: 'closing_missing', severity: 'warn', text: 'x', atMs: 9_000, seq: 3 });
    calls.apply({ type: 'call.closed', callId: 'c-1', reason: 'ended', seq: 4 });
    expect(calls.calls.get('c-1')?.checks).toMatchObject({ greeting: 'ok', surname: 'ok', closing: 'missed' });
  });

  it('marks the greeting missed when its finding follows the state in the same burst', () => {
    let now = 0;
    const calls = new LiveCalls(() => now);
    calls.apply({ type: 'call.opened', call: call(), seq: 1 });
    calls.apply({ type: 'call.state', state: { callId: 'c-1', atMs: 2_000, holds: 0 }, seq: 2 });
    calls.apply({ type: 'finding', callId: 'c-1', ruleId: 'g', category: 'greeting_missing', severity: 'warn', text: 'x', atMs: 2_000, seq: 3 });
    now = 5_000;
    calls.tick();
    expect(calls.calls.get('c-1')?.checks.greeting).toBe('missed');
  });

  it('ignores a coalesced state older than the one it has', () => {
    const calls = new LiveCalls(() => 0);
    calls.apply({ type: 'call.opened', call: call(), seq: 1 });
    calls.apply({ type: 'call.state', state: { callId: 'c-1', atMs: 9_000, holds: 1 }, seq: 8 });
    const stale: FeedMessage = { type: 'call.state', state: { callId: 'c-1', atMs: 4_000, holds: 1, onHoldSinceMs: 3_000 }, seq: 6 };
    expect(calls.apply(stale)).toEqual([]);
    expect(calls.calls.get('c-1')?.state?.onHoldSinceMs).toBeUndefined();
  });
});

describe('categoryLabels', () => {
  it('labels every finding category in Chinese and English', () => {
    const labels = categoryLabels();
    for (const category of FINDING_CATEGORIES) {
      expect(labels[category]?.zh).toMatch(/\p{Script=Han}/u);
      expect(labels[category]?.en).toMatch(/^[A-Z]/);
      expect(labels[category]?.en).not.toContain('_');
    }
    expect(Object.keys(labels).sort()).toEqual([...FINDING_CATEGORIES].sort());
  });
});
