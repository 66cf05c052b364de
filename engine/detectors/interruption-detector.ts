import type { Speaker } from '../events/call-event.js';
import type { CompiledRule } from '../pack/compiled-pack.js';
import type { UtteranceState } from '../state/call-state.js';
import type { DetectorContext, DetectorFactory, DetectorSignal } from './detector.js';
import { bareText } from './bare-text.js';
import { buildFinding } from './finding-builder.js';
import { seconds } from './fill-placeholders.js';
import { stepMachine } from './step-machine.js';

/** Parameters of the `interruption` kind. The rule's speaker is the one who must not interrupt. */
export interface InterruptionParams {
  /** Whose speech must not be talked over. */
  readonly over: readonly Speaker[];
  /** Starting this long (or more) before their utterance ends is an interruption. */
  readonly minOverlapMs: number;
  /** Utterances that are only listening noises (嗯, uh-huh), as bareText: never an interruption. */
  readonly backchannels: readonly string[];
}

// Overlaps are between neighbours: looking this many utterances back is plenty, and keeps each step O(1).
const LOOK_BACK = 12;

/**
 * Interruptions: an utterance of the rule's speaker starts while the other side's utterance still runs, and that one
 * goes on for at least `minOverlapMs` after. Both ends are audio times, so the overlap is a fact as soon as the
 * other side's transcript (a partial will do) reaches past it: the finding is confirmed at once, live.
 */
export const interruptionDetector: DetectorFactory<InterruptionParams> = (rule, context) => {
  const speakers = new Set(rule.speakers);
  const over = new Set(rule.params.over);
  const backchannels = new Set(rule.params.backchannels);
  return stepMachine<ReadonlySet<string>>(
    () => new Set(),
    (flagged, step) => {
      if (step.change.kind !== 'utterance') return { memory: flagged };
      const u = step.change.utterance;
      if (!speakers.has(u.speaker) && !over.has(u.speaker)) return { memory: flagged };
      const pairs: Array<[UtteranceState, UtteranceState]> = [];
      const utterances = step.state.utterances;
      const from = Math.max(0, utterances.length - LOOK_BACK);
      if (speakers.has(u.speaker) && !flagged.has(u.utteranceId) && !isBackchannel(u, backchannels)) {
        for (let i = from; i < utterances.length; i++) {
          const c = utterances[i] as UtteranceState;
          if (over.has(c.speaker) && overlapMs(c, u) >= rule.params.minOverlapMs) {
            pairs.push([u, c]);
            break;
          }
        }
      }
      if (over.has(u.speaker)) {
        for (let i = from; i < utterances.length; i++) {
          const a = utterances[i] as UtteranceState;
          if (speakers.has(a.speaker) && !flagged.has(a.utteranceId) && overlapMs(u, a) >= rule.params.minOverlapMs && !isBackchannel(a, backchannels)) pairs.push([a, u]);
        }
      }
      if (pairs.length === 0) return { memory: flagged };
      const next = new Set(flagged);
      const signals: DetectorSignal[] = [];
      for (const [interrupter, talkedOver] of pairs) {
        if (next.has(interrupter.utteranceId)) continue;
        next.add(interrupter.utteranceId);
        signals.push(confirmed(rule, context, interrupter, talkedOver));
      }
      return { memory: next, signals };
    },
  );
};

/** How long `talkedOver` went on after `interrupter` started, if `interrupter` started inside it; else 0. */
function overlapMs(talkedOver: UtteranceState, interrupter: UtteranceState): number {
  if (talkedOver.startMs >= interrupter.startMs) return 0;
  return Math.max(0, talkedOver.endMs - interrupter.startMs);
}

function isBackchannel(u: UtteranceState, backchannels: ReadonlySet<string>): boolean {
  return backchannels.size > 0 && backchannels.has(bareText(u.text));
}

function confirmed(rule: CompiledRule<InterruptionParams>, context: DetectorContext, interrupter: UtteranceState, talkedOver: UtteranceState): DetectorSignal {
  const now = context.clock.nowMs();
  const observed = seconds(overlapMs(talkedOver, interrupter));
  const limit = seconds(rule.params.minOverlapMs);
  const finding = buildFinding(rule, context, {
    key: interrupter.utteranceId,
    atMs: now,
    confirmedAtMs: now,
    utteranceId: interrupter.utteranceId,
    evidence: {
      explanation: `the ${interrupter.speaker} started talking ${observed} s before the ${talkedOver.speaker} had finished (limit ${limit} s)`,
      spans: [{ utteranceId: talkedOver.utteranceId, start: 0, end: talkedOver.text.length }],
      observed,
      limit,
      unit: 's',
      speaker: interrupter.speaker,
    },
  });
  return { type: 'confirmed', finding };
}
