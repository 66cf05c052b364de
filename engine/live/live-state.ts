import type { CallStep } from '../state/call-state.js';
import { activeHold } from '../state/call-state.js';
import { countSpeechUnits } from '../detectors/count-speech-units.js';
import type { TextLanguage } from '../text/text-language.js';
import { createAgitationTracker, type Agitation } from './customer-agitation.js';

/** What an overlay and a supervisor wall show of a call between findings: hold timer, agent pace, customer agitation. */
export interface CallLiveState {
  readonly callId: string;
  /** Call time (ms) of this state. */
  readonly atMs: number;
  /** Call time the hold in progress began; absent when not on hold. */
  readonly onHoldSinceMs?: number;
  readonly holds: number;
  /** The agent's pace over their last finals (about a minute of speech): characters (zh) or words (en) per minute. */
  readonly agentPace?: { readonly perMinute: number; readonly unit: 'chars' | 'words' };
  /** How upset the customer sounds, from their last turns (customer-agitation.ts); absent before they speak. */
  readonly customerAgitation?: Agitation;
}

// Pace over the agent's recent speech, long enough to be steady, short enough to follow a change.
const PACE_WINDOW_MS = 60_000;
const MIN_PACE_SPEECH_MS = 5_000;

/**
 * Folds call steps into the live state, emitting a new state only when something shown changes: a hold starts or
 * ends, or an agent final moves the pace meter. Pure; one per call.
 */
export function createLiveStateTracker(callId: string, language: TextLanguage) {
  const recent: Array<{ endMs: number; durationMs: number; units: number }> = [];
  const agitation = createAgitationTracker(language);
  let customerAgitation: Agitation | undefined;
  let agentTalkingUntilMs = -1;
  let last: CallLiveState | undefined;

  return (step: CallStep, atMs: number): CallLiveState | undefined => {
    const change = step.change;
    const final = change.kind === 'utterance' && change.utterance.isFinal;
    if (final && change.utterance.speaker === 'customer') customerAgitation = agitation(change.utterance, agentTalkingUntilMs);
    const relevant = change.kind === 'hold.started' || change.kind === 'hold.ended' || final;
    if (!relevant) return undefined;
    if (change.kind === 'utterance' && change.utterance.speaker === 'agent') {
      agentTalkingUntilMs = Math.max(agentTalkingUntilMs, change.utterance.endMs);
      const u = change.utterance;
      recent.push({ endMs: u.endMs, durationMs: Math.max(0, u.endMs - u.startMs), units: countSpeechUnits(u.text, language, []) });
      while (recent.length > 1 && (recent[recent.length - 1]?.endMs ?? 0) - (recent[0]?.endMs ?? 0) > PACE_WINDOW_MS) recent.shift();
    }
    const speechMs = recent.reduce((sum, r) => sum + r.durationMs, 0);
    const units = recent.reduce((sum, r) => sum + r.units, 0);
    const hold = activeHold(step.state);
    const state: CallLiveState = {
      callId,
      atMs,
      holds: step.state.holds.length,
      ...(hold ? { onHoldSinceMs: hold.startedAtMs } : {}),
      ...(speechMs >= MIN_PACE_SPEECH_MS ? { agentPace: { perMinute: Math.round((units * 60_000) / speechMs), unit: language === 'zh' ? 'chars' : 'words' } } : {}),
      ...(customerAgitation ? { customerAgitation } : {}),
    };
    const same =
      last &&
      last.onHoldSinceMs === state.onHoldSinceMs &&
      last.holds === state.holds &&
      last.agentPace?.perMinute === state.agentPace?.perMinute &&
      last.customerAgitation?.score === state.customerAgitation?.score &&
      last.customerAgitation?.level === state.customerAgitation?.level;
    if (same) return undefined;
    last = state;
    return state;
  };
}
