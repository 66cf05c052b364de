import { filter, map, take } from 'rxjs';
import type { EndedBy } from '../events/call-event.js';
import type { DetectorFactory } from './detector.js';
import { buildFinding } from './finding-builder.js';

/** Parameters of the `hangup` kind. */
export interface HangupParams {
  /** Who must not release the call first. */
  readonly endedBy: readonly EndedBy[];
}

/** The agent released the call before the customer did. */
export const hangupDetector: DetectorFactory<HangupParams> = (rule, context) => (steps) =>
  steps.pipe(
    filter((step) => step.change.kind === 'ended' && step.state.ended !== undefined && rule.params.endedBy.includes(step.state.ended.endedBy)),
    take(1),
    map((step) => {
      const now = context.clock.nowMs();
      const lastCustomer = [...step.state.utterances].reverse().find((u) => u.speaker === 'customer');
      const customerStillTalking = lastCustomer !== undefined && !lastCustomer.isFinal;
      return {
        type: 'confirmed' as const,
        finding: buildFinding(rule, context, {
          key: 'ended',
          atMs: now,
          confirmedAtMs: now,
          evidence: {
            explanation: customerStillTalking
              ? `the ${step.state.ended?.endedBy} released the call while the customer was still talking`
              : `the ${step.state.ended?.endedBy} released the call before the customer`,
          },
        }),
      };
    }),
  );
