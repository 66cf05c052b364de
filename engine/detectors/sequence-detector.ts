import type { Speaker } from '../events/call-event.js';
import type { EvidenceStep } from '../findings/finding.js';
import type { CompiledRule } from '../pack/compiled-pack.js';
import type { CallStep, UtteranceState } from '../state/call-state.js';
import type { DetectorContext, DetectorFactory, DetectorSignal } from './detector.js';
import { buildFinding } from './finding-builder.js';
import { seconds } from './fill-placeholders.js';
import { saysAny } from './rule-hits.js';
import { timedMachine, type TimedResult } from './timed-machine.js';

/** One line of a scripted ladder. Its patterns (how to recognise the agent saying it) live under `ladderStepRole(i)`. */
export interface LadderStep {
  readonly label: string;
  /** Due when the quiet side has been silent this long since the agent last spoke. */
  readonly afterMs: number;
  /** The script line, shown on the card when the step falls due. */
  readonly say: string;
}

/** Parameters of the `sequence` kind: a timed protocol such as the silent-call ladder (无声电话). */
export interface SequenceParams {
  /** firstTurn: starts after the agent's first utterance if the quiet side has said nothing; match: starts when the agent says a `start` pattern. */
  readonly start: 'firstTurn' | 'match';
  /** The side whose silence (or unintelligible speech) drives the ladder. */
  readonly quiet: Speaker;
  /** Speech of the quiet side with a recogniser confidence below this does not count as being heard. */
  readonly minConfidence: number;
  readonly steps: readonly LadderStep[];
  /** After the last line, the agent should wait this long before releasing the call. */
  readonly hangupAfterMs: number;
}

/** Role of the patterns that start a `match` ladder. */
export const LADDER_START_ROLE = 'start';

/** Role of the patterns of one step's line. */
export function ladderStepRole(index: number): string {
  return `step:${index}`;
}

interface Run {
  readonly number: number;
  readonly startedBy: string;
  /** End of the agent's latest speech: steps fall due counting from here. */
  readonly sinceMs: number;
  /** The next step not yet said. */
  readonly next: number;
  readonly steps: readonly EvidenceStep[];
}

interface Memory {
  readonly run?: Run;
  readonly runs: number;
  /** firstTurn ladders start at most once. */
  readonly firstTurnSeen: boolean;
  readonly quietHeard: boolean;
}

/**
 * Scripted ladders: while the quiet side stays silent, each step falls due `afterMs` after the agent last spoke and
 * its line is shown on a card; the agent saying a step's line (recognised by its patterns) moves the ladder on and is
 * recorded as that step's evidence. The quiet side being heard ends the ladder: the line works. If the agent releases
 * the call while a ladder runs, before its last line or sooner than `hangupAfterMs` after it, that is a finding whose
 * evidence lists every step.
 */
export const sequenceDetector: DetectorFactory<SequenceParams> = (rule, context) =>
  timedMachine<Memory>(context.clock, {
    initial: () => ({ runs: 0, firstTurnSeen: false, quietHeard: false }),
    wakeAtMs: (m) => {
      const step = m.run ? rule.params.steps[m.run.next] : undefined;
      return m.run && step && m.run.steps[m.run.next]?.promptedAtMs === undefined ? m.run.sinceMs + step.afterMs : undefined;
    },
    onWake: (m, nowMs) => {
      const run = m.run;
      const step = run ? rule.params.steps[run.next] : undefined;
      if (!run || !step) return { memory: m };
      const steps = run.steps.map((s, i) => (i === run.next ? { ...s, promptedAtMs: nowMs } : s));
      const card: DetectorSignal = {
        type: 'card',
        card: { key: `${rule.id}:ladder#${run.number}:step${run.next}`, callId: context.callId, ruleId: rule.id, packId: context.pack.id, title: step.label, text: step.say, atMs: nowMs },
      };
      return { memory: { ...m, run: { ...run, steps } }, signals: [card] };
    },
    onStep: (m, step, nowMs) => onStep(rule, context, m, step, nowMs),
  });

