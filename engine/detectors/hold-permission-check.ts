import type { CompiledRule } from '../pack/compiled-pack.js';
import type { DetectorContext, DetectorSignal } from './detector.js';
import { buildFinding, buildProvisional } from './finding-builder.js';
import { seconds } from './fill-placeholders.js';
import type { HoldCheck } from './hold-check.js';
import type { HoldParams } from './hold-params.js';
import type { TrackedHold } from './track-holds.js';

interface Pending {
  readonly hold: TrackedHold;
  readonly reason: string;
  /** When the hold passed the grace and the finding was raised provisionally. */
  readonly flaggedAtMs?: number;
}

/**
 * Permission before a hold (请您稍等片刻好吗, and the customer answered). A hold placed without it is flagged
 * provisionally the moment it has lasted `graceMs` — live, while the customer waits, yet never for a brief pause that
 * needs no asking — and confirmed when the hold ends with its measured length.
 */
export function holdPermissionCheck(rule: CompiledRule<HoldParams>, context: DetectorContext): HoldCheck<Pending | undefined> {
  return {
    initial: () => undefined,
    wakeAtMs: (pending) => (pending && pending.flaggedAtMs === undefined ? pending.hold.startedAtMs + rule.params.graceMs : undefined),
    onWake: (pending, nowMs) => {
      if (!pending) return { memory: pending };
      const finding = buildProvisional(rule, context, {
        key: keyOf(pending.hold),
        atMs: nowMs,
        ...(pending.hold.request ? { utteranceId: pending.hold.request.utteranceId } : {}),
        evidence: evidenceOf(rule, pending, nowMs - pending.hold.startedAtMs),
      });
      return { memory: { ...pending, flaggedAtMs: nowMs }, signals: [{ type: 'provisional', finding }] };
    },
    onStep: (pending) => ({ memory: pending }),
    onHold: (pending, change, nowMs) => {
      if (change.kind === 'started') {
        const reason = missingPermission(rule.params, change.hold);
        return { memory: reason === undefined ? undefined : { hold: change.hold, reason } };
      }
      if (!pending || pending.hold.index !== change.hold.index) return { memory: pending };
      const lengthMs = (change.hold.endedAtMs ?? nowMs) - change.hold.startedAtMs;
      const signal = judge(rule, context, pending, lengthMs, nowMs);
      return { memory: undefined, ...(signal ? { signals: [signal] } : {}) };
    },
  };
}

function judge(rule: CompiledRule<HoldParams>, context: DetectorContext, pending: Pending, lengthMs: number, nowMs: number): DetectorSignal | undefined {
  const key = keyOf(pending.hold);
  if (lengthMs < rule.params.graceMs) {
    // Raised only if the hold's end was still on its way when the grace passed.
    return pending.flaggedAtMs === undefined ? undefined : { type: 'retracted', key: `${rule.id}:${key}`, ruleId: rule.id, atMs: nowMs, reason: 'the hold was short enough to need no permission' };
  }
  const request = pending.hold.request;
  const finding = buildFinding(rule, context, {
    key,
    atMs: pending.flaggedAtMs ?? nowMs,
    confirmedAtMs: nowMs,
    ...(request ? { utteranceId: request.utteranceId } : {}),
    evidence: evidenceOf(rule, pending, lengthMs),
  });
  return { type: 'confirmed', finding };
}

function evidenceOf(rule: CompiledRule<HoldParams>, pending: Pending, lengthMs: number) {
  const observed = seconds(lengthMs);
  const limit = seconds(rule.params.graceMs);
  const what = pending.hold.source === 'inferred' ? 'wait (inferred from silence)' : 'hold';
  return { explanation: `a ${observed} s ${what} was placed ${pending.reason} (permission is needed from ${limit} s)`, observed, limit, unit: 's' };
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
