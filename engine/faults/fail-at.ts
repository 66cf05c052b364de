import { catchError, throwError, type MonoTypeOperatorFunction } from 'rxjs';
import { atStage, type EngineStage } from './engine-stage-error.js';

/** Re-raises any error of the source tagged with `stage` (the innermost tag wins). */
export function failAt<T>(stage: EngineStage): MonoTypeOperatorFunction<T> {
  return catchError((err: unknown) => throwError(() => atStage(stage, err)));
}
