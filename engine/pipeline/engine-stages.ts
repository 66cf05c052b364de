import { applyNudgePolicy } from '../nudges/nudge-policy.js';
import { reduceCall, startCall } from '../state/reduce-call.js';

/**
 * The replaceable stages of a call's pipeline. The engine runs the built-in ones; an embedder may wrap one (to trace
 * it, say), and fault drills replace one with a stage that throws to prove the rest of the engine keeps serving.
 */
export interface EngineStages {
  readonly startCall: typeof startCall;
  readonly reduceCall: typeof reduceCall;
  readonly nudgePolicy: typeof applyNudgePolicy;
}

export const BUILTIN_STAGES: EngineStages = { startCall, reduceCall, nudgePolicy: applyNudgePolicy };
