import pg from 'pg';
import type { Finding } from '../../engine/index.js';
import type { FindingStore } from './finding-store.js';
import { toCall, toFinding, toLine, type CallRow, type FindingRow, type UtteranceRow } from './store-rows.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS callcoach_calls (
  call_id TEXT PRIMARY KEY, agent_id TEXT, language TEXT NOT NULL, packs TEXT NOT NULL,
  opened_at TIMESTAMPTZ NOT NULL DEFAULT now(), closed_at TIMESTAMPTZ, close_reason TEXT
);
CREATE TABLE IF NOT EXISTS callcoach_findings (
  call_id TEXT NOT NULL, key TEXT NOT NULL, category TEXT NOT NULL, rule_id TEXT NOT NULL,
  pack_id TEXT NOT NULL, pack_version TEXT NOT NULL, severity TEXT NOT NULL, utterance_id TEXT,
  at_ms BIGINT NOT NULL, confirmed_at_ms BIGINT NOT NULL, evidence JSONB NOT NULL,
  review_verdict TEXT, reviewer TEXT, review_note TEXT, reviewed_at TIMESTAMPTZ,
  PRIMARY KEY (call_id, key)
);
CREATE INDEX IF NOT EXISTS callcoach_findings_category ON callcoach_findings (category);
CREATE TABLE IF NOT EXISTS callcoach_utterances (
  call_id TEXT NOT NULL, utterance_id TEXT NOT NULL, speaker TEXT NOT NULL, text TEXT NOT NULL,
  start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL,
  PRIMARY KEY (call_id, utterance_id)
);
`;

/**
 * The scale-out store: several engine processes write to one PostgreSQL. Tables are prefixed so the database can be
 * shared; writes are idempotent (a replayed finding is stored once).
 */
export async function openPostgresFindingStore(url: string, options: { schema?: string } = {}): Promise<FindingStore> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const schema = options.schema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('postgres schema name must be lower-case letters, digits and _');
  const client = await pool.connect();
  try {
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`${schema ? `SET search_path TO ${schema};` : ''}${SCHEMA}`);
  } finally {
    client.release();
  }
  const table = (name: string) => (schema ? `${schema}.${name}` : name);

  return {
    kind: 'postgres',
    callOpened: async (call) => {
      await pool.query(
        `INSERT INTO ${table('callcoach_calls')} (call_id, agent_id, language, packs) VALUES ($1, $2, $3, $4)
         ON CONFLICT (call_id) DO UPDATE SET agent_id = EXCLUDED.agent_id, language = EXCLUDED.language, packs = EXCLUDED.packs`,
        [call.callId, call.agentId ?? null, call.language, JSON.stringify(call.packs)],
      );
    },
    callClosed: async (callId, reason) => {
      await pool.query(`UPDATE ${table('callcoach_calls')} SET closed_at = now(), close_reason = $2 WHERE call_id = $1`, [callId, reason]);
    },
    saveFinding: async (f: Finding) => {
      await pool.query(
        `INSERT INTO ${table('callcoach_findings')} (call_id, key, category, rule_id, pack_id, pack_version, severity, utterance_id, at_ms, confirmed_at_ms, evidence)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (call_id, key) DO NOTHING`,
        [f.callId, f.key, f.category, f.ruleId, f.packId, f.packVersion, f.severity, f.utteranceId ?? null, f.atMs, f.confirmedAtMs, JSON.stringify(f.evidence)],
      );
    },
    saveUtterance: async (u) => {
      await pool.query(
        `INSERT INTO ${table('callcoach_utterances')} (call_id, utterance_id, speaker, text, start_ms, end_ms) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (call_id, utterance_id) DO NOTHING`,
        [u.callId, u.utteranceId, u.speaker, u.text, u.startMs, u.endMs],
      );
    },
    transcriptOf: async (callId) => {
      const { rows } = await pool.query<UtteranceRow>(`SELECT * FROM ${table('callcoach_utterances')} WHERE call_id = $1 ORDER BY start_ms, utterance_id`, [callId]);
      return rows.map(toLine);
    },
    listCalls: async (options = {}) => {
      const { rows } = await pool.query<CallRow>(
        `SELECT c.*, (SELECT COUNT(*) FROM ${table('callcoach_findings')} f WHERE f.call_id = c.call_id) AS findings
         FROM ${table('callcoach_calls')} c ORDER BY c.opened_at DESC LIMIT $1`,
        [options.limit ?? 200],
      );
      return rows.map(toCall).filter((c) => !options.withFindingsOnly || c.findings > 0);
    },
    findingsOf: async (callId) => {
      const { rows } = await pool.query<FindingRow>(`SELECT * FROM ${table('callcoach_findings')} WHERE call_id = $1 ORDER BY at_ms, key`, [callId]);
      return rows.map(toFinding);
    },
    review: async (callId, key, verdict, reviewer, note) => {
      const result = await pool.query(
        `UPDATE ${table('callcoach_findings')} SET review_verdict = $3, reviewer = $4, review_note = $5, reviewed_at = now() WHERE call_id = $1 AND key = $2`,
        [callId, key, verdict, reviewer, note ?? null],
      );
      return (result.rowCount ?? 0) > 0;
    },
    close: () => pool.end(),
  };
}
