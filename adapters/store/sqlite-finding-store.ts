import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Finding } from '../../engine/index.js';
import type { FindingStore, ReviewVerdict, StoredCall, StoredFinding } from './finding-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS calls (
  call_id TEXT PRIMARY KEY, agent_id TEXT, language TEXT NOT NULL, packs TEXT NOT NULL,
  opened_at TEXT NOT NULL, closed_at TEXT, close_reason TEXT
);
CREATE TABLE IF NOT EXISTS findings (
  call_id TEXT NOT NULL, key TEXT NOT NULL, category TEXT NOT NULL, rule_id TEXT NOT NULL,
  pack_id TEXT NOT NULL, pack_version TEXT NOT NULL, severity TEXT NOT NULL, utterance_id TEXT,
  at_ms INTEGER NOT NULL, confirmed_at_ms INTEGER NOT NULL, evidence TEXT NOT NULL,
  review_verdict TEXT, reviewer TEXT, review_note TEXT, reviewed_at TEXT,
  PRIMARY KEY (call_id, key)
);
CREATE INDEX IF NOT EXISTS findings_category ON findings (category);
`;

/** The embedded store: one SQLite file, no server. */
export function openSqliteFindingStore(file: string): FindingStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  const insertCall = db.prepare(
    `INSERT INTO calls (call_id, agent_id, language, packs, opened_at) VALUES (@callId, @agentId, @language, @packs, @openedAt)
     ON CONFLICT (call_id) DO UPDATE SET agent_id = excluded.agent_id, language = excluded.language, packs = excluded.packs`,
  );
  const closeCall = db.prepare('UPDATE calls SET closed_at = ?, close_reason = ? WHERE call_id = ?');
  const insertFinding = db.prepare(
    `INSERT OR IGNORE INTO findings (call_id, key, category, rule_id, pack_id, pack_version, severity, utterance_id, at_ms, confirmed_at_ms, evidence)
     VALUES (@callId, @key, @category, @ruleId, @packId, @packVersion, @severity, @utteranceId, @atMs, @confirmedAtMs, @evidence)`,
  );
  const listCalls = db.prepare(
    `SELECT c.*, (SELECT COUNT(*) FROM findings f WHERE f.call_id = c.call_id) AS findings FROM calls c ORDER BY c.opened_at DESC LIMIT ?`,
  );
  const findingsOf = db.prepare('SELECT * FROM findings WHERE call_id = ? ORDER BY at_ms, key');
  const review = db.prepare('UPDATE findings SET review_verdict = ?, reviewer = ?, review_note = ?, reviewed_at = ? WHERE call_id = ? AND key = ?');

  return {
    kind: 'sqlite',
    callOpened: async (call) => {
      insertCall.run({ callId: call.callId, agentId: call.agentId ?? null, language: call.language, packs: JSON.stringify(call.packs), openedAt: new Date().toISOString() });
    },
    callClosed: async (callId, reason) => {
      closeCall.run(new Date().toISOString(), reason, callId);
    },
    saveFinding: async (finding: Finding) => {
      insertFinding.run({ ...finding, utteranceId: finding.utteranceId ?? null, evidence: JSON.stringify(finding.evidence) });
    },
    listCalls: async (options = {}) => {
      const rows = listCalls.all(options.limit ?? 200) as CallRow[];
      return rows.map(toCall).filter((c) => !options.withFindingsOnly || c.findings > 0);
    },
    findingsOf: async (callId) => (findingsOf.all(callId) as FindingRow[]).map(toFinding),
    review: async (callId, key, verdict: ReviewVerdict, reviewer, note) => review.run(verdict, reviewer, note ?? null, new Date().toISOString(), callId, key).changes > 0,
    close: async () => {
      db.close();
    },
  };
}

/** Row shapes shared with the PostgreSQL store. */
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
