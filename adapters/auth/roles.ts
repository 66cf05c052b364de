/**
 * Who may do what. agent: their own calls' live nudges. supervisor: their team's live calls. qa: stored calls, reviews,
 * exports. admin: everything people can do. ingest: sending events only (a telephony or recogniser adapter, never a person).
 */
export const ROLES = ['agent', 'supervisor', 'qa', 'admin', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

/** A verified caller: the token's subject and claims. */
export interface Principal {
  readonly subject: string;
  readonly role: Role;
  readonly agentId?: string;
  readonly teamId?: string;
  /** Seconds since the epoch (the token's exp). */
  readonly expiresAt: number;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Only an ingest credential may send events: a leaked viewer token cannot inject calls. */
export function mayIngest(p: Principal): boolean {
  return p.role === 'ingest';
}

/** Stored calls, reviews and exports. */
export function mayReadStore(p: Principal): boolean {
  return p.role === 'qa' || p.role === 'admin';
}

/** Live nudge feed: the calls a principal may watch, as a feed filter; undefined when they may watch none. */
export function liveFeedScope(p: Principal): { agentId?: string; teamId?: string } | undefined {
  if (p.role === 'admin') return {};
  if (p.role === 'supervisor') return p.teamId ? { teamId: p.teamId } : undefined;
  if (p.role === 'agent') return p.agentId ? { agentId: p.agentId } : undefined;
  return undefined;
}