function onStep(rule: CompiledRule<SequenceParams>, context: DetectorContext, m: Memory, step: CallStep, nowMs: number): TimedResult<Memory> {
  const change = step.change;
  if (change.kind === 'ended') return m.run && step.state.ended?.endedBy === 'agent' ? judgeHangup(rule, context, m.run, step.state.ended.atMs, nowMs, m) : { memory: { ...m, run: undefined } };
  if (change.kind !== 'utterance') return { memory: m };
  const u = change.utterance;
  if (u.speaker === rule.params.quiet) {
    const heard = u.isFinal && (u.confidence === undefined || u.confidence >= rule.params.minConfidence) && u.text.trim() !== '';
    if (heard) return { memory: { ...m, run: undefined, quietHeard: true } };
    // Speech still coming in (or too garbled to count) postpones the next step rather than ending the ladder.
    return m.run ? { memory: { ...m, run: { ...m.run, sinceMs: Math.max(m.run.sinceMs, u.endMs) } } } : { memory: m };
  }
  if (!rule.speakers.includes(u.speaker)) return { memory: m };
  if (m.run) return { memory: { ...m, run: advance(rule, context, m.run, u) } };
  return { memory: maybeStart(rule, context, m, u) };
}

function maybeStart(rule: CompiledRule<SequenceParams>, context: DetectorContext, m: Memory, u: UtteranceState): Memory {
  if (!u.isFinal) return m;
  if (rule.params.start === 'firstTurn') {
    if (m.firstTurnSeen) return m;
    const seen = { ...m, firstTurnSeen: true };
    return m.quietHeard ? seen : { ...seen, run: newRun(rule, m.runs, u), runs: m.runs + 1 };
  }
  if (!saysAny(u, context, rule.id, LADDER_START_ROLE)) return m;
  return { ...m, run: newRun(rule, m.runs, u), runs: m.runs + 1 };
}

function newRun(rule: CompiledRule<SequenceParams>, number: number, trigger: UtteranceState): Run {
  return { number, startedBy: trigger.utteranceId, sinceMs: trigger.endMs, next: 0, steps: rule.params.steps.map((s) => ({ label: s.label })) };
}

/**
 * The agent spoke during the ladder: the furthest not-yet-said step whose line this is counts as said. A line that
 * greets again and closes at once ("您好，对不起，您的电话没有声音，请您换一个电话再打来，再见", seed 001 四(6), which has
 * fewer steps than other versions of the ladder) is the closing, not the greeting.
 */
function advance(rule: CompiledRule<SequenceParams>, context: DetectorContext, run: Run, u: UtteranceState): Run {
  const sinceMs = Math.max(run.sinceMs, u.endMs);
  if (!u.isFinal) return { ...run, sinceMs };
  for (let i = rule.params.steps.length - 1; i >= run.next; i--) {
    if (saysAny(u, context, rule.id, ladderStepRole(i))) {
      const steps = run.steps.map((s, j) => (j === i ? { ...s, saidAtMs: u.endMs, utteranceId: u.utteranceId } : s));
      return { ...run, sinceMs, next: i + 1, steps };
    }
  }
  return { ...run, sinceMs };
}

function judgeHangup(rule: CompiledRule<SequenceParams>, context: DetectorContext, run: Run, endedAtMs: number, nowMs: number, m: Memory): TimedResult<Memory> {
  const memory = { ...m, run: undefined };
  const total = rule.params.steps.length;
  const said = run.steps.filter((s) => s.saidAtMs !== undefined).length;
  const lastSaid = run.steps[total - 1]?.saidAtMs;
  let explanation: string;
  let observed: number;
  let limit: number;
  let unit: string;
  if (lastSaid === undefined) {
    explanation = `the agent released the call during a scripted ladder after ${said} of ${total} steps, without its closing line`;
    observed = said;
    limit = total;
    unit = 'steps';
  } else if (endedAtMs - lastSaid < rule.params.hangupAfterMs) {
    observed = seconds(endedAtMs - lastSaid);
    limit = seconds(rule.params.hangupAfterMs);
    explanation = `the agent released the call ${observed} s after the ladder's closing line (wait ${limit} s)`;
    unit = 's';
  } else {
    return { memory };
  }
  const finding = buildFinding(rule, context, {
    key: `ladder#${run.number}`,
    atMs: nowMs,
    confirmedAtMs: nowMs,
    utteranceId: run.startedBy,
    evidence: { explanation, observed, limit, unit, steps: run.steps },
  });
  return { memory, signals: [{ type: 'confirmed', finding }] };
}
