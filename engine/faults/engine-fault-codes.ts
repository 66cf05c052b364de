/** Stable codes for faults: the engine's own failures, each confined to one call. */
export const ENGINE_FAULT_CODES = {
  /** A rule's detector threw: that rule is disabled for the call, the rest of the call goes on. */
  DETECTOR_FAILED: 'CALLCOACH_ENGINE_DETECTOR_FAILED',
  /** A rule names a detector kind this engine does not have: that rule is skipped for the call. */
  UNKNOWN_KIND: 'CALLCOACH_ENGINE_UNKNOWN_KIND',
  /** The nudge policy threw: the call goes on being checked and its findings stored, without nudges. */
  NUDGES_FAILED: 'CALLCOACH_ENGINE_NUDGES_FAILED',
  /** Sequencing, reducing or the call's lifecycle threw: the call's state cannot be trusted, so the call is closed. */
  CALL_FAILED: 'CALLCOACH_ENGINE_CALL_FAILED',
} as const;

export type EngineFaultCode = (typeof ENGINE_FAULT_CODES)[keyof typeof ENGINE_FAULT_CODES];
