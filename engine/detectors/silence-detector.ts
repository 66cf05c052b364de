import type { Speaker } from '../events/call-event.js';
import type { CompiledRule } from '../pack/compiled-pack.js';
import type { CallStep, UtteranceState } from '../state/call-state.js';
import type { DetectorContext, DetectorFactory, DetectorSignal } from './detector.js';
import { buildFinding, buildProvisional } from './finding-builder.js';
import { openUtteranceDelta } from './open-utterance-delta.js';
import { seconds } from './fill-placeholders.js';
import { saysAny } from './rule-hits.js';
import { timedMachine, type TimedResult } from './timed-machine.js';

/** A request that excuses the silence right after it (the customer asking the agent to wait while they fetch something). */
export interface SilenceExcuse {
  readonly name: string;
  readonly label: string;
  /** Whose request it is; its patterns live in the pack's phrase index under `excuseRole(name)`. */
  readonly speaker: Speaker;
}

/** Parameters of the `silence` kind. */
export interface SilenceParams {
  /** Silence (no speech from anyone, no hold) this long is dead air. */
  readonly afterMs: number;
  readonly excuses: readonly SilenceExcuse[];
  /** An excuse counts only if the silence starts within this long after the request ends. */
  readonly excuseWithinMs: number;
  /**
   * Once something seems to end a flagged silence, wait this long for late transcripts of speech that began earlier
   * (a first interim result can lag its speech by seconds) before confirming the length.
   */
  readonly settleMs: number;
}

/** The role under which an excuse's patterns are indexed. */
export function excuseRole(name: string): string {
  return `excuse:${name}`;
}

interface LastUtterance {
  readonly index: number;
  readonly utteranceId: string;
  readonly endMs: number;
  readonly excuse?: string;
}

interface Memory {
  readonly quietSinceMs: number;
  /** Utterances heard but not final yet: someone is still talking, however sparse their interim results. */
  readonly openUtterances: number;
  readonly holdActive: boolean;
  /** Start of the latest hold: a request made before it was answered by that hold. */
  readonly lastHoldStartMs: number;
  readonly ended: boolean;
  readonly last?: LastUtterance;
  readonly lastBySpeaker: Readonly<Partial<Record<Speaker, LastUtterance>>>;
  /** A silence already flagged provisionally, waiting for the speech (or hold, or hang-up) that ends it. */
  readonly pending?: Pending;
}

interface Pending {
  readonly sinceMs: number;
  readonly flaggedAtMs: number;
  readonly afterUtteranceId?: string;
  /** The earliest end seen so far, and when it is taken as final. */
  readonly endsAtMs?: number;
  readonly settleAtMs?: number;
}

/**
 * Dead air: no speech from anyone for `afterMs` outside a hold. A timer on the call's clock raises it live, the moment
 * the limit passes (provisional: speech may have begun whose first transcript has not arrived yet); whatever ends the
 * silence then confirms it with the measured length, after `settleMs` for late transcripts, or retracts it if speech
 * had in fact begun in time.
 * A silence right after an excusing request (the customer asked the agent to wait) is never flagged.
 */
export const silenceDetector: DetectorFactory<SilenceParams> = (rule, context) =>
  timedMachine<Memory>(context.clock, {
    initial: () => ({ quietSinceMs: 0, openUtterances: 0, holdActive: false, lastHoldStartMs: -Infinity, ended: false, lastBySpeaker: {} }),
    wakeAtMs: (m) => {
      if (m.pending) return m.pending.settleAtMs;
      return m.ended || m.holdActive || m.openUtterances > 0 || excused(rule.params, m) ? undefined : m.quietSinceMs + rule.params.afterMs;
    },
    onWake: (m, nowMs) => {
      if (m.pending?.endsAtMs !== undefined) return resolve(rule, context, m, m.pending.endsAtMs, nowMs);
      const pending: Pending = { sinceMs: m.quietSinceMs, flaggedAtMs: nowMs, ...(m.last ? { afterUtteranceId: m.last.utteranceId } : {}) };
      const finding = buildProvisional(rule, context, {
        key: keyOf(pending.sinceMs),
        atMs: nowMs,
        ...(m.last ? { utteranceId: m.last.utteranceId } : {}),
        evidence: evidenceOf(rule, nowMs - pending.sinceMs, 'so far'),
      });
      return { memory: { ...m, pending }, signals: [{ type: 'provisional', finding }] };
    },
    onStep: (m, step, nowMs) => onStep(rule, context, m, step, nowMs),
  });

