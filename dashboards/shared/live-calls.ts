import type { Alert, CallLiveState, FeedCall, FeedMessage, FindingCategory, Nudge, Severity, Whisper } from '../../adapters/server/feed-protocol.js';
import { agentSpoke, closeChecks, noteAgentTurn, noteCheckCategory, PENDING_CHECKS, settleChecks, type CallChecks } from './call-checks.js';

/** A finding as the feed summarises it. */
export interface FindingNote {
  readonly ruleId: string;
  readonly category: FindingCategory;
  readonly severity: Severity;
  readonly text: string;
  readonly atMs: number;
}

/** One call as a page knows it: what the feed said, folded. */
export interface CallRecord {
  readonly callId: string;
  readonly agentId?: string;
  readonly teamId?: string;
  readonly language: string;
  readonly openedAt: string;
  readonly nudges: Map<string, Nudge>;
  /** Findings seen on this connection (a snapshot carries only the last one). */
  readonly findings: FindingNote[];
  readonly alerts: Map<string, Alert>;
  readonly whispers: Whisper[];
  lastFinding?: FindingNote;
  state?: CallLiveState;
  stateSeq: number;
  /** Call time and the page's wall time when `state` arrived: the hold timer runs on from there. */
  clockAnchor?: { readonly callMs: number; readonly wallMs: number };
  checks: CallChecks;
  closed?: { readonly reason: string; readonly atWallMs: number };
}

/** What changed, for the page to redraw. */
export type LiveChange =
  | { readonly kind: 'hello'; readonly subject: string; readonly role: string }
  | { readonly kind: 'reset'; readonly afterGap: boolean }
  | { readonly kind: 'call'; readonly callId: string }
  | { readonly kind: 'nudge'; readonly callId: string; readonly nudge: Nudge; readonly isNew: boolean }
  | { readonly kind: 'retracted'; readonly callId: string; readonly nudgeId: string }
  | { readonly kind: 'finding'; readonly callId: string; readonly finding: FindingNote }
  | { readonly kind: 'alert'; readonly alert: Alert; readonly isNew: boolean }
  | { readonly kind: 'acknowledged'; readonly alert: Alert }
  | { readonly kind: 'whisper'; readonly whisper: Whisper; readonly isNew: boolean }
  | { readonly kind: 'closed'; readonly callId: string; readonly reason: string }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

/**
 * The open calls a page shows, folded from the feed (adapters/server/feed-protocol.ts). A snapshot replaces
 * everything (so does the one after a gap); every other message updates one call. No DOM here, so it runs in tests.
 */
export class LiveCalls {
  readonly calls = new Map<string, CallRecord>();
  private gapPending = false;

  constructor(private readonly now: () => number = Date.now) {}

  apply(message: FeedMessage): LiveChange[] {
    const now = this.now();
    switch (message.type) {
      case 'hello':
        return [{ kind: 'hello', subject: message.subject, role: message.role }];
      case 'gap':
        this.gapPending = true;
        return [];
      case 'snapshot': {
        this.calls.clear();
        for (const call of message.calls) this.calls.set(call.callId, recordOf(call, message.seq, now));
        const afterGap = this.gapPending;
        this.gapPending = false;
        return [{ kind: 'reset', afterGap }];
      }
      case 'call.opened': {
        if (!this.calls.has(message.call.callId)) this.calls.set(message.call.callId, recordOf(message.call, message.seq, now));
        return [{ kind: 'call', callId: message.call.callId }];
      }
      case 'nudge': {
        const call = this.calls.get(message.nudge.callId);
        if (!call) return [];
        const isNew = !call.nudges.has(message.nudge.nudgeId);
        call.nudges.set(message.nudge.nudgeId, message.nudge);
        call.checks = noteCheckCategory(call.checks, message.nudge.category);
        return [{ kind: 'nudge', callId: call.callId, nudge: message.nudge, isNew }, { kind: 'call', callId: call.callId }];
      }
      case 'nudge.retracted': {
        const call = this.calls.get(message.retraction.callId);
        if (!call) return [];
        call.nudges.delete(message.retraction.nudgeId);
        return [{ kind: 'retracted', callId: call.callId, nudgeId: message.retraction.nudgeId }];
      }
      case 'call.state': {
        const call = this.calls.get(message.state.callId);
        // A coalesced state can arrive after a newer one: keep the newest.
        if (!call || message.seq < call.stateSeq) return [];
        if (agentSpoke(call.state, message.state)) call.checks = noteAgentTurn(call.checks, now);
        call.state = message.state;
        call.stateSeq = message.seq;
        call.clockAnchor = { callMs: message.state.atMs, wallMs: now };
        return [{ kind: 'call', callId: call.callId }];
      }
      case 'finding': {
        const call = this.calls.get(message.callId);
        if (!call) return [];
        const finding: FindingNote = { ruleId: message.ruleId, category: message.category, severity: message.severity, text: message.text, atMs: message.atMs };
        call.findings.push(finding);
        call.lastFinding = finding;
        call.checks = noteCheckCategory(call.checks, message.category);
        return [{ kind: 'finding', callId: call.callId, finding }, { kind: 'call', callId: call.callId }];
      }
      case 'alert': {
        const call = this.calls.get(message.alert.callId);
        const isNew = !call?.alerts.has(message.alert.alertId);
        call?.alerts.set(message.alert.alertId, message.alert);
        return [{ kind: 'alert', alert: message.alert, isNew }, ...(call ? [{ kind: 'call', callId: call.callId } as const] : [])];
      }
      case 'alert.acknowledged': {
        const call = this.calls.get(message.callId);
        const alert = call?.alerts.get(message.alertId);
        if (!call || !alert) return [];
        const acked: Alert = { ...alert, acknowledged: { by: message.by, at: message.at } };
        call.alerts.set(acked.alertId, acked);
        return [{ kind: 'acknowledged', alert: acked }, { kind: 'call', callId: call.callId }];
      }
      case 'whisper': {
        const call = this.calls.get(message.whisper.callId);
        if (!call) return [];
        const isNew = !call.whispers.some((w) => w.whisperId === message.whisper.whisperId);
        if (isNew) call.whispers.push(message.whisper);
        return [{ kind: 'whisper', whisper: message.whisper, isNew }];
      }
      case 'call.closed': {
        const call = this.calls.get(message.callId);
        if (!call) return [];
        call.closed = { reason: message.reason, atWallMs: now };
        call.checks = closeChecks(call.checks, message.reason);
        return [{ kind: 'closed', callId: call.callId, reason: message.reason }, { kind: 'call', callId: call.callId }];
      }
      case 'error':
        return [{ kind: 'error', code: message.code, message: message.message }];
      default:
        return assertNever(message);
    }
  }

