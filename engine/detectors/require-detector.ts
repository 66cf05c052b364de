import type { Speaker } from '../events/call-event.js';
import type { CompiledRule } from '../pack/compiled-pack.js';
import type { CallState, CallStep, UtteranceState } from '../state/call-state.js';
import type { DetectorContext, DetectorFactory, DetectorSignal } from './detector.js';
import { buildFinding } from './finding-builder.js';
import { EXCUSED_BY_ROLE } from './hangup-detector.js';
import { saysAny } from './rule-hits.js';
import { timedMachine, type TimedResult } from './timed-machine.js';

/** One thing that must be said; its patterns live in the pack's phrase index under the role `group:<name>`. */
export interface RequiredGroup {
  readonly name: string;
  /** Words for the nudge and the QA page: "the offer to help". */
  readonly label: string;
}

/** What opens an `after` window: the end of a hold, or a phrase (indexed under the role 'trigger') said by `speaker`. */
export type RequireTrigger = { readonly event: 'hold.ended'; readonly minHoldMs: number } | { readonly say: true; readonly speaker: readonly Speaker[] };

/** Where the required phrases must appear. */
export type RequireWindow =
  | { readonly kind: 'firstTurns'; readonly turns: number }
  | { readonly kind: 'lastTurns'; readonly turns: number }
  | { readonly kind: 'firstMs'; readonly ms: number }
  | { readonly kind: 'wholeCall' }
  | { readonly kind: 'after'; readonly trigger: RequireTrigger; readonly turns?: number; readonly ms?: number };

/** Parameters of the `require` kind. */
export interface RequireParams {
  readonly groups: readonly RequiredGroup[];
  readonly window: RequireWindow;
  /** How many of the groups must be said (default: all of them). */
  readonly atLeast?: number;
  /** A window holding a turn that says one of the rule's `excused-by` lines is not judged (a ladder's closing line). */
  readonly excusable?: boolean;
}

/** True when the groups still missing leave fewer said than the rule needs. */
function fallsShort(params: RequireParams, missing: readonly RequiredGroup[]): boolean {
  return params.groups.length - missing.length < (params.atLeast ?? params.groups.length);
}

/** The role under which a group's patterns are indexed. */
export function groupRole(name: string): string {
  return `group:${name}`;
}

/**
 * A `firstMs` window is judged this long after it ends (or sooner, once speech that began after it is heard): the
 * recogniser delivers an utterance only some time after it starts.
 */
export const FIRST_MS_GRACE_MS = 10_000;

/** The role of an `after` window's trigger patterns. */
export const REQUIRE_TRIGGER_ROLE = 'trigger';

/** An `after` window still waiting for the required phrases. */
interface OpenWindow {
  readonly number: number;
  readonly openedAtMs: number;
  /** The speaker's final turns seen before the trigger: the window's turns come after. */
  readonly turnsBefore: number;
  readonly deadlineMs?: number;
  readonly triggerUtteranceId?: string;
  readonly what: string;
}

interface Memory {
  readonly judged: boolean;
  readonly windows: readonly OpenWindow[];
  readonly opened: number;
  readonly startedAtMs: number | undefined;
  /** firstMs: what each of the speaker's utterances begun inside the window says (latest hypothesis), for the wake-up. */
  readonly early: ReadonlyMap<string, { readonly groups: readonly string[]; readonly text: string; readonly final: boolean }>;
  /** firstMs: speech begun after the window was heard, or its grace ran out: judge once nothing early is pending. */
  readonly windowOver: boolean;
}

/**
 * Required phrases: every group (or `atLeast` of them) must be matched by some final utterance of the rule's speaker inside the window —
 * the first or last N turns (greeting, closing), the first N ms, anywhere in the call, or within N turns / N ms after
 * a trigger (a hold ending, a customer phrase). Each window is judged once, as soon as it closes; a window that time
 * closes is closed by a timer on the call's clock, not by the next event.
 */
