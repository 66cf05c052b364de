import { describe, expect, it } from '@jest/globals';
import { Subject, VirtualTimeScheduler } from 'rxjs';
import { createCallClock, type CallStep, type DetectorSignal } from '../../../engine/index.js';
import { timedMachine, type TimedMachineSpec } from '../../../engine/detectors/timed-machine.js';

/** Memory of the test machine: when it wants to wake, and when it did. */
interface Memory {
  readonly wakeAt?: number;
  readonly woke: readonly number[];
}

// Each step carries the deadline it sets, so tests drive the machine with plain numbers.
type Step = CallStep & { readonly deadline?: number };

function card(atMs: number): DetectorSignal {
  return { type: 'card', card: { key: `k${atMs}`, callId: 'c', ruleId: 'r', packId: 'p', title: 't', text: 'x', atMs } };
}

function harness(overrides: Partial<TimedMachineSpec<Memory>> = {}) {
  const scheduler = new VirtualTimeScheduler(undefined, Infinity);
  const clock = createCallClock(scheduler, 0);
  const steps = new Subject<CallStep>();
  const signals: Array<{ atMs: number; signal: DetectorSignal }> = [];
  const errors: unknown[] = [];
  let completed = false;
  const spec: TimedMachineSpec<Memory> = {
    initial: () => ({ woke: [] }),
    wakeAtMs: (m) => m.wakeAt,
    onStep: (m, step) => ({ memory: { ...m, wakeAt: (step as Step).deadline } }),
    onWake: (m, nowMs) => ({ memory: { woke: [...m.woke, nowMs] }, signals: [card(nowMs)] }),
    ...overrides,
  };
  const subscription = steps.pipe(timedMachine(clock, spec)).subscribe({
    next: (signal) => signals.push({ atMs: scheduler.now(), signal }),
    error: (err: unknown) => errors.push(err),
    complete: () => (completed = true),
  });
  const stepAt = (atMs: number, deadline: number | undefined) => scheduler.schedule(() => steps.next({ deadline } as Step), atMs);
  return { scheduler, steps, signals, errors, subscription, stepAt, isCompleted: () => completed };
}

describe('timedMachine', () => {
  it('wakes at the call time the memory asks for, on the injected scheduler', () => {
    const h = harness();
    h.stepAt(1_000, 30_000);
    h.scheduler.flush();
    expect(h.signals.map((s) => s.atMs)).toEqual([30_000]);
  });

  it('keeps one timer when the deadline moves later, and wakes once, at the latest deadline', () => {
    const h = harness();
    h.stepAt(1_000, 30_000);
    h.stepAt(2_000, 31_000);
    h.stepAt(25_000, 50_000);
    h.scheduler.flush();
    expect(h.signals.map((s) => s.atMs)).toEqual([50_000]);
  });

  it('replaces the timer when the deadline moves earlier', () => {
    const h = harness();
    h.stepAt(1_000, 30_000);
    h.stepAt(2_000, 10_000);
    h.scheduler.flush();
    expect(h.signals.map((s) => s.atMs)).toEqual([10_000]);
  });

  it('does not wake when the deadline is withdrawn', () => {
    const h = harness();
    h.stepAt(1_000, 30_000);
    h.stepAt(2_000, undefined);
    h.scheduler.flush();
    expect(h.signals).toEqual([]);
  });

  it('cancels the pending timer when the call ends (the steps complete)', () => {
    const h = harness();
    h.stepAt(1_000, 30_000);
    h.scheduler.schedule(() => h.steps.complete(), 5_000);
    h.scheduler.flush();
    expect(h.signals).toEqual([]);
    expect(h.isCompleted()).toBe(true);
  });

  it('cancels the pending timer when unsubscribed mid-call', () => {
    const h = harness();
    h.stepAt(1_000, 30_000);
    h.scheduler.schedule(() => h.subscription.unsubscribe(), 5_000);
    h.scheduler.flush();
    expect(h.signals).toEqual([]);
  });

  it('turns a wake-up that throws into an error of the detector, not of the scheduler', () => {
    const h = harness({
      onWake: () => {
        throw new Error('boom');
      },
    });
    h.stepAt(1_000, 30_000);
    expect(() => h.scheduler.flush()).not.toThrow();
    expect(h.errors).toHaveLength(1);
  });

  it('turns a step transition that throws into an error of the detector', () => {
    const h = harness({
      onStep: () => {
        throw new Error('boom');
      },
    });
    h.stepAt(1_000, 30_000);
    expect(() => h.scheduler.flush()).not.toThrow();
    expect(h.errors).toHaveLength(1);
    expect(h.signals).toEqual([]);
  });

  it('refuses a machine that would spin: wake-ups that keep its deadline due', () => {
    const h = harness({ onWake: (m) => ({ memory: m }) });
    h.stepAt(1_000, 30_000);
    h.scheduler.flush();
    expect(h.errors).toHaveLength(1);
    expect(String(h.errors[0])).toContain('kept asking to be woken');
  });
});
