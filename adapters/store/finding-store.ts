import type { Finding, TranscriptLine } from '../../engine/index.js';

/** A call as the store knows it. */
export interface StoredCall {
  readonly callId: string;
  readonly agentId?: string;
  readonly language: string;
  readonly packs: readonly string[];
  readonly openedAt: string;
  readonly closedAt?: string;
  readonly closeReason?: string;
  readonly findings: number;
}

/** A QA lead's verdict on a finding. */
export type ReviewVerdict = 'confirmed' | 'dismissed';

/** A finding with its review state. */
export interface StoredFinding extends Finding {
  /** The deterministic id (engine `findingId`) the row is keyed by; the nudge it raised has the same id. */
  readonly findingId?: string;
  readonly review?: { readonly verdict: ReviewVerdict; readonly reviewer: string; readonly note?: string; readonly at: string };
}

/** Who did something, from their sign-in (never a free-text field). */
export interface Actor {
  readonly subject: string;
  readonly role: string;
}

/** One line of the audit log: append-only (the database refuses UPDATE and DELETE on it). */
export interface AuditEntry {
  readonly at: string;
  readonly actor: string;
  readonly role: string;
  /** review, export, redact */
  readonly action: string;
  readonly callId?: string;
  /** What was acted on: a finding key, an export format. */
  readonly target?: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Where findings are kept for review: SQLite by default, PostgreSQL to scale out. */
export interface FindingStore {
  readonly kind: 'sqlite' | 'postgres';
  callOpened(call: { callId: string; agentId?: string; language: string; packs: readonly string[] }): Promise<void>;
  callClosed(callId: string, reason: string): Promise<void>;
  /** An upsert on the finding's deterministic id: a replayed finding is stored once (a reviewed one is left as judged). */
  saveFinding(finding: Finding): Promise<void>;
  /** Keeps a final transcript line (personal data: stores may be configured to drop transcripts). Idempotent. */
  saveUtterance(line: TranscriptLine): Promise<void>;
  transcriptOf(callId: string): Promise<TranscriptLine[]>;
  listCalls(options?: { limit?: number; withFindingsOnly?: boolean }): Promise<StoredCall[]>;
  findingsOf(callId: string): Promise<StoredFinding[]>;
  /** Records a verdict and its audit line in one transaction; false when there is no such finding. */
  review(callId: string, key: string, verdict: ReviewVerdict, actor: Actor, note?: string): Promise<boolean>;
  /** Appends one audit line (exports, redaction runs). */
  audit(entry: Omit<AuditEntry, 'at'>): Promise<void>;
  /** A call's audit trail, oldest first. */
  auditOf(callId: string): Promise<AuditEntry[]>;
  /** Rewrites a call's transcript text and findings' evidence in place, in one transaction (`callcoach redact`). */
  rewriteCall(callId: string, lines: readonly TranscriptLine[], findings: readonly Finding[]): Promise<void>;
  /** A round trip to the database (readiness). */
  ping(): Promise<void>;
  /** Rebuilds the storage so rewritten text is gone from the files too (SQLite VACUUM, PostgreSQL VACUUM FULL). */
  compact(): Promise<void>;
  close(): Promise<void>;
}
