import { describe, expect, it } from '@jest/globals';
import { buildCallScript, buildSchedule, callLengthMs, DEFAULT_SPEECH, openCallsAt, TRIGGER, type ScheduledCall, type ScriptEvent } from '../../benchmarks/live/call-script.js';
import { NudgeMatcher, percentile, summarise, within } from '../../benchmarks/live/latency.js';

// The pure parts of the live-latency suite's load generator; the timing itself lives in benchmarks/ only.

const field = (e: ScriptEvent, name: string) => e.event[name];

describe('live-latency call schedule', () => {
  const options = { calls: 200, rampMs: 10_000, untilMs: 120_000, seed: 42 };
  const schedule = buildSchedule(options);

  it('is the same for the same seed and different for another', () => {
    expect(buildSchedule(options)).toEqual(schedule);
    expect(buildSchedule({ ...options, seed: 43 })).not.toEqual(schedule);
  });

  it('spreads the slots over the ramp and keeps every slot busy, one call at a time', () => {
    const firsts = new Map<number, number>();
    for (const call of schedule) if (!firsts.has(call.slot)) firsts.set(call.slot, call.startMs);
    expect(firsts.size).toBe(options.calls);
    for (const [slot, startMs] of firsts) expect(startMs).toBe(Math.floor((slot * options.rampMs) / options.calls));
    for (let slot = 0; slot < options.calls; slot++) {
      const calls = schedule.filter((c) => c.slot === slot);
      for (let i = 1; i < calls.length; i++) expect((calls[i]?.startMs ?? 0) - ((calls[i - 1]?.startMs ?? 0) + callLengthMs(calls[i - 1] as ScheduledCall))).toBeGreaterThanOrEqual(1_000);
    }
    expect(schedule.every((c) => c.startMs < options.untilMs)).toBe(true);
    expect(new Set(schedule.map((c) => c.callId)).size).toBe(schedule.length);
    const lengths = new Map(schedule.map((c) => [c.callId, callLengthMs(c)]));
    for (const at of [options.rampMs, 30_000, 60_000, 90_000]) {
      const open = openCallsAt(schedule, at, (c) => lengths.get(c.callId) as number);
      expect(open).toBeLessThanOrEqual(options.calls);
      expect(open).toBeGreaterThanOrEqual(options.calls * 0.9); // the rest are between two calls
    }
  });
});

describe('live-latency call script', () => {
  const calls = buildSchedule({ calls: 40, rampMs: 4_000, untilMs: 60_000, seed: 7 });

  it('is a well-formed protocol v1 call: started first, ended last, tMs in order, seq contiguous', () => {
    for (const call of calls) {
      const script = buildCallScript(call);
      expect(field(script[0] as ScriptEvent, 'type')).toBe('call.started');
      expect(field(script[0] as ScriptEvent, 'language')).toBe('zh-CN');
      expect(field(script[script.length - 1] as ScriptEvent, 'type')).toBe('call.ended');
      script.forEach((e, i) => {
        expect(e.event.callId).toBe(call.callId);
        expect(e.event.seq).toBe(i);
        expect(e.event.tMs).toBe(e.atMs);
        if (i > 0) expect(e.atMs).toBeGreaterThanOrEqual((script[i - 1] as ScriptEvent).atMs);
      });
      expect(callLengthMs(call)).toBe((script[script.length - 1] as ScriptEvent).atMs);
    }
  });

  it('sends growing interim results every 250 ms at speech rate, each a prefix of its final, turns never overlapping', () => {
    const script = buildCallScript(calls[0] as ScheduledCall);
    const byUtterance = new Map<string, ScriptEvent[]>();
    for (const e of script) {
      const id = field(e, 'utteranceId');
      if (typeof id === 'string') byUtterance.set(id, [...(byUtterance.get(id) ?? []), e]);
    }
    let previousEnd = 0;
    for (const events of byUtterance.values()) {
      const final = events[events.length - 1] as ScriptEvent;
      const partials = events.slice(0, -1);
      expect(field(final, 'type')).toBe('utterance.final');
      expect(partials.every((p) => field(p, 'type') === 'utterance.partial')).toBe(true);
      const text = field(final, 'text') as string;
      for (let i = 0; i < partials.length; i++) {
        const p = partials[i] as ScriptEvent;
        expect(text.startsWith(field(p, 'text') as string)).toBe(true);
        if (i > 0) {
          expect(p.atMs - (partials[i - 1] as ScriptEvent).atMs).toBeGreaterThanOrEqual(DEFAULT_SPEECH.partialEveryMs);
          expect((field(p, 'text') as string).length).toBeGreaterThan((field(partials[i - 1] as ScriptEvent, 'text') as string).length);
        }
      }
      const startMs = field(final, 'startMs') as number;
      const endMs = field(final, 'endMs') as number;
      expect(startMs).toBeGreaterThan(previousEnd);
      previousEnd = endMs;
      const perSecond = text.length / ((endMs - startMs) / 1000);
      expect(perSecond).toBeGreaterThan(2.5);
      expect(perSecond).toBeLessThan(4);
    }
    expect(byUtterance.size).toBeGreaterThan(4);
  });

  it('marks, per trigger turn, the first interim result showing the whole phrase and the final', () => {
    let triggers = 0;
    for (const call of calls) {
      const script = buildCallScript(call);
      const marked = script.filter((e) => e.trigger);
      const provisional = marked.filter((e) => e.trigger === 'provisional');
      const confirmed = marked.filter((e) => e.trigger === 'confirmed');
      expect(provisional.length).toBe(confirmed.length);
      provisional.forEach((p, i) => {
        const c = confirmed[i] as ScriptEvent;
        expect(field(p, 'type')).toBe('utterance.partial');
        expect(field(p, 'speaker')).toBe('agent');
        expect(field(p, 'text')).toContain(TRIGGER);
        expect(field(c, 'type')).toBe('utterance.final');
        expect(field(c, 'utteranceId')).toBe(field(p, 'utteranceId'));
        // No earlier interim result of the turn shows any part of the phrase.
        const earlier = script.filter((e) => field(e, 'utteranceId') === field(p, 'utteranceId') && e.atMs < p.atMs);
        expect(earlier.every((e) => !(field(e, 'text') as string).includes(TRIGGER.slice(0, 1)))).toBe(true);
        if (i > 0) expect(p.atMs - (provisional[i - 1] as ScriptEvent).atMs).toBeGreaterThanOrEqual(DEFAULT_SPEECH.triggerEveryMs[0]);
      });
      // Every text holding the phrase belongs to a marked turn.
      const markedTurns = new Set(marked.map((e) => field(e, 'utteranceId')));
      for (const e of script) if (typeof field(e, 'text') === 'string' && (field(e, 'text') as string).includes(TRIGGER)) expect(markedTurns.has(field(e, 'utteranceId'))).toBe(true);
      triggers += provisional.length;
    }
    expect(triggers).toBeGreaterThan(calls.length);
  });
});

