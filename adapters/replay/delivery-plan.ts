import type { EngineInput } from '../../engine/index.js';

/** One input and the clock time (ms from the start of the replay) at which it is delivered. */
export interface Delivery {
  readonly atMs: number;
  readonly input: EngineInput;
}

/**
 * Turns a recording (inputs in arrival order, calls interleaved) into delivery times on one clock: a call starts when
 * its first event is reached, each later event is due at the call's start plus its tMs, and nothing overtakes an event
 * read before it (arrival order is kept, as a live stream keeps it).
 */
export function planDeliveries(inputs: Iterable<EngineInput>): Delivery[] {
  const callStart = new Map<string, number>();
  const out: Delivery[] = [];
  let clock = 0;
  for (const input of inputs) {
    if ('error' in input) {
      out.push({ atMs: clock, input });
      continue;
    }
    const { callId, tMs } = input.event;
    let start = callStart.get(callId);
    if (start === undefined) {
      start = clock - tMs;
      callStart.set(callId, start);
    }
    clock = Math.max(clock, start + tMs);
    out.push({ atMs: clock, input });
  }
  return out;
}
