import { filter, map, take } from 'rxjs';
import type { Speaker } from '../events/call-event.js';
import type { CompiledRule } from '../pack/compiled-pack.js';
import type { CallState, CallStep, UtteranceState } from '../state/call-state.js';
import type { DetectorContext, DetectorFactory, DetectorSignal } from './detector.js';
import { buildFinding } from './finding-builder.js';

/** One thing that must be said; its patterns live in the pack's phrase index under the role `group:<name>`. */
export interface RequiredGroup {
  readonly name: string;
  /** Words for the nudge and the QA page: "the offer to help". */
  readonly label: string;
}

/** Where the required phrases must appear. */
export type RequireWindow = { readonly kind: 'firstTurns'; readonly turns: number } | { readonly kind: 'lastTurns'; readonly turns: number };

/** Parameters of the `require` kind. */
export interface RequireParams {
  readonly groups: readonly RequiredGroup[];
  readonly window: RequireWindow;
}

/** The role under which a group's patterns are indexed. */
export function groupRole(name: string): string {
  return `group:${name}`;
}

/**
 * Required phrases (greeting, closing): every group must be matched by some final utterance of the rule's speaker
 * inside the window. Judged once: when the window's turns are all final, or when the call ends.
 */
export const requireDetector: DetectorFactory<RequireParams> = (rule, context) => {
  const speaker: Speaker = rule.speakers[0] ?? 'agent';
  const window = rule.params.window;
  return (steps) =>
    steps.pipe(
      filter((step) => (window.kind === 'firstTurns' ? firstWindowClosed(step, speaker, window.turns) : step.change.kind === 'ended')),
      take(1),
      map((step) => judge(rule, context, windowTurns(step.state, speaker, window))),
      filter((signal): signal is DetectorSignal => signal !== undefined),
    );
};

function firstWindowClosed(step: CallStep, speaker: Speaker, turns: number): boolean {
  if (step.change.kind === 'ended') return true;
  if (step.change.kind !== 'utterance') return false;
  const u = step.change.utterance;
  if (u.speaker !== speaker || !u.isFinal || u.turnIndex > turns - 1) return false;
  const first = step.state.utterances.filter((x) => x.speaker === speaker && x.turnIndex < turns);
  return first.length >= turns && first.every((x) => x.isFinal);
}

function windowTurns(state: CallState, speaker: Speaker, window: RequireWindow): UtteranceState[] {
  const turns = state.utterances.filter((u) => u.speaker === speaker && u.isFinal);
  return window.kind === 'firstTurns' ? turns.filter((u) => u.turnIndex < window.turns) : turns.slice(-window.turns);
}

function judge(rule: CompiledRule<RequireParams>, context: DetectorContext, turns: UtteranceState[]): DetectorSignal | undefined {
  const missing = rule.params.groups.filter(
    (g) => !turns.some((u) => u.analyses[context.packIndex]?.hits.some((h) => h.ruleId === rule.id && h.role === groupRole(g.name))),
  );
  if (missing.length === 0) return undefined;
  const now = context.clock.nowMs();
  const window = rule.params.window;
  const anchor = window.kind === 'firstTurns' ? turns[0] : turns[turns.length - 1];
  const where =
    window.kind === 'firstTurns'
      ? `the first ${window.turns === 1 ? 'turn' : `${window.turns} turns`}`
      : `the last ${window.turns === 1 ? 'turn' : `${window.turns} turns`}`;
  const explanation =
    turns.length === 0
      ? `the ${rule.speakers[0] ?? 'agent'} never spoke, so ${missing.map((g) => g.label).join(' and ')} never came`
      : `${where} lacked ${missing.map((g) => g.label).join(' and ')}`;
  const finding = buildFinding(rule, context, {
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
  });
  return { type: 'confirmed', finding };
}
