import { applyNudgePolicy } from '../nudges/nudge-policy.js';
import { redactOutputs } from '../privacy/redact-outputs.js';
import { reduceCall, startCall } from '../state/reduce-call.js';

/**
 * The replaceable stages of a call's pipeline. The engine runs the built-in ones; an embedder may wrap one (to trace
 * it, say), and fault drills replace one with a stage that throws to prove the rest of the engine keeps serving.
 */
export interface EngineStages {
  readonly startCall: typeof startCall;
  readonly reduceCall: typeof reduceCall;
  readonly nudgePolicy: typeof applyNudgePolicy;
  /** Masks personal data in everything a call emits; a throw here closes the call (fail closed: nothing unmasked leaves). */
  readonly redactOutputs: typeof redactOutputs;
}

export const BUILTIN_STAGES: EngineStages = { startCall, reduceCall, nudgePolicy: applyNudgePolicy, redactOutputs };
