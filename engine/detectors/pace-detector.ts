import type { CompiledRule } from '../pack/compiled-pack.js';
import type { UtteranceState } from '../state/call-state.js';
import { textLanguageOf } from '../text/text-language.js';
import { countSpeechUnits } from './count-speech-units.js';
import type { DetectorContext, DetectorFactory, DetectorSignal } from './detector.js';
import { buildFinding, buildProvisional } from './finding-builder.js';
import { stepMachine } from './step-machine.js';
import { pruneToWindow, rateOverSpeech, rateOverWindow, upsertTalk, type Rate, type Talk } from './rate-over-window.js';

/** Parameters of the `pace` kind. The rule's speaker is the one whose pace is measured (the agent). */
export interface PaceParams {
  /** fast: rate at or above `limit`; slow: at or below; relative: the speaker's rate at or above `limit` times the other side's. */
  readonly mode: 'fast' | 'slow' | 'relative';
  /** Units per minute (fast, slow) or a ratio (relative). */
  readonly limit: number;
  /** The rate is measured over the latest stretch of continuous talk spanning at least this long. */
  readonly windowMs: number;
  /** A pause longer than this (or the other side speaking) ends a stretch of continuous talk. */
  readonly maxGapMs: number;
  /** Once flagged, the rate must come back past the limit by this fraction before it can be flagged again. */
  readonly hysteresis: number;
  /** Fillers that do not count as units, folded by foldForCounting. */
  readonly fillers: readonly string[];
  /** relative: how much of the other side's speech must be heard before comparing. */
  readonly minOtherSpeechMs: number;
}

interface Memory {
  /** The current stretch of continuous talk, pruned to what the window can still reach. */
  readonly stretch: readonly Talk[];
  readonly stretchId: string;
  /** Findings raised in this stretch so far (each crossing gets its own key). */
  readonly crossings: number;
  readonly status: 'armed' | 'pending' | 'flagged';
  readonly pendingAtMs?: number;
  /** The other side's latest speech (relative mode). */
  readonly other: readonly Talk[];
}

/**
 * Speaking rate over a sliding window of continuous talk, measured live: an interim transcript pushing the window
 * over the limit raises a provisional finding while the speaker is still talking; the utterance's final confirms or
 * retracts it. Hysteresis: after a finding, the rate must fall back clearly (by `hysteresis`) before another can be
 * raised, so a rate hovering at the limit does not flap.
 */
export const paceDetector: DetectorFactory<PaceParams> = (rule, context) => {
  const speakers = new Set(rule.speakers);
  const language = textLanguageOf(context.pack.language);
  const talkOf = (u: UtteranceState): Talk => ({
    utteranceId: u.utteranceId,
    startMs: u.startMs,
    endMs: u.endMs,
    units: countSpeechUnits(u.text, language, rule.params.fillers),
    isFinal: u.isFinal,
    textLength: u.text.length,
  });
  return stepMachine<Memory>(
    () => ({ stretch: [], stretchId: '', crossings: 0, status: 'armed', other: [] }),
    (m, step) => {
      const change = step.change;
      if (change.kind === 'ended') return closeStretch(rule, context, m);
      if (change.kind !== 'utterance') return { memory: m };
      const u = change.utterance;
      if (speakers.has(u.speaker)) return onOwnTalk(rule, context, m, talkOf(u), step.state.utterances);
      if (u.speaker === 'unknown') return { memory: m };
      // The other side starting after a finished utterance ends the stretch at once; speech that began under an
      // utterance still running is judged when the next one starts (see onOwnTalk).
      const last = m.stretch[m.stretch.length - 1];
      const broken = last !== undefined && last.isFinal && u.startMs >= last.endMs ? closeStretch(rule, context, m) : { memory: m };
      if (rule.params.mode !== 'relative' || !u.isFinal) return broken;
      return { ...broken, memory: { ...broken.memory, other: pruneSpeech(upsertTalk(broken.memory.other, talkOf(u)), rule.params.minOtherSpeechMs) } };
    },
  );
};

function onOwnTalk(rule: CompiledRule<PaceParams>, context: DetectorContext, m: Memory, talk: Talk, utterances: readonly UtteranceState[]): { memory: Memory; signals?: DetectorSignal[] } {
  const last = m.stretch[m.stretch.length - 1];
  const known = m.stretch.some((t) => t.utteranceId === talk.utteranceId);
  // A late revision of an utterance the window has already moved past changes nothing it measures.
  if (!known && last && talk.startMs < last.startMs) return { memory: m };
  let signals: DetectorSignal[] = [];
  let memory = m;
  if (!known && last && (talk.startMs - last.endMs > rule.params.maxGapMs || otherSpokeBetween(rule, utterances, last, talk))) {
    const closed = closeStretch(rule, context, m);
    memory = closed.memory;
    signals = closed.signals ?? [];
  }
  if (memory.stretch.length === 0) memory = { ...memory, stretchId: talk.utteranceId, crossings: 0 };
  memory = { ...memory, stretch: pruneToWindow(upsertTalk(memory.stretch, talk), rule.params.windowMs) };
  const judged = judge(rule, context, memory);
  return { memory: judged.memory, signals: [...signals, ...(judged.signals ?? [])] };
}

