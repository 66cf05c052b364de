import { concat, defer, mergeMap, type OperatorFunction } from 'rxjs';
import type { EngineOutput } from '../pipeline/engine-output.js';
import { CallRedactor } from './call-redactor.js';
import type { RedactionSettings } from './redact-text.js';

/** One call's outputs with personal data masked (see CallRedactor); what is still held is released when the call's outputs end. */
export function redactOutputs(settings: RedactionSettings, language: 'zh' | 'en'): OperatorFunction<EngineOutput, EngineOutput> {
  return (outputs) =>
    defer(() => {
      const redactor = new CallRedactor(settings, language);
      return concat(
        outputs.pipe(mergeMap((output) => redactor.accept(output))),
        defer(() => redactor.flush()),
      );
    });
}
