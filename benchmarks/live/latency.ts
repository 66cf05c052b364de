/** Latency bookkeeping of the live-latency suite: matching nudges to the events that caused them, and percentiles. */

/** The q-quantile (0–1) of a list by nearest rank; NaN when empty. Sorts a copy. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

/** p50, p99 and max of a list, and how many values it has. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function summarise(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { count: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1] as number;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] as number };
}

/** One nudge's delay: when its triggering event was sent (ms from the level's start) and how long it took (ms). */
export interface LatencySample {
  readonly sentMs: number;
  readonly ms: number;
}

/** The samples whose triggering event was sent in [fromMs, toMs). */
export function within(samples: readonly LatencySample[], fromMs: number, toMs: number): number[] {
  return samples.filter((s) => s.sentMs >= fromMs && s.sentMs < toMs).map((s) => s.ms);
}

interface Trigger {
  /** hrtime (ns) at which the event that should raise the provisional nudge was sent. */
  readonly provisionalSent: bigint;
  confirmedSent?: bigint;
  provisionalSeen: boolean;
  confirmedSeen: boolean;
}

/**
 * Pairs each nudge the overlay receives with the event that should have raised it. Per call, trigger utterances
 * are queued in the order they were sent; a provisional nudge with a new nudgeId answers the oldest trigger still
 * waiting for one, its confirmation (same nudgeId) the final of that trigger. Relies only on a nudge's callId,
 * nudgeId and status. Times are process.hrtime.bigint() of one process; samples are kept relative to `origin`.
 */
export class NudgeMatcher {
  readonly provisional: LatencySample[] = [];
  readonly confirmed: LatencySample[] = [];
  /** Nudges that answered no trigger (other rules, repeats after a retraction). */
  unmatched = 0;
  private readonly byCall = new Map<string, Trigger[]>();
  private readonly byNudge = new Map<string, Trigger>();

  constructor(private readonly origin: bigint) {}

  /** The first event showing a trigger phrase was sent. */
  sentProvisional(callId: string, at: bigint): void {
    let queue = this.byCall.get(callId);
    if (!queue) this.byCall.set(callId, (queue = []));
    queue.push({ provisionalSent: at, provisionalSeen: false, confirmedSeen: false });
  }

  /** The final of the call's latest trigger utterance was sent. */
  sentConfirmed(callId: string, at: bigint): void {
    const queue = this.byCall.get(callId);
    const trigger = queue?.[queue.length - 1];
    if (trigger && trigger.confirmedSent === undefined) trigger.confirmedSent = at;
  }

  /** A nudge reached the overlay at `at`; returns the latency in ms it was counted with, if any. */
  received(callId: string, nudgeId: string, status: string, at: bigint): number | undefined {
    const queue = this.byCall.get(callId);
    if (status === 'provisional') {
      if (this.byNudge.has(nudgeId)) return undefined; // an update of a nudge already counted
      const trigger = queue?.find((t) => !t.provisionalSeen);
      if (!trigger) {
        this.unmatched++;
        return undefined;
      }
      trigger.provisionalSeen = true;
      this.byNudge.set(nudgeId, trigger);
      return this.count(trigger, trigger.provisionalSent, at, this.provisional, queue, callId);
    }
    if (status === 'confirmed') {
      const known = this.byNudge.get(nudgeId);
      // A confirmation whose provisional never came: the oldest trigger whose final is out and unanswered.
      const trigger = known ?? queue?.find((t) => !t.confirmedSeen && !t.provisionalSeen && t.confirmedSent !== undefined);
      if (!trigger || trigger.confirmedSent === undefined || trigger.confirmedSeen) {
        if (!known) this.unmatched++;
        return undefined;
      }
      trigger.confirmedSeen = true;
      if (!known) trigger.provisionalSeen = true;
      this.byNudge.delete(nudgeId);
      return this.count(trigger, trigger.confirmedSent, at, this.confirmed, queue, callId);
    }
    return undefined;
  }

  /** Triggering events sent in [fromMs, toMs) (level ms) and how many of them still wait for their nudge. */
  waiting(fromMs: number, toMs: number): { sent: number; waiting: number } {
    let waiting = 0;
    for (const queue of this.byCall.values()) {
      for (const t of queue) {
        for (const [at, seen] of [[t.provisionalSent, t.provisionalSeen], [t.confirmedSent, t.confirmedSeen]] as const) {
          if (at === undefined || seen) continue;
          const ms = this.ms(at);
          if (ms >= fromMs && ms < toMs) waiting++;
        }
      }
    }
    // Answered ones are counted from the samples.
    let sent = waiting;
    for (const list of [this.provisional, this.confirmed]) for (const s of list) if (s.sentMs >= fromMs && s.sentMs < toMs) sent++;
    return { sent, waiting };
  }

  private ms(at: bigint): number {
    return Number(at - this.origin) / 1e6;
  }

  private count(trigger: Trigger, sent: bigint, at: bigint, into: LatencySample[], queue: Trigger[] | undefined, callId: string): number {
    const ms = Number(at - sent) / 1e6;
    into.push({ sentMs: this.ms(sent), ms });
    if (queue && trigger.provisionalSeen && trigger.confirmedSeen) {
      queue.splice(queue.indexOf(trigger), 1);
      if (queue.length === 0) this.byCall.delete(callId);
    }
    return ms;
  }
}
