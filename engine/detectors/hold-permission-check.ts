import type { CompiledRule } from '../pack/compiled-pack.js';
import type { DetectorContext, DetectorSignal } from './detector.js';
import { buildFinding, buildProvisional } from './finding-builder.js';
import { seconds } from './fill-placeholders.js';
import type { HoldCheck } from './hold-check.js';
import type { HoldParams } from './hold-detector.js';
import type { TrackedHold } from './track-holds.js';

interface Pending {
  readonly holdIndex: number;
  readonly flaggedAtMs: number;
  readonly reason: string;
  readonly utteranceId?: string;
}

/**
 * Permission before a hold (请您稍等片刻好吗, and the customer answered). A hold placed without it is flagged
 * provisionally the moment it starts, so the agent hears it at once; it is confirmed when the hold ends having lasted
 * `graceMs` or more, and taken back if the hold was shorter (a brief pause needs no asking).
 */
export function holdPermissionCheck(rule: CompiledRule<HoldParams>, context: DetectorContext): HoldCheck<Pending | undefined> {
  return {
    initial: () => undefined,
    wakeAtMs: () => undefined,
    onWake: (pending) => ({ memory: pending }),
    onStep: (pending) => ({ memory: pending }),
    onHold: (pending, change, nowMs) => {
      if (change.kind === 'started') {
        const reason = missingPermission(rule.params, change.hold);
        if (reason === undefined) return { memory: undefined };
        const request = change.hold.request;
        const next: Pending = { holdIndex: change.hold.index, flaggedAtMs: nowMs, reason, ...(request ? { utteranceId: request.utteranceId } : {}) };
        const finding = buildProvisional(rule, context, {
          key: keyOf(change.hold),
          atMs: nowMs,
          ...(request ? { utteranceId: request.utteranceId } : {}),
          evidence: { explanation: `a hold started ${reason}`, limit: seconds(rule.params.graceMs), unit: 's' },
        });
        return { memory: next, signals: [{ type: 'provisional', finding }] };
      }
      if (!pending || pending.holdIndex !== change.hold.index) return { memory: pending };
      const lengthMs = (change.hold.endedAtMs ?? nowMs) - change.hold.startedAtMs;
      return { memory: undefined, signals: [judge(rule, context, pending, change.hold, lengthMs, nowMs)] };
    },
  };
}

function judge(rule: CompiledRule<HoldParams>, context: DetectorContext, pending: Pending, hold: TrackedHold, lengthMs: number, nowMs: number): DetectorSignal {
  const key = keyOf(hold);
  if (lengthMs < rule.params.graceMs) {
    return { type: 'retracted', key: `${rule.id}:${key}`, ruleId: rule.id, atMs: nowMs, reason: 'the hold was short enough to need no permission' };
  }
  const observed = seconds(lengthMs);
  const finding = buildFinding(rule, context, {
    key,
    atMs: pending.flaggedAtMs,
    confirmedAtMs: nowMs,
    ...(pending.utteranceId !== undefined ? { utteranceId: pending.utteranceId } : {}),
    evidence: {
      explanation: `a ${observed} s ${hold.source === 'inferred' ? 'wait (inferred from silence)' : 'hold'} was placed ${pending.reason} (permission is needed from ${seconds(rule.params.graceMs)} s)`,
      observed,
      limit: seconds(rule.params.graceMs),
      unit: 's',
    },
  });
  return { type: 'confirmed', finding };
}

/** Why the hold lacked permission, or undefined if it had it. */
function missingPermission(params: HoldParams, hold: TrackedHold): string | undefined {
  const request = hold.request;
  if (!request) return 'without asking the customer first';
  if (hold.startedAtMs - request.endMs > params.askWithinMs) return `${seconds(hold.startedAtMs - request.endMs)} s after the agent last asked the customer to wait`;
  if (!request.answered) return 'before the customer had answered the wait request';
  return undefined;
}

function keyOf(hold: TrackedHold): string {
  return `hold#${hold.index}`;
}
