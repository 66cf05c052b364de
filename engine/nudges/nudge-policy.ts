import type { OperatorFunction, Subscription } from 'rxjs';
import { guardedObservable } from '../faults/guarded-observable.js';
import type { CallClock } from '../clock/call-clock.js';
import type { DetectorSignal, ProvisionalFinding } from '../detectors/detector.js';
import type { CompiledRule } from '../pack/compiled-pack.js';
import type { TextLanguage } from '../text/text-language.js';
import type { Nudge, NudgeRetraction } from './nudge.js';
import { findingId } from '../findings/finding-id.js';
import { renderNudgeText } from './render-nudge-text.js';

/** How the overlay is fed. */
export interface NudgePolicyOptions {
  /**
   * 'show': a provisional nudge goes out at once and is retracted if the final disagrees (earliest help, some flicker).
   * 'hold': it goes out only after surviving `stableMs` without retraction (later, never retracted after showing
   * unless the final arrives within the hold and disagrees).
   */
  readonly provisional: 'show' | 'hold';
  readonly stableMs: number;
  /** Least time between two nudges of one rule in one call, unless the rule sets its own. */
  readonly cooldownMs: number;
  /** Most nudges per rolling minute per call; critical ones are always shown. Against alert fatigue. */
  readonly perMinuteBudget: number;
}

/**
 * The defaults. Provisional nudges are held for a second: on the dev corpus that spares the agent 30 % of the
 * shown-then-retracted nudges for 1 s of lead time, and two thirds of true nudges still arrive before the final
 * (benchmarks/README.md has the trade-off table).
 */
export const DEFAULT_NUDGE_POLICY: NudgePolicyOptions = { provisional: 'hold', stableMs: 1_000, cooldownMs: 10_000, perMinuteBudget: 6 };

/** Output of the policy: show or update a nudge, or take one back. */
export type NudgeOutput = { readonly type: 'nudge'; readonly nudge: Nudge } | { readonly type: 'nudge.retracted'; readonly retraction: NudgeRetraction };

/** Looks up the rule a signal came from, to render its nudge. */
export type RuleLookup = (packId: string, ruleId: string) => CompiledRule | undefined;

/**
 * Turns one call's detector signals into what the agent sees: one nudge per finding (a provisional one is upgraded in
 * place when confirmed), a cool-down per rule, a per-minute budget, and the provisional policy above.
 */
