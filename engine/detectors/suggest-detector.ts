import type { CallState, UtteranceState } from '../state/call-state.js';
import type { DetectorContext, DetectorFactory, DetectorSignal } from './detector.js';
import { saysAny } from './rule-hits.js';
import { stepMachine } from './step-machine.js';

/** Parameters of the `suggest` kind. Trigger patterns live under the role 'trigger', exceptions under 'unless'. */
export interface SuggestParams {
  readonly title: string;
  readonly text: string;
  /** Show the card from an interim transcript (sooner; a card is help, never taken back). */
  readonly interim: boolean;
  /** No card if one of the agent's last this-many utterances (the trigger included) matched an 'unless' pattern. */
  readonly unlessWithinTurns: number;
}

/** Role of the patterns that show the card. */
export const SUGGEST_TRIGGER_ROLE = 'trigger';
/** Role of the patterns that make the card unnecessary. */
export const SUGGEST_UNLESS_ROLE = 'unless';

/**
 * Suggestion cards: when the rule's speaker says a trigger (a customer asking for a supervisor, an agent saying
 * goodbye), the agent sees the pack's script card, once per utterance; the nudge policy's cool-down keeps repeated
 * triggers from flooding the overlay. Cards are help, not findings.
 */
export const suggestDetector: DetectorFactory<SuggestParams> = (rule, context) => {
  const speakers = new Set(rule.speakers);
  return stepMachine<ReadonlySet<string>>(
    () => new Set(),
    (shown, step) => {
      if (step.change.kind !== 'utterance') return { memory: shown };
      const u = step.change.utterance;
      if (!speakers.has(u.speaker) || shown.has(u.utteranceId) || (!u.isFinal && !rule.params.interim)) return { memory: shown };
      if (!saysAny(u, context, rule.id, SUGGEST_TRIGGER_ROLE) || excused(step.state, u, context, rule.id, rule.params.unlessWithinTurns)) return { memory: shown };
      const card: DetectorSignal = {
        type: 'card',
        card: { key: `${rule.id}:${u.utteranceId}`, callId: context.callId, ruleId: rule.id, packId: context.pack.id, title: rule.params.title, text: rule.params.text, atMs: context.clock.nowMs(), utteranceId: u.utteranceId },
      };
      return { memory: new Set(shown).add(u.utteranceId), signals: [card] };
    },
  );
};

function excused(state: CallState, trigger: UtteranceState, context: DetectorContext, ruleId: string, turns: number): boolean {
  if (turns <= 0) return false;
  let seen = 0;
  for (let i = state.utterances.length - 1; i >= 0 && seen < turns; i--) {
    const u = state.utterances[i] as UtteranceState;
    if (u.speaker !== 'agent' || u.index > trigger.index) continue;
    seen++;
    if (saysAny(u, context, ruleId, SUGGEST_UNLESS_ROLE)) return true;
  }
  return false;
}