function judge(rule: CompiledRule<PaceParams>, context: DetectorContext, m: Memory): { memory: Memory; signals?: DetectorSignal[] } {
  const rate = rateOverWindow(m.stretch, rule.params.windowMs);
  if (!rate) return { memory: m };
  const other = rule.params.mode === 'relative' ? rateOverSpeech(m.other, rule.params.minOtherSpeechMs) : undefined;
  if (rule.params.mode === 'relative' && (!other || other.perMinute <= 0)) return { memory: m };
  const value = other ? rate.perMinute / other.perMinute : rate.perMinute;
  const { limit, hysteresis, mode } = rule.params;
  const over = mode === 'slow' ? value <= limit : value >= limit;
  const recovered = mode === 'slow' ? value > limit * (1 + hysteresis) : value < limit * (1 - hysteresis);
  const now = context.clock.nowMs();
  const key = `${m.stretchId}#${m.crossings}`;
  switch (m.status) {
    case 'armed':
      if (!over) return { memory: m };
      if (!rate.allFinal) {
        const finding = buildProvisional(rule, context, { key, atMs: now, utteranceId: firstId(rate), evidence: evidenceOf(rule, context, rate, other) });
        return { memory: { ...m, status: 'pending', pendingAtMs: now }, signals: [{ type: 'provisional', finding }] };
      }
      return { memory: { ...m, status: 'flagged' }, signals: [confirm(rule, context, key, now, now, rate, other)] };
    case 'pending':
      if (!rate.allFinal) return { memory: m };
      if (over) return { memory: { ...m, status: 'flagged', pendingAtMs: undefined }, signals: [confirm(rule, context, key, m.pendingAtMs ?? now, now, rate, other)] };
      return { memory: { ...m, status: 'armed', pendingAtMs: undefined }, signals: [retract(rule, key, now, 'the final transcripts put the rate back within the limit')] };
    case 'flagged':
      return rate.allFinal && recovered ? { memory: { ...m, status: 'armed', crossings: m.crossings + 1 } } : { memory: m };
  }
}

/** The stretch is over: a finding still waiting for its final is taken back, and the next stretch starts armed. */
function closeStretch(rule: CompiledRule<PaceParams>, context: DetectorContext, m: Memory): { memory: Memory; signals?: DetectorSignal[] } {
  const memory: Memory = { ...m, stretch: [], status: 'armed', pendingAtMs: undefined, crossings: 0 };
  if (m.status !== 'pending') return { memory };
  return { memory, signals: [retract(rule, `${m.stretchId}#${m.crossings}`, context.clock.nowMs(), 'the stretch of talk ended before its final transcript confirmed the rate')] };
}

function confirm(rule: CompiledRule<PaceParams>, context: DetectorContext, key: string, atMs: number, nowMs: number, rate: Rate, other: Rate | undefined): DetectorSignal {
  return { type: 'confirmed', finding: buildFinding(rule, context, { key, atMs, confirmedAtMs: nowMs, utteranceId: firstId(rate), evidence: evidenceOf(rule, context, rate, other) }) };
}

function retract(rule: CompiledRule<PaceParams>, key: string, atMs: number, reason: string): DetectorSignal {
  return { type: 'retracted', key: `${rule.id}:${key}`, ruleId: rule.id, atMs, reason };
}

function firstId(rate: Rate): string {
  return (rate.talks[0] as Talk).utteranceId;
}

function evidenceOf(rule: CompiledRule<PaceParams>, context: DetectorContext, rate: Rate, other: Rate | undefined) {
  const unit = textLanguageOf(context.pack.language) === 'zh' ? 'chars/min' : 'words/min';
  const perMinute = Math.round(rate.perMinute);
  const span = Math.round(rate.spanMs / 1000);
  const spans = rate.talks.map((t) => ({ utteranceId: t.utteranceId, start: 0, end: t.textLength }));
  const speaker = rule.speakers[0] ?? 'agent';
  if (other) {
    const ratio = Math.round((rate.perMinute / other.perMinute) * 10) / 10;
    return {
      explanation: `${speaker} at ${perMinute} ${unit} over ${span} s, ${ratio}x the other side's ${Math.round(other.perMinute)} (limit ${rule.params.limit}x)`,
      spans,
      observed: ratio,
      limit: rule.params.limit,
      unit: 'x',
      speaker,
    };
  }
  const bound = rule.params.mode === 'slow' ? 'minimum' : 'limit';
  return { explanation: `${perMinute} ${unit} over ${span} s of continuous talk (${bound} ${rule.params.limit})`, spans, observed: perMinute, limit: rule.params.limit, unit, speaker };
}

// Turns are neighbours: the other side's speech between two utterances is among the last few heard.
const LOOK_BACK = 8;

/** True if the other side's speech reached into the gap between two consecutive utterances of the speaker. */
function otherSpokeBetween(rule: CompiledRule<PaceParams>, utterances: readonly UtteranceState[], previous: Talk, next: Talk): boolean {
  for (let i = utterances.length - 1; i >= 0 && i >= utterances.length - LOOK_BACK; i--) {
    const u = utterances[i] as UtteranceState;
    if (!rule.speakers.includes(u.speaker) && u.speaker !== 'unknown' && u.endMs > previous.endMs && u.startMs < next.startMs) return true;
  }
  return false;
}

function pruneSpeech(talks: readonly Talk[], speechMs: number): readonly Talk[] {
  let spoken = 0;
  for (let i = talks.length - 1; i >= 0; i--) {
    const t = talks[i] as Talk;
    spoken += t.endMs - t.startMs;
    if (spoken >= speechMs) return i === 0 ? talks : talks.slice(i);
  }
  return talks;
}
