/** The stages of one call's pipeline a fault can come from. */
export type EngineStage = 'sequencer' | 'reducer' | 'lifecycle' | 'detector' | 'nudge-policy' | 'redaction' | 'call';

/**
 * An error tagged with the stage it came from, so the call's fault names where it happened. Only the error's name is
 * kept for reports: messages of errors raised on transcript text may quote it, and faults are logged.
 */
export class EngineStageError extends Error {
  constructor(
    readonly stage: EngineStage,
    readonly causeName: string,
  ) {
    super(`${stage} failed (${causeName})`);
    this.name = 'EngineStageError';
  }
}

/** Tags an error with its stage unless an inner stage already did. */
export function atStage(stage: EngineStage, err: unknown): EngineStageError {
  if (err instanceof EngineStageError) return err;
  return new EngineStageError(stage, err instanceof Error ? err.name : typeof err);
}