  /** Resolves checks whose time has come; the ids of calls that changed. */
  tick(): string[] {
    const now = this.now();
    const changed: string[] = [];
    for (const call of this.calls.values()) {
      const next = settleChecks(call.checks, now);
      if (next !== call.checks) {
        call.checks = next;
        changed.push(call.callId);
      }
    }
    return changed;
  }

  /** Forgets a call (a page keeps an ended call on screen for a while, then drops it). */
  drop(callId: string): void {
    this.calls.delete(callId);
  }
}

/** How long the call's hold has lasted, in ms of call time, or undefined when not on hold. */
export function holdElapsedMs(call: CallRecord, wallNowMs: number): number | undefined {
  const since = call.state?.onHoldSinceMs;
  if (since === undefined || call.closed) return undefined;
  const anchor = call.clockAnchor ?? { callMs: call.state?.atMs ?? since, wallMs: wallNowMs };
  return Math.max(0, anchor.callMs - since + (wallNowMs - anchor.wallMs));
}

/** The highest severity among the call's alerts and findings (undefined when clean). */
export function callSeverity(call: CallRecord): Severity | undefined {
  let best: Severity | undefined;
  const consider = (s: Severity) => {
    if (!best || SEVERITY_RANK[s] > SEVERITY_RANK[best]) best = s;
  };
  for (const alert of call.alerts.values()) consider(alert.severity);
  for (const finding of call.findings) consider(finding.severity);
  if (call.lastFinding) consider(call.lastFinding.severity);
  return best;
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warn: 2, critical: 3 };

function recordOf(call: FeedCall, seq: number, now: number): CallRecord {
  const lastFinding = call.lastFinding ? { ...call.lastFinding } : undefined;
  let checks: CallChecks = PENDING_CHECKS;
  for (const nudge of call.nudges) checks = noteCheckCategory(checks, nudge.category);
  if (lastFinding) checks = noteCheckCategory(checks, lastFinding.category);
  // From a snapshot the first turn's outcome is inferred: a pace reading means minutes of agent speech, long past the
  // greeting, and its finding or nudge would be in the snapshot had it been raised (nudges are kept until the call ends).
  if (call.state?.agentPace && checks.greeting === 'pending') checks = { ...checks, greeting: 'ok' };
  return {
    callId: call.callId,
    ...(call.agentId ? { agentId: call.agentId } : {}),
    ...(call.teamId ? { teamId: call.teamId } : {}),
    language: call.language,
    openedAt: call.openedAt,
    nudges: new Map(call.nudges.map((n) => [n.nudgeId, n])),
    findings: lastFinding ? [lastFinding] : [],
    alerts: new Map(call.alerts.map((a) => [a.alertId, a])),
    whispers: [...call.whispers],
    ...(lastFinding ? { lastFinding } : {}),
    ...(call.state ? { state: call.state, clockAnchor: { callMs: Math.max(call.state.atMs, now - Date.parse(call.openedAt)), wallMs: now } } : {}),
    stateSeq: call.state ? seq : 0,
    checks,
  };
}

function assertNever(value: never): never {
  throw new Error(`unexpected feed message ${(value as { type?: string }).type ?? ''}`);
}
