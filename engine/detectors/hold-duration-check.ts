import type { CompiledRule } from '../pack/compiled-pack.js';
import type { DetectorContext, DetectorSignal } from './detector.js';
import { buildFinding, buildProvisional } from './finding-builder.js';
import { fillPlaceholders, seconds } from './fill-placeholders.js';
import type { HoldCheck } from './hold-check.js';
import type { HoldParams } from './hold-params.js';
import type { TrackedHold } from './track-holds.js';

interface Active {
  readonly hold: TrackedHold;
  /** Index of the next countdown card not yet shown. */
  readonly nextMark: number;
  /** When the limit passed and the finding was raised provisionally. */
  readonly flaggedAtMs?: number;
}

/**
 * Hold length: countdown cards at the pack's marks while the customer waits, and hold_too_long the moment the limit
 * passes (provisional, so the agent sees it live); the hold's end confirms it with the measured length, or takes it
 * back in the rare case the hold had in fact ended in time and its end was still on its way.
 */
export function holdDurationCheck(rule: CompiledRule<HoldParams>, context: DetectorContext): HoldCheck<Active | undefined> {
  const { marks, limitMs } = rule.params;
  const limit = seconds(limitMs);
  return {
    initial: () => undefined,
    wakeAtMs: (active) => {
      if (!active) return undefined;
      const mark = marks[active.nextMark];
      const markAt = mark ? active.hold.startedAtMs + mark.afterMs : undefined;
      const limitAt = active.flaggedAtMs === undefined ? active.hold.startedAtMs + limitMs : undefined;
      if (markAt === undefined) return limitAt;
      return limitAt === undefined ? markAt : Math.min(markAt, limitAt);
    },
    onWake: (active, nowMs) => {
      if (!active) return { memory: active };
      const elapsedMs = nowMs - active.hold.startedAtMs;
      const signals: DetectorSignal[] = [];
      let nextMark = active.nextMark;
      // Only the latest due card is worth showing (an inferred hold can start with several already due).
      while (nextMark < marks.length && (marks[nextMark]?.afterMs ?? Infinity) <= elapsedMs) nextMark++;
      const due = nextMark > active.nextMark ? marks[nextMark - 1] : undefined;
      if (due) {
        const values = { observed: seconds(elapsedMs), limit };
        signals.push({
          type: 'card',
          card: { key: `${rule.id}:hold#${active.hold.index}:mark${nextMark - 1}`, callId: context.callId, ruleId: rule.id, packId: context.pack.id, title: fillPlaceholders(due.title, values), text: fillPlaceholders(due.text, values), atMs: nowMs },
        });
      }
      let flaggedAtMs = active.flaggedAtMs;
      if (flaggedAtMs === undefined && elapsedMs >= limitMs) {
        flaggedAtMs = nowMs;
        signals.push({ type: 'provisional', finding: buildProvisional(rule, context, { key: keyOf(active.hold), atMs: nowMs, evidence: evidenceOf(active.hold, elapsedMs, limit, 'so far') }) });
      }
      return { memory: { ...active, nextMark, ...(flaggedAtMs !== undefined ? { flaggedAtMs } : {}) }, signals };
    },
    onStep: (active) => ({ memory: active }),
    onHold: (active, change, nowMs) => {
      if (change.kind === 'started') return { memory: { hold: change.hold, nextMark: 0 } };
      if (!active || active.hold.index !== change.hold.index) return { memory: undefined };
      const lengthMs = (change.hold.endedAtMs ?? nowMs) - change.hold.startedAtMs;
      const key = keyOf(change.hold);
      if (lengthMs < limitMs) {
        if (active.flaggedAtMs === undefined) return { memory: undefined };
        return { memory: undefined, signals: [{ type: 'retracted', key: `${rule.id}:${key}`, ruleId: rule.id, atMs: nowMs, reason: 'the hold had ended within the limit' }] };
      }
      const finding = buildFinding(rule, context, { key, atMs: active.flaggedAtMs ?? nowMs, confirmedAtMs: nowMs, evidence: evidenceOf(change.hold, lengthMs, limit, 'in all') });
      return { memory: undefined, signals: [{ type: 'confirmed', finding }] };
    },
  };
}

function keyOf(hold: TrackedHold): string {
  return `hold#${hold.index}`;
}

function evidenceOf(hold: TrackedHold, lengthMs: number, limit: number, how: 'so far' | 'in all') {
  const observed = seconds(lengthMs);
  return {
    explanation: `the customer ${how === 'so far' ? 'has been' : 'was'} ${hold.source === 'inferred' ? 'waiting in silence (an inferred hold)' : 'on hold'} ${observed} s${how === 'so far' ? ' so far' : ''} (limit ${limit} s)`,
    observed,
    limit,
    unit: 's',
  };
}
