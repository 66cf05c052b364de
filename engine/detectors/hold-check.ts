import type { CallStep } from '../state/call-state.js';
import type { HoldChange } from './track-holds.js';
import type { TimedResult } from './timed-machine.js';

/**
 * One thing the `hold` kind checks (permission, apology, duration), as a pure machine fed by the hold tracker:
 * `onHold` sees holds start and end (telephony or inferred), `onStep` every step after that, `onWake` its own timers.
 */
export interface HoldCheck<Memory> {
  readonly initial: () => Memory;
  readonly onHold: (memory: Memory, change: HoldChange, nowMs: number) => TimedResult<Memory>;
  readonly onStep: (memory: Memory, step: CallStep, nowMs: number) => TimedResult<Memory>;
  readonly onWake: (memory: Memory, nowMs: number) => TimedResult<Memory>;
  readonly wakeAtMs: (memory: Memory) => number | undefined;
}
