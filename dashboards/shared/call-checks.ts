import type { CallLiveState, FindingCategory } from '../../adapters/server/feed-protocol.js';

/** Known only when it is: 'pending' until the engine has had its say. */
export type CheckStatus = 'pending' | 'ok' | 'missed';

/** The opening/surname/closing checklist of one call, as the feed lets a page know it. */
export interface CallChecks {
  readonly greeting: CheckStatus;
  readonly surname: CheckStatus;
  readonly closing: CheckStatus;
  /** Wall time after which a still-pending greeting counts as done (the agent's first turn is over). */
  readonly greetingDueAtMs?: number;
}

export const PENDING_CHECKS: CallChecks = { greeting: 'pending', surname: 'pending', closing: 'pending' };

// The engine judges the greeting on the agent's first final and sends that step's call.state just before its
// findings, in the same synchronous burst; this margin only covers the messages of that burst reaching the page.
export const GREETING_SETTLE_MS = 1_500;

const CHECK_OF: Partial<Record<FindingCategory, keyof Omit<CallChecks, 'greetingDueAtMs'>>> = {
  greeting_missing: 'greeting',
  surname_unused: 'surname',
  closing_missing: 'closing',
};

/** A finding or nudge of a checklist category arrived: that item is missed, for good. */
export function noteCheckCategory(checks: CallChecks, category: FindingCategory | undefined): CallChecks {
  const item = category ? CHECK_OF[category] : undefined;
  if (!item || checks[item] === 'missed') return checks;
  return { ...checks, [item]: 'missed' };
}

/**
 * Whether a call.state tells that the agent finished a turn. The engine emits a state on hold start/end and on agent
 * finals; one that leaves the hold fields as they were (or a pace reading) can only come from an agent final.
 */
export function agentSpoke(previous: CallLiveState | undefined, state: CallLiveState): boolean {
  if (state.agentPace) return true;
  if (!previous) return state.holds === 0 && state.onHoldSinceMs === undefined;
  return previous.holds === state.holds && previous.onHoldSinceMs === state.onHoldSinceMs;
}

/** The agent's first turn is over: the greeting is judged; done unless a finding says otherwise shortly. */
export function noteAgentTurn(checks: CallChecks, nowMs: number): CallChecks {
  if (checks.greeting !== 'pending' || checks.greetingDueAtMs !== undefined) return checks;
  return { ...checks, greetingDueAtMs: nowMs + GREETING_SETTLE_MS };
}

/** Resolves a greeting whose settle time has passed. */
export function settleChecks(checks: CallChecks, nowMs: number): CallChecks {
  if (checks.greeting === 'pending' && checks.greetingDueAtMs !== undefined && nowMs >= checks.greetingDueAtMs) return { ...checks, greeting: 'ok' };
  return checks;
}

/**
 * The call closed. Only a call that ended (call.ended) had its closing and surname judged, before call.closed was
 * sent; a call dropped for idling or a fault keeps what is not known as pending.
 */
export function closeChecks(checks: CallChecks, reason: string): CallChecks {
  if (reason !== 'ended') return checks;
  const done = (s: CheckStatus): CheckStatus => (s === 'pending' ? 'ok' : s);
  return { greeting: done(checks.greeting), surname: done(checks.surname), closing: done(checks.closing) };
}