describe('live-latency percentiles', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile(values, 1)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
    expect(values[0]).toBe(100); // the input is not sorted in place
  });

  it('summarises count, p50, p99 and max', () => {
    expect(summarise([3, 1, 2, 10])).toEqual({ count: 4, p50: 2, p99: 10, max: 10 });
    const empty = summarise([]);
    expect(empty.count).toBe(0);
    expect(empty.p99).toBeNaN();
  });

  it('selects samples by when their trigger was sent', () => {
    const samples = [
      { sentMs: 100, ms: 1 },
      { sentMs: 999, ms: 2 },
      { sentMs: 1000, ms: 3 },
    ];
    expect(within(samples, 100, 1000)).toEqual([1, 2]);
  });
});

describe('live-latency nudge matching', () => {
  const ns = (ms: number) => BigInt(ms) * 1_000_000n;

  it('pairs a provisional nudge with the interim result and its confirmation with the final', () => {
    const m = new NudgeMatcher(ns(0));
    m.sentProvisional('c1', ns(1000));
    expect(m.waiting(0, 5000)).toEqual({ sent: 1, waiting: 1 });
    expect(m.received('c1', 'n1', 'provisional', ns(1004))).toBe(4);
    expect(m.received('c1', 'n1', 'provisional', ns(1300))).toBeUndefined(); // an update, not a new nudge
    m.sentConfirmed('c1', ns(2000));
    expect(m.received('c1', 'n1', 'confirmed', ns(2002))).toBe(2);
    expect(m.provisional).toEqual([{ sentMs: 1000, ms: 4 }]);
    expect(m.confirmed).toEqual([{ sentMs: 2000, ms: 2 }]);
    expect(m.waiting(0, 5000)).toEqual({ sent: 2, waiting: 0 });
    expect(m.unmatched).toBe(0);
  });

  it('answers the oldest waiting trigger of the call, counts strays, and takes a confirmation without its provisional', () => {
    const m = new NudgeMatcher(ns(0));
    m.sentProvisional('c1', ns(100));
    m.sentConfirmed('c1', ns(900));
    m.sentProvisional('c2', ns(150));
    expect(m.received('c3', 'x', 'provisional', ns(160))).toBeUndefined();
    expect(m.unmatched).toBe(1);
    expect(m.received('c2', 'n2', 'provisional', ns(170))).toBe(20);
    // c1's provisional never came; its confirmation still times the final.
    expect(m.received('c1', 'n1', 'confirmed', ns(905))).toBe(5);
    expect(m.received('c1', 'n1', 'confirmed', ns(950))).toBeUndefined();
    expect(m.received('c2', 'n2', 'retracted', ns(990))).toBeUndefined();
    expect(m.waiting(0, 1000)).toEqual({ sent: 2, waiting: 0 });
  });
});
