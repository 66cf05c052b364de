import { filter, map, take } from 'rxjs';
import type { EndedBy } from '../events/call-event.js';
import type { CallState } from '../state/call-state.js';
import type { DetectorContext, DetectorFactory } from './detector.js';
import { buildFinding } from './finding-builder.js';
import { saysAny } from './rule-hits.js';

/** Role of the patterns that make releasing the call compliant (a ladder's closing line, 对不起，我挂线了). */
export const EXCUSED_BY_ROLE = 'excused-by';

/** Parameters of the `hangup` kind. */
export interface HangupParams {
  /** Who must not release the call first. */
  readonly endedBy: readonly EndedBy[];
  /** Releasing the call is compliant when one of the last N agent turns says an `excused-by` line. */
  readonly excuseLastTurns?: number;
}

/**
 * The agent released the call before the customer did, unless the agent's last turns said a line the standard gives
 * for ending the call (a silent or noisy line's closing, the warning before ending an abusive call).
 */
export const hangupDetector: DetectorFactory<HangupParams> = (rule, context) => (steps) =>
  steps.pipe(
    filter((step) => step.change.kind === 'ended' && step.state.ended !== undefined && rule.params.endedBy.includes(step.state.ended.endedBy)),
    filter((step) => !excused(step.state, context, rule.id, rule.params.excuseLastTurns)),
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

/** True when one of the agent's last final turns says a line that makes ending the call compliant. */
function excused(state: CallState, context: DetectorContext, ruleId: string, lastTurns: number | undefined): boolean {
  if (lastTurns === undefined) return false;
  const agentTurns = state.utterances.filter((u) => u.speaker === 'agent' && u.isFinal);
  return agentTurns.slice(-lastTurns).some((u) => saysAny(u, context, ruleId, EXCUSED_BY_ROLE));
}
