import type { AlertRule, CompiledPack, EngineOutput } from '../../engine/index.js';
import type { Alert } from './feed-protocol.js';

/**
 * Turns findings and cards into supervisor alerts by the packs' `alerts` lists: pack data, not code. One alert per
 * rule per call (a confirmed nudge after its provisional one, or the finding after its nudge, is the same alert).
 */
export class AlertDesk {
  private readonly raised = new Map<string, Alert>();

  constructor(private readonly packs: () => readonly CompiledPack[]) {}

  /** The alert an output raises, if any (once per call and rule). */
  consider(output: EngineOutput, call: { agentId?: string; teamId?: string; packs?: readonly string[] } | undefined): Alert | undefined {
    let candidate: { callId: string; packId: string; ruleId: string; category?: Alert['category']; text: string; atMs: number; provisional: boolean } | undefined;
    if (output.type === 'nudge') {
      const n = output.nudge;
      candidate = { callId: n.callId, packId: n.packId, ruleId: n.ruleId, ...(n.category ? { category: n.category } : {}), text: n.title ? `${n.title}: ${n.text}` : n.text, atMs: n.atMs, provisional: n.status === 'provisional' };
    } else if (output.type === 'call.state' && output.state.customerAgitation?.level === 'agitated') {
      const packId = this.packs().find((p) => p.alerts?.some((a) => a.agitation === 'agitated') && call?.packs?.includes(`${p.id}@${p.version}`))?.id;
      if (packId) candidate = { callId: output.state.callId, packId, ruleId: 'customer.agitation', text: `customer agitated (score ${output.state.customerAgitation.score})`, atMs: output.state.atMs, provisional: false };
    } else if (output.type === 'finding') {
      const f = output.finding;
      candidate = { callId: f.callId, packId: f.packId, ruleId: f.ruleId, category: f.category, text: f.evidence.explanation, atMs: f.confirmedAtMs, provisional: false };
    }
    if (!candidate) return undefined;
    const id = `${candidate.callId}:${candidate.ruleId}`;
    if (this.raised.has(id)) return undefined;
    const rule = this.ruleFor(candidate.packId, candidate.ruleId, candidate.category);
    if (!rule || (candidate.provisional && !rule.provisional)) return undefined;
    const alert: Alert = {
      alertId: id,
      callId: candidate.callId,
      ...(call?.agentId ? { agentId: call.agentId } : {}),
      ...(call?.teamId ? { teamId: call.teamId } : {}),
      severity: rule.severity,
      ruleId: candidate.ruleId,
      ...(candidate.category ? { category: candidate.category } : {}),
      text: candidate.text,
      atMs: candidate.atMs,
    };
    this.raised.set(id, alert);
    return alert;
  }

  get(alertId: string): Alert | undefined {
    return this.raised.get(alertId);
  }

  acknowledge(alertId: string, by: string, at: string): Alert | undefined {
    const alert = this.raised.get(alertId);
    if (!alert || alert.acknowledged) return undefined;
    const acked = { ...alert, acknowledged: { by, at } };
    this.raised.set(alertId, acked);
    return acked;
  }

  /** Forgets a closed call's alerts (the store keeps its findings). */
  forget(callId: string): void {
    for (const id of this.raised.keys()) if (id.startsWith(`${callId}:`)) this.raised.delete(id);
  }

  private ruleFor(packId: string, ruleId: string, category: Alert['category'] | undefined): AlertRule | undefined {
    const pack = this.packs().find((p) => p.id === packId);
    if (ruleId === 'customer.agitation') return pack?.alerts?.find((a) => a.agitation === 'agitated');
    return pack?.alerts?.find((a) => a.rule === ruleId || (a.category !== undefined && a.category === category));
  }
}