export const requireDetector: DetectorFactory<RequireParams> = (rule, context) => {
  const speaker: Speaker = rule.speakers[0] ?? 'agent';
  return timedMachine<Memory>(context.clock, {
    initial: () => ({ judged: false, windows: [], opened: 0, startedAtMs: undefined, early: new Map(), windowOver: false }),
    onStep: (memory, step) => onStep(rule, context, speaker, memory, step),
    onWake: (memory, nowMs) => onWake(rule, context, speaker, memory, nowMs),
    wakeAtMs: (memory) => wakeAt(rule.params.window, memory),
  });
};

function onStep(rule: CompiledRule<RequireParams>, context: DetectorContext, speaker: Speaker, memory: Memory, step: CallStep): TimedResult<Memory> {
  const window = rule.params.window;
  const m = memory.startedAtMs === undefined ? { ...memory, startedAtMs: step.state.startedAtMs } : memory;
  const ended = step.change.kind === 'ended';
  switch (window.kind) {
    case 'firstTurns':
      return !m.judged && (ended || firstTurnsClosed(step, speaker, window.turns)) ? judgeOnce(rule, context, m, finals(step.state, speaker).filter((u) => u.turnIndex < window.turns)) : { memory: m };
    case 'lastTurns':
      return ended ? judgeOnce(rule, context, m, finals(step.state, speaker).slice(-window.turns)) : { memory: m };
    case 'wholeCall':
      return ended ? judgeOnce(rule, context, m, finals(step.state, speaker)) : { memory: m };
    case 'firstMs': {
      const noted = noteEarly(rule, context, speaker, window.ms, m, step);
      const laterSpeech = step.change.kind === 'utterance' && step.change.utterance.startMs - step.state.startedAtMs >= window.ms;
      const over = noted.windowOver || laterSpeech ? { ...noted, windowOver: true } : noted;
      // An utterance begun inside the window but not final yet may still say it: wait for its final.
      return ended || (over.windowOver && !earlyPending(over)) ? judgeEarly(rule, context, over) : { memory: over };
    }
    case 'after':
      return afterStep(rule, context, speaker, window, m, step);
  }
}

function onWake(rule: CompiledRule<RequireParams>, context: DetectorContext, speaker: Speaker, memory: Memory, nowMs: number): TimedResult<Memory> {
  const window = rule.params.window;
  if (window.kind === 'firstMs') return earlyPending(memory) ? { memory: { ...memory, windowOver: true } } : judgeEarly(rule, context, memory);
  if (window.kind !== 'after') return { memory };
  const due = memory.windows.filter((w) => w.deadlineMs !== undefined && w.deadlineMs <= nowMs);
  return {
    memory: { ...memory, windows: memory.windows.filter((w) => !due.includes(w)) },
    signals: due.map((w) => missingAfter(rule, context, w, [], 'the time ran out')),
  };
}

function wakeAt(window: RequireWindow, memory: Memory): number | undefined {
  if (window.kind === 'firstMs') return memory.judged || memory.windowOver || memory.startedAtMs === undefined ? undefined : memory.startedAtMs + window.ms + FIRST_MS_GRACE_MS;
  if (window.kind !== 'after') return undefined;
  let next: number | undefined;
  for (const w of memory.windows) if (w.deadlineMs !== undefined && (next === undefined || w.deadlineMs < next)) next = w.deadlineMs;
  return next;
}

function noteEarly(rule: CompiledRule<RequireParams>, context: DetectorContext, speaker: Speaker, ms: number, memory: Memory, step: CallStep): Memory {
  const change = step.change;
  if (memory.judged || change.kind !== 'utterance' || change.utterance.speaker !== speaker) return memory;
  const u = change.utterance;
  if (u.startMs - step.state.startedAtMs >= ms) return memory;
  const groups = rule.params.groups.filter((g) => saysAny(u, context, rule.id, groupRole(g.name))).map((g) => g.name);
  return { ...memory, early: new Map(memory.early).set(u.utteranceId, { groups, text: u.text, final: u.isFinal }) };
}

function earlyPending(memory: Memory): boolean {
  for (const e of memory.early.values()) if (!e.final) return true;
  return false;
}

