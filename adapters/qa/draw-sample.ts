import { createHash } from 'node:crypto';

/** What a sampling draw needs of a call. */
export interface SampleCandidate {
  readonly callId: string;
  readonly agentId?: string;
  readonly critical: number;
}

/** A call picked for review and why. */
export interface SampledCall {
  readonly callId: string;
  readonly reason: 'sample' | 'critical';
}

/**
 * Picks a plan's calls for one period: for each agent, the share of their calls (rounded up, so an agent with any call
 * is seen), ranked by a hash of plan id and call id (reproducible, and not predictable by an agent from the call ids),
 * plus every call with a critical finding when asked. The same plan, period and calls always give the same draw.
 */
export function drawSample(planId: string, candidates: readonly SampleCandidate[], share: number, includeCritical: boolean): SampledCall[] {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`share must be between 0 and 1 (got ${share})`);
  const picked = new Map<string, SampledCall>();
  if (includeCritical) for (const c of candidates) if (c.critical > 0) picked.set(c.callId, { callId: c.callId, reason: 'critical' });
  const byAgent = new Map<string, SampleCandidate[]>();
  for (const c of candidates) {
    const key = c.agentId ?? '';
    byAgent.set(key, [...(byAgent.get(key) ?? []), c]);
  }
  for (const calls of byAgent.values()) {
    const want = Math.ceil(calls.length * share - 1e-9);
    const ranked = [...calls].sort((a, b) => rank(planId, a.callId).localeCompare(rank(planId, b.callId)));
    for (const c of ranked.slice(0, want)) if (!picked.has(c.callId)) picked.set(c.callId, { callId: c.callId, reason: 'sample' });
  }
  return [...picked.values()].sort((a, b) => a.callId.localeCompare(b.callId));
}

function rank(planId: string, callId: string): string {
  return createHash('sha256').update(planId).update('\u0000').update(callId).digest('hex');
}

/** Hands calls to reviewers, each next call to whoever has the fewest open in their queue (ties by name). */
export function spreadOverReviewers<T>(calls: readonly T[], reviewers: readonly string[], openNow: ReadonlyMap<string, number>): Array<{ call: T; reviewer: string }> {
  if (reviewers.length === 0) throw new RangeError('a plan needs at least one reviewer');
  const load = new Map(reviewers.map((r) => [r, openNow.get(r) ?? 0]));
  return calls.map((call) => {
    const reviewer = [...load.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]?.[0] as string;
    load.set(reviewer, (load.get(reviewer) ?? 0) + 1);
    return { call, reviewer };
  });
}
