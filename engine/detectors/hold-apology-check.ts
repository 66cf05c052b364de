import type { CompiledRule } from '../pack/compiled-pack.js';
import type { DetectorContext, DetectorSignal } from './detector.js';
import { buildFinding } from './finding-builder.js';
import { fillPlaceholders, seconds } from './fill-placeholders.js';
import type { HoldCheck } from './hold-check.js';
import { HOLD_APOLOGY_ROLE, type HoldParams } from './hold-params.js';
import type { TrackedHold } from './track-holds.js';
import { saysAny } from './rule-hits.js';

interface Awaiting {
  readonly hold: TrackedHold;
  readonly waitMs: number;
  /** The agent's first utterance after the hold, once it has begun. */
  readonly utteranceId?: string;
}

/**
 * Apology after a wait (很抱歉，让您久等了 / thank you for holding): when a hold of `graceMs` or more ends, a card
 * reminds the agent at once; the agent's first utterance after it must carry the apology or thanks, judged on that
 * utterance's final.
 */
export function holdApologyCheck(rule: CompiledRule<HoldParams>, context: DetectorContext): HoldCheck<Awaiting | undefined> {
  return {
    initial: () => undefined,
    wakeAtMs: () => undefined,
    onWake: (awaiting) => ({ memory: awaiting }),
    onHold: (awaiting, change, nowMs) => {
      if (change.kind === 'started') return { memory: undefined };
      const waitMs = (change.hold.endedAtMs ?? nowMs) - change.hold.startedAtMs;
      if (waitMs < rule.params.graceMs) return { memory: undefined };
      const remind = rule.params.remind;
      const values = { observed: seconds(waitMs), limit: seconds(rule.params.graceMs) };
      const signals: DetectorSignal[] = remind
        ? [
            {
              type: 'card',
              card: {
                key: `${rule.id}:hold#${change.hold.index}:remind`,
                callId: context.callId,
                ruleId: rule.id,
                packId: context.pack.id,
                title: fillPlaceholders(remind.title, values),
                text: fillPlaceholders(remind.text, values),
                atMs: nowMs,
              },
            },
          ]
        : [];
      return { memory: { hold: change.hold, waitMs }, signals };
    },
    onStep: (awaiting, step, nowMs) => {
      if (!awaiting || step.change.kind !== 'utterance') return { memory: awaiting };
      const u = step.change.utterance;
      if (u.speaker !== 'agent') return { memory: awaiting };
      if (awaiting.utteranceId === undefined && (step.change.previous || u.startMs < awaiting.hold.startedAtMs)) return { memory: awaiting };
      if (awaiting.utteranceId !== undefined && awaiting.utteranceId !== u.utteranceId) return { memory: awaiting };
      // The final is the truth: an interim apology the final drops does not count, nor the other way round.
      if (!u.isFinal) return { memory: { ...awaiting, utteranceId: u.utteranceId } };
      if (saysAny(u, context, rule.id, HOLD_APOLOGY_ROLE)) return { memory: undefined };
      const observed = seconds(awaiting.waitMs);
      const finding = buildFinding(rule, context, {
        key: `hold#${awaiting.hold.index}`,
        atMs: nowMs,
        confirmedAtMs: nowMs,
        utteranceId: u.utteranceId,
        evidence: {
          explanation: `the customer waited ${observed} s${awaiting.hold.source === 'inferred' ? ' (a wait inferred from silence)' : ''}, and the agent's first utterance after it had no apology or thanks for waiting (needed from ${seconds(rule.params.graceMs)} s)`,
          quote: u.text,
          spans: [{ utteranceId: u.utteranceId, start: 0, end: u.text.length }],
          observed,
          limit: seconds(rule.params.graceMs),
          unit: 's',
          speaker: u.speaker,
        },
      });
      return { memory: undefined, signals: [{ type: 'confirmed', finding }] };
    },
  };
}