function judgeEarly(rule: CompiledRule<RequireParams>, context: DetectorContext, memory: Memory): TimedResult<Memory> {
  if (memory.judged) return { memory };
  const done = { ...memory, judged: true, early: new Map() };
  const said = new Set([...memory.early.values()].flatMap((e) => e.groups));
  const missing = rule.params.groups.filter((g) => !said.has(g.name));
  if (!fallsShort(rule.params, missing)) return { memory: done };
  const window = rule.params.window as Extract<RequireWindow, { kind: 'firstMs' }>;
  const now = context.clock.nowMs();
  const [firstId, first] = [...memory.early.entries()][0] ?? [];
  const seconds = Math.round(window.ms / 1000);
  const speaker = rule.speakers[0] ?? 'agent';
  return {
    memory: done,
    signals: [
      {
        type: 'confirmed',
        finding: buildFinding(rule, context, {
          key: 'firstMs',
          atMs: now,
          confirmedAtMs: now,
          ...(firstId !== undefined ? { utteranceId: firstId } : {}),
          evidence: {
            explanation: first ? `the first ${seconds} s lacked ${missing.map((g) => g.label).join(' and ')}` : `the ${speaker} did not speak in the first ${seconds} s`,
            ...(first && firstId !== undefined ? { quote: first.text, spans: [{ utteranceId: firstId, start: 0, end: first.text.length }] } : {}),
            observed: rule.params.groups.length - missing.length,
            limit: rule.params.groups.length,
            unit: 'required parts',
          },
        }),
      },
    ],
  };
}

function afterStep(
  rule: CompiledRule<RequireParams>,
  context: DetectorContext,
  speaker: Speaker,
  window: Extract<RequireWindow, { kind: 'after' }>,
  memory: Memory,
  step: CallStep,
): TimedResult<Memory> {
  const change = step.change;
  const now = context.clock.nowMs();
  let m = memory;
  const signals: DetectorSignal[] = [];
  const open = (what: string, triggerUtteranceId?: string) => {
    const w: OpenWindow = {
      number: m.opened,
      openedAtMs: now,
      turnsBefore: finals(step.state, speaker).length,
      ...(window.ms !== undefined ? { deadlineMs: now + window.ms } : {}),
      ...(triggerUtteranceId !== undefined ? { triggerUtteranceId } : {}),
      what,
    };
    m = { ...m, opened: m.opened + 1, windows: [...m.windows, w] };
  };
  const trigger = window.trigger;
  if ('event' in trigger && change.kind === 'hold.ended') {
    const heldMs = (change.hold.endedAtMs ?? now) - change.hold.startedAtMs;
    if (heldMs >= trigger.minHoldMs) open(`the hold of ${Math.round(heldMs / 1000)} s ended`);
  }
  if ('say' in trigger && change.kind === 'utterance' && change.utterance.isFinal && trigger.speaker.includes(change.utterance.speaker)) {
    if (saysAny(change.utterance, context, rule.id, REQUIRE_TRIGGER_ROLE)) open(`the ${change.utterance.speaker} said ${change.utterance.utteranceId}`, change.utterance.utteranceId);
  }
  if (change.kind === 'utterance' && change.utterance.isFinal && change.utterance.speaker === speaker) {
    const turns = finals(step.state, speaker);
    const still: OpenWindow[] = [];
    for (const w of m.windows) {
      const inWindow = turns.slice(w.turnsBefore).filter((u) => u.utteranceId !== w.triggerUtteranceId);
      if (!fallsShort(rule.params, missingGroups(rule, context, inWindow))) continue;
      if (window.turns !== undefined && inWindow.length >= window.turns) signals.push(missingAfter(rule, context, w, inWindow, `${window.turns === 1 ? 'the next turn' : `the next ${window.turns} turns`} passed`));
      else still.push(w);
    }
    m = { ...m, windows: still };
  }
  if (change.kind === 'ended') {
    const turns = finals(step.state, speaker);
    for (const w of m.windows) signals.push(missingAfter(rule, context, w, turns.slice(w.turnsBefore), 'the call ended'));
    m = { ...m, windows: [] };
  }
  return signals.length > 0 ? { memory: m, signals } : { memory: m };
}

