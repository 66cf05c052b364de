import type { CompiledRule } from '../pack/compiled-pack.js';
import type { DetectorContext, DetectorFactory, DetectorSignal } from './detector.js';
import type { HoldCheck } from './hold-check.js';
import { holdApologyCheck } from './hold-apology-check.js';
import { holdDurationCheck } from './hold-duration-check.js';
import { holdPermissionCheck } from './hold-permission-check.js';
import { holdInferenceAtMs, inferHold, NO_HOLDS, trackHolds, type HoldChange, type HoldTracker } from './track-holds.js';
import { saysAny } from './rule-hits.js';
import { timedMachine, type TimedResult } from './timed-machine.js';
import { HOLD_ASK_ROLE, type HoldParams } from './hold-params.js';

// The checks and this detector share their parameters through hold-params.ts, so none of them imports another.
export { HOLD_APOLOGY_ROLE, HOLD_ASK_ROLE, type HoldCard, type HoldMark, type HoldParams } from './hold-params.js';


interface Memory<C> {
  readonly tracker: HoldTracker;
  readonly check: C;
}

/**
 * Hold etiquette, one check per rule. Holds come from the telephony's hold events, or are inferred from the agent's
 * wait request followed by silence (one hold either way, never two), and feed the rule's check.
 */
export const holdDetector: DetectorFactory<HoldParams> = (rule, context) => {
  const check = checkFor(rule, context) as HoldCheck<unknown>;
  const infer = rule.params.infer;
  const isWaitRequest = (u: Parameters<typeof saysAny>[0]) => saysAny(u, context, rule.id, HOLD_ASK_ROLE);
  return timedMachine<Memory<unknown>>(context.clock, {
    initial: () => ({ tracker: NO_HOLDS, check: check.initial() }),
    wakeAtMs: (m) => earliest(holdInferenceAtMs(m.tracker, infer), check.wakeAtMs(m.check)),
    onWake: (m, nowMs) => {
      const inferred = inferHold(m.tracker, nowMs, infer);
      let result = feed(check, { tracker: inferred.tracker, check: m.check }, inferred.changes, nowMs);
      const due = check.wakeAtMs(result.memory.check);
      if (due !== undefined && due <= nowMs) result = merge(result, (c) => check.onWake(c, nowMs));
      return result;
    },
    onStep: (m, step, nowMs) => {
      const tracked = trackHolds(m.tracker, step, isWaitRequest);
      const result = feed(check, { tracker: tracked.tracker, check: m.check }, tracked.changes, nowMs);
      return merge(result, (c) => check.onStep(c, step, nowMs));
    },
  });
};

function checkFor(rule: CompiledRule<HoldParams>, context: DetectorContext): HoldCheck<unknown> {
  switch (rule.params.check) {
    case 'permission':
      return holdPermissionCheck(rule, context) as HoldCheck<unknown>;
    case 'apology':
      return holdApologyCheck(rule, context) as HoldCheck<unknown>;
    case 'duration':
      return holdDurationCheck(rule, context) as HoldCheck<unknown>;
  }
}

function feed<C>(check: HoldCheck<C>, memory: Memory<C>, changes: readonly HoldChange[], nowMs: number): TimedResult<Memory<C>> {
  let result: TimedResult<Memory<C>> = { memory };
  for (const change of changes) result = merge(result, (c) => check.onHold(c, change, nowMs));
  return result;
}

function merge<C>(before: TimedResult<Memory<C>>, next: (check: C) => TimedResult<C>): TimedResult<Memory<C>> {
  const after = next(before.memory.check);
  const signals: DetectorSignal[] = [...(before.signals ?? []), ...(after.signals ?? [])];
  return { memory: { ...before.memory, check: after.memory }, ...(signals.length > 0 ? { signals } : {}) };
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