export function applyNudgePolicy(
  options: NudgePolicyOptions,
  call: { readonly callId: string; readonly clock: CallClock; readonly language: TextLanguage; readonly lookup: RuleLookup },
): OperatorFunction<DetectorSignal, NudgeOutput> {
  const { callId, clock, language, lookup } = call;
  return (signals) =>
    guardedObservable<NudgeOutput>(({ subscriber, listen, schedule }) => {
      const shown = new Map<string, Nudge>();
      const held = new Map<string, Subscription>();
      const lastShownByRule = new Map<string, number>();
      const recent: number[] = [];

      const allowed = (ruleKey: string, severity: Nudge['severity'], cooldownMs: number) => {
        const now = clock.nowMs();
        const last = lastShownByRule.get(ruleKey);
        if (last !== undefined && now - last < cooldownMs) return false;
        while (recent.length > 0 && now - (recent[0] as number) >= 60_000) recent.shift();
        return severity === 'critical' || recent.length < options.perMinuteBudget;
      };

      const emit = (nudge: Nudge, ruleKey: string, counts: boolean) => {
        shown.set(nudge.nudgeId, nudge);
        if (counts) {
          lastShownByRule.set(ruleKey, nudge.atMs);
          recent.push(nudge.atMs);
        }
        subscriber.next({ type: 'nudge', nudge });
      };

      const fromFinding = (finding: ProvisionalFinding, status: Nudge['status']): { nudge: Nudge; ruleKey: string; cooldownMs: number } | undefined => {
        const rule = lookup(finding.packId, finding.ruleId);
        if (!rule) return undefined;
        return {
          ruleKey: `${finding.packId}/${finding.ruleId}`,
          cooldownMs: rule.cooldownMs ?? options.cooldownMs,
          nudge: {
            nudgeId: findingId(callId, finding.key),
            callId: finding.callId,
            ruleId: finding.ruleId,
            packId: finding.packId,
            kind: 'finding',
            category: finding.category,
            severity: finding.severity,
            status,
            text: renderNudgeText(rule.nudge, finding.category, language, finding.evidence, rule.suggest),
            ...(rule.suggest !== undefined ? { suggest: rule.suggest } : {}),
            ...(finding.utteranceId !== undefined ? { utteranceId: finding.utteranceId } : {}),
            atMs: clock.nowMs(),
          },
        };
      };

      const onSignal = (signal: DetectorSignal) => {
        switch (signal.type) {
          case 'provisional': {
            const built = fromFinding(signal.finding, 'provisional');
            if (!built || shown.has(built.nudge.nudgeId) || held.has(built.nudge.nudgeId)) return;
            if (options.provisional === 'show') {
              if (allowed(built.ruleKey, built.nudge.severity, built.cooldownMs)) emit(built.nudge, built.ruleKey, true);
              return;
            }
            const id = built.nudge.nudgeId;
            held.set(
              id,
              schedule(
                clock.scheduler,
                () => {
                  held.delete(id);
                  if (allowed(built.ruleKey, built.nudge.severity, built.cooldownMs)) emit({ ...built.nudge, atMs: clock.nowMs() }, built.ruleKey, true);
                },
                options.stableMs,
              ),
            );
            return;
          }
          case 'confirmed': {
            const built = fromFinding(signal.finding, 'confirmed');
            if (!built) return;
            const id = built.nudge.nudgeId;
            held.get(id)?.unsubscribe();
            const wasHeld = held.delete(id);
            if (shown.has(id)) emit(built.nudge, built.ruleKey, false);
            else if (wasHeld || allowed(built.ruleKey, built.nudge.severity, built.cooldownMs)) emit(built.nudge, built.ruleKey, true);
            return;
          }
          case 'retracted': {
            const nudgeId = findingId(callId, signal.key);
            const timer = held.get(nudgeId);
            if (timer) {
              // Held and never shown: the agent was spared a false alarm.
              timer.unsubscribe();
              held.delete(nudgeId);
            } else if (shown.get(nudgeId)?.status === 'provisional') {
              const taken = shown.get(nudgeId) as Nudge;
              shown.delete(nudgeId);
              // A nudge taken back does not count against its rule's cool-down or the budget: if the phrase comes
              // back and is confirmed, the agent must still see it.
              const ruleKey = `${taken.packId}/${taken.ruleId}`;
              if (lastShownByRule.get(ruleKey) === taken.atMs) lastShownByRule.delete(ruleKey);
              const at = recent.lastIndexOf(taken.atMs);
              if (at >= 0) recent.splice(at, 1);
              subscriber.next({ type: 'nudge.retracted', retraction: { nudgeId, callId, atMs: clock.nowMs(), reason: signal.reason } });
            }
            return;
          }
          case 'card': {
            const card = signal.card;
            const rule = lookup(card.packId, card.ruleId);
            const ruleKey = `${card.packId}/${card.ruleId}`;
            const nudgeId = findingId(callId, card.key);
            if (shown.has(nudgeId) || !allowed(ruleKey, rule?.severity ?? 'info', rule?.cooldownMs ?? options.cooldownMs)) return;
            emit(
              {
                nudgeId,
                callId: card.callId,
                ruleId: card.ruleId,
                packId: card.packId,
                kind: 'card',
                severity: rule?.severity ?? 'info',
                status: 'confirmed',
                title: card.title,
                text: card.text,
                ...(card.utteranceId !== undefined ? { utteranceId: card.utteranceId } : {}),
                atMs: clock.nowMs(),
              },
              ruleKey,
              true,
            );
            return;
          }
        }
      };

      const subscription = listen(signals, onSignal);
      return () => {
        for (const timer of held.values()) timer.unsubscribe();
        subscription.unsubscribe();
      };
    });
}
