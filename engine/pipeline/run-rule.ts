import { catchError, defer, of, type Observable } from 'rxjs';
import type { DetectorRegistry } from '../detectors/builtin-detectors.js';
import type { DetectorContext, DetectorSignal } from '../detectors/detector.js';
import { ENGINE_FAULT_CODES } from '../faults/engine-fault-codes.js';
import type { CompiledRule } from '../pack/compiled-pack.js';
import type { CallStep } from '../state/call-state.js';
import type { EngineFault } from './engine-output.js';

/** A fault raised among a call's detector signals. */
export type FaultSignal = { readonly fault: EngineFault };

/** One rule's detector over the call, isolated: if it throws, the rule stops for this call and a fault is reported. */
export function runRule(rule: CompiledRule, steps: Observable<CallStep>, context: DetectorContext, detectors: DetectorRegistry): Observable<DetectorSignal | FaultSignal> {
  const factory = detectors[rule.kind];
  if (!factory) {
    return of({
      fault: {
        code: ENGINE_FAULT_CODES.UNKNOWN_KIND,
        stage: 'detector',
        callId: context.callId,
        ruleId: rule.id,
        packId: context.pack.id,
        message: `rule ${rule.id} uses detector kind "${rule.kind}", which this engine does not have`,
      },
    });
  }
  return defer(() => steps.pipe(factory(rule as CompiledRule<never>, context))).pipe(
    catchError((err: unknown) =>
      of({
        fault: {
          code: ENGINE_FAULT_CODES.DETECTOR_FAILED,
          stage: 'detector' as const,
          callId: context.callId,
          ruleId: rule.id,
          packId: context.pack.id,
          message: `rule ${rule.id} (${rule.kind}) failed and is disabled for this call: ${err instanceof Error ? err.name : 'error'}`,
        },
      }),
    ),
  );
}
