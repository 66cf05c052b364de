import type { Finding, TranscriptLine } from '../../engine/index.js';
import type { AuditEntry, ReviewVerdict, StoredCall, StoredFinding } from './finding-store.js';

/** Row shapes of the SQL stores (SQLite and PostgreSQL share them). */
export interface CallRow {
  call_id: string;
  agent_id: string | null;
  language: string;
  packs: string;
  opened_at: string | Date;
  closed_at: string | Date | null;
  close_reason: string | null;
  findings: number | string;
}

export interface FindingRow {
  finding_id?: string;
  call_id: string;
  key: string;
  category: string;
  rule_id: string;
  pack_id: string;
  pack_version: string;
  severity: string;
  utterance_id: string | null;
  at_ms: number | string;
  confirmed_at_ms: number | string;
  evidence: string | object;
  review_verdict: string | null;
  reviewer: string | null;
  review_note: string | null;
  reviewed_at: string | Date | null;
}

/** Row to StoredCall. */
export function toCall(row: CallRow): StoredCall {
  return {
    callId: row.call_id,
    ...(row.agent_id ? { agentId: row.agent_id } : {}),
    language: row.language,
    packs: JSON.parse(row.packs) as string[],
    openedAt: new Date(row.opened_at).toISOString(),
    ...(row.closed_at ? { closedAt: new Date(row.closed_at).toISOString() } : {}),
    ...(row.close_reason ? { closeReason: row.close_reason } : {}),
    findings: Number(row.findings),
  };
}

/** Row to StoredFinding. */
export function toFinding(row: FindingRow): StoredFinding {
  return {
    ...(row.finding_id ? { findingId: row.finding_id } : {}),
    key: row.key,
    callId: row.call_id,
    category: row.category as Finding['category'],
    ruleId: row.rule_id,
    packId: row.pack_id,
    packVersion: row.pack_version,
    severity: row.severity as Finding['severity'],
    ...(row.utterance_id ? { utteranceId: row.utterance_id } : {}),
    atMs: Number(row.at_ms),
    confirmedAtMs: Number(row.confirmed_at_ms),
    evidence: (typeof row.evidence === 'string' ? JSON.parse(row.evidence) : row.evidence) as Finding['evidence'],
    ...(row.review_verdict
      ? { review: { verdict: row.review_verdict as ReviewVerdict, reviewer: row.reviewer ?? '', ...(row.review_note ? { note: row.review_note } : {}), at: new Date(row.reviewed_at ?? 0).toISOString() } }
      : {}),
  };
}

export interface UtteranceRow {
  call_id: string;
  utterance_id: string;
  speaker: string;
  text: string;
  start_ms: number | string;
  end_ms: number | string;
}

/** Row to TranscriptLine. */
export function toLine(row: UtteranceRow): TranscriptLine {
  return {
    callId: row.call_id,
    utteranceId: row.utterance_id,
    speaker: row.speaker as TranscriptLine['speaker'],
    text: row.text,
    startMs: Number(row.start_ms),
    endMs: Number(row.end_ms),
  };
}

export interface AuditRow {
  at: string | Date;
  actor: string;
  role: string;
  action: string;
  call_id: string | null;
  target: string | null;
  before: string | null;
  after: string | null;
}

export function toAudit(row: AuditRow): AuditEntry {
  return {
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    role: row.role,
    action: row.action,
    ...(row.call_id !== null ? { callId: row.call_id } : {}),
    ...(row.target !== null ? { target: row.target } : {}),
    ...(row.before !== null ? { before: JSON.parse(row.before) as unknown } : {}),
    ...(row.after !== null ? { after: JSON.parse(row.after) as unknown } : {}),
  };
}