function missingAfter(rule: CompiledRule<RequireParams>, context: DetectorContext, w: OpenWindow, turns: readonly UtteranceState[], closedBy: string): DetectorSignal {
  const missing = missingGroups(rule, context, turns);
  const now = context.clock.nowMs();
  const anchor = turns[0];
  return {
    type: 'confirmed',
    finding: buildFinding(rule, context, {
      key: `after:${w.number}`,
      atMs: now,
      confirmedAtMs: now,
      ...(anchor ? { utteranceId: anchor.utteranceId } : w.triggerUtteranceId ? { utteranceId: w.triggerUtteranceId } : {}),
      evidence: {
        explanation: `after ${w.what}, ${closedBy} without ${missing.map((g) => g.label).join(' and ')}`,
        ...(anchor ? { quote: anchor.text, spans: [{ utteranceId: anchor.utteranceId, start: 0, end: anchor.text.length }] } : {}),
        observed: rule.params.groups.length - missing.length,
        limit: rule.params.groups.length,
        unit: 'required parts',
      },
    }),
  };
}

function judgeOnce(rule: CompiledRule<RequireParams>, context: DetectorContext, memory: Memory, turns: readonly UtteranceState[]): TimedResult<Memory> {
  if (memory.judged) return { memory };
  const signal = judge(rule, context, turns);
  return signal ? { memory: { ...memory, judged: true }, signals: [signal] } : { memory: { ...memory, judged: true } };
}

function firstTurnsClosed(step: CallStep, speaker: Speaker, turns: number): boolean {
  if (step.change.kind !== 'utterance') return false;
  const u = step.change.utterance;
  if (u.speaker !== speaker || !u.isFinal || u.turnIndex > turns - 1) return false;
  const first = step.state.utterances.filter((x) => x.speaker === speaker && x.turnIndex < turns);
  return first.length >= turns && first.every((x) => x.isFinal);
}

function finals(state: CallState, speaker: Speaker): UtteranceState[] {
  return state.utterances.filter((u) => u.speaker === speaker && u.isFinal);
}

function missingGroups(rule: CompiledRule<RequireParams>, context: DetectorContext, turns: readonly UtteranceState[]): RequiredGroup[] {
  return rule.params.groups.filter((g) => !turns.some((u) => saysAny(u, context, rule.id, groupRole(g.name))));
}

function judge(rule: CompiledRule<RequireParams>, context: DetectorContext, turns: readonly UtteranceState[]): DetectorSignal | undefined {
  const missing = missingGroups(rule, context, turns);
  if (!fallsShort(rule.params, missing)) return undefined;
  if (rule.params.excusable && turns.some((u) => saysAny(u, context, rule.id, EXCUSED_BY_ROLE))) return undefined;
  const now = context.clock.nowMs();
  const window = rule.params.window;
  const anchor = window.kind === 'lastTurns' || window.kind === 'wholeCall' ? turns[turns.length - 1] : turns[0];
  const speaker = rule.speakers[0] ?? 'agent';
  const where =
    window.kind === 'firstTurns'
      ? `the first ${window.turns === 1 ? 'turn' : `${window.turns} turns`}`
      : window.kind === 'lastTurns'
        ? `the last ${window.turns === 1 ? 'turn' : `${window.turns} turns`}`
        : 'the call';
  const explanation = turns.length === 0 ? `the ${speaker} did not speak in ${where}, so ${missing.map((g) => g.label).join(' and ')} never came` : `${where} lacked ${missing.map((g) => g.label).join(' and ')}`;
  return {
    type: 'confirmed',
    finding: buildFinding(rule, context, {
      key: window.kind,
      atMs: now,
      confirmedAtMs: now,
      ...(anchor ? { utteranceId: anchor.utteranceId } : {}),
      evidence: {
        explanation,
        ...(anchor ? { quote: anchor.text, spans: [{ utteranceId: anchor.utteranceId, start: 0, end: anchor.text.length }] } : {}),
        observed: rule.params.groups.length - missing.length,
        limit: rule.params.groups.length,
        unit: 'required parts',
      },
    }),
  };
}