function onStep(rule: CompiledRule<SilenceParams>, context: DetectorContext, m: Memory, step: CallStep, nowMs: number): TimedResult<Memory> {
  const change = step.change;
  switch (change.kind) {
    case 'started':
      return { memory: { ...m, quietSinceMs: step.state.startedAtMs } };
    case 'utterance': {
      const u = change.utterance;
      let resolved: TimedResult<Memory> = { memory: m };
      if (m.pending) {
        // A new utterance ends the silence at its start; a late revision of an older one that reaches past the
        // silence's start means speech had in fact gone on, so the silence was shorter than flagged.
        if (!change.previous) resolved = endSeen(rule, context, m, u.startMs, nowMs);
        else if (u.startMs < m.pending.sinceMs && u.endMs > m.pending.sinceMs) resolved = resolve(rule, context, m, -Infinity, nowMs);
      }
      const memory = { ...noteUtterance(rule, context, resolved.memory, u), openUtterances: m.openUtterances + openUtteranceDelta(change.previous, u) };
      return { memory, ...(resolved.signals ? { signals: resolved.signals } : {}) };
    }
    case 'hold.started': {
      const resolved = endSeen(rule, context, m, change.hold.startedAtMs, nowMs);
      return { ...resolved, memory: { ...resolved.memory, holdActive: true, lastHoldStartMs: change.hold.startedAtMs } };
    }
    case 'hold.ended':
      return { memory: { ...m, holdActive: false, quietSinceMs: Math.max(m.quietSinceMs, change.hold.endedAtMs ?? nowMs) } };
    case 'gap': {
      // Audio was lost: nobody can say the line was silent then, so a silence is only measured after the gap.
      const resolved = m.pending ? resolve(rule, context, m, -Infinity, nowMs) : { memory: m };
      return { ...resolved, memory: { ...resolved.memory, quietSinceMs: Math.max(resolved.memory.quietSinceMs, change.toMs) } };
    }
    case 'ended': {
      // Nothing comes after the end of the call: settle at once.
      const endsAtMs = Math.min(m.pending?.endsAtMs ?? Infinity, step.state.ended?.atMs ?? nowMs);
      const resolved = m.pending ? resolve(rule, context, m, endsAtMs, nowMs) : { memory: m };
      return { ...resolved, memory: { ...resolved.memory, ended: true } };
    }
  }
}

function noteUtterance(rule: CompiledRule<SilenceParams>, context: DetectorContext, m: Memory, u: UtteranceState): Memory {
  const quietSinceMs = Math.max(m.quietSinceMs, u.endMs);
  const mine = m.lastBySpeaker[u.speaker];
  if (mine && mine.index > u.index) return { ...m, quietSinceMs };
  const excuse = rule.params.excuses.find((e) => e.speaker === u.speaker && saysAny(u, context, rule.id, excuseRole(e.name)));
  const entry: LastUtterance = { index: u.index, utteranceId: u.utteranceId, endMs: u.endMs, ...(excuse ? { excuse: excuse.label } : {}) };
  const last = !m.last || m.last.index <= u.index ? entry : m.last;
  return { ...m, quietSinceMs, last, lastBySpeaker: { ...m.lastBySpeaker, [u.speaker]: entry } };
}

function excused(params: SilenceParams, m: Memory): boolean {
  // Asked on every step, so no allocation: each speaker's latest utterance, by name.
  const fresh = (u: LastUtterance | undefined) => u?.excuse !== undefined && u.endMs >= m.quietSinceMs - params.excuseWithinMs && u.endMs > m.lastHoldStartMs;
  return fresh(m.lastBySpeaker.customer) || fresh(m.lastBySpeaker.agent) || fresh(m.lastBySpeaker.unknown);
}

/** Something ended the flagged silence at `atMs`: short of the limit, take it back now; else settle before confirming. */
function endSeen(rule: CompiledRule<SilenceParams>, context: DetectorContext, m: Memory, atMs: number, nowMs: number): TimedResult<Memory> {
  const pending = m.pending;
  if (!pending) return { memory: m };
  const endsAtMs = Math.min(pending.endsAtMs ?? Infinity, atMs);
  if (endsAtMs - pending.sinceMs < rule.params.afterMs || rule.params.settleMs === 0) return resolve(rule, context, m, endsAtMs, nowMs);
  return { memory: { ...m, pending: { ...pending, endsAtMs, settleAtMs: pending.settleAtMs ?? nowMs + rule.params.settleMs } } };
}

/** The silence that began at pending.sinceMs ended at `endedAtMs`: confirm it if it lasted long enough, else take it back. */
function resolve(rule: CompiledRule<SilenceParams>, context: DetectorContext, m: Memory, endedAtMs: number, nowMs: number): TimedResult<Memory> {
  const pending = m.pending;
  if (!pending) return { memory: m };
  const memory: Memory = { ...m, pending: undefined };
  const lengthMs = endedAtMs - pending.sinceMs;
  const key = keyOf(pending.sinceMs);
  if (lengthMs < rule.params.afterMs) {
    const signal: DetectorSignal = { type: 'retracted', key: `${rule.id}:${key}`, ruleId: rule.id, atMs: nowMs, reason: 'speech had begun before the silence reached the limit' };
    return { memory, signals: [signal] };
  }
  const finding = buildFinding(rule, context, {
    key,
    atMs: pending.flaggedAtMs,
    confirmedAtMs: nowMs,
    ...(pending.afterUtteranceId !== undefined ? { utteranceId: pending.afterUtteranceId } : {}),
    evidence: evidenceOf(rule, lengthMs, 'in all'),
  });
  return { memory, signals: [{ type: 'confirmed', finding }] };
}

function keyOf(sinceMs: number): string {
  return `silence@${sinceMs}`;
}

function evidenceOf(rule: CompiledRule<SilenceParams>, lengthMs: number, how: 'so far' | 'in all') {
  const observed = seconds(lengthMs);
  const limit = seconds(rule.params.afterMs);
  return {
    explanation: `${observed} s without speech from anyone ${how}, outside a hold and not asked for (limit ${limit} s)`,
    observed,
    limit,
    unit: 's',
  };
}
