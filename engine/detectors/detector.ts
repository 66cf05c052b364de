import type { OperatorFunction } from 'rxjs';
import type { CallClock } from '../clock/call-clock.js';
import type { Finding } from '../findings/finding.js';
import type { CompiledPack, CompiledRule } from '../pack/compiled-pack.js';
import type { CallStep } from '../state/call-state.js';

/** A finding flagged before it can be confirmed (from an interim transcript). */
export type ProvisionalFinding = Omit<Finding, 'confirmedAtMs'>;

/** A script card for the agent: no violation, just help (a customer asks for a supervisor, ...). */
export interface ScriptCard {
  readonly key: string;
  readonly callId: string;
  readonly ruleId: string;
  readonly packId: string;
  readonly title: string;
  readonly text: string;
  readonly atMs: number;
  readonly utteranceId?: string;
}

/** What detectors report. Detectors report; the nudge policy decides what an agent sees. */
export type DetectorSignal =
  | { readonly type: 'provisional'; readonly finding: ProvisionalFinding }
  | { readonly type: 'confirmed'; readonly finding: Finding }
  | { readonly type: 'retracted'; readonly key: string; readonly ruleId: string; readonly atMs: number; readonly reason: string }
  | { readonly type: 'card'; readonly card: ScriptCard };

/** What a detector may know about its call besides the steps. */
export interface DetectorContext {
  readonly callId: string;
  readonly clock: CallClock;
  readonly pack: CompiledPack;
  /** Position of `pack` in CallState.packs (and in each utterance's analyses). */
  readonly packIndex: number;
}

/** A detector kind: a pure factory from a rule to an operator over the call's steps. No module state, no I/O. */
export type DetectorFactory<Params = unknown> = (rule: CompiledRule<Params>, context: DetectorContext) => OperatorFunction<CallStep, DetectorSignal>;
