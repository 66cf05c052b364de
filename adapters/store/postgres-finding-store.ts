import pg from 'pg';
import { findingId, type Finding } from '../../engine/index.js';
import type { FindingStore } from './finding-store.js';
import { migratePostgres } from './postgres-migrations.js';
import { toAudit, toCall, toFinding, toLine, type AuditRow, type CallRow, type FindingRow, type UtteranceRow } from './store-rows.js';

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
    // Several workers may start at once: one at a time creates the tables, functions and triggers.
    await client.query("SELECT pg_advisory_lock(hashtext('callcoach-schema'))");
    try {
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      if (schema) await client.query(`SET search_path TO ${schema}`);
      await migratePostgres(client);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('callcoach-schema'))");
      if (schema) await client.query('RESET search_path');
    }
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
        // A replay (any worker's) re-derives the same id: the row is refreshed, never once reviewed, never duplicated.
        `INSERT INTO ${table('callcoach_findings')} AS f (finding_id, call_id, key, category, rule_id, pack_id, pack_version, severity, utterance_id, at_ms, confirmed_at_ms, evidence)
         VALUES ($12, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (finding_id) DO UPDATE SET category = EXCLUDED.category, rule_id = EXCLUDED.rule_id, pack_id = EXCLUDED.pack_id,
           pack_version = EXCLUDED.pack_version, severity = EXCLUDED.severity, utterance_id = EXCLUDED.utterance_id, at_ms = EXCLUDED.at_ms,
           confirmed_at_ms = EXCLUDED.confirmed_at_ms, evidence = EXCLUDED.evidence
         WHERE f.review_verdict IS NULL`,
        [f.callId, f.key, f.category, f.ruleId, f.packId, f.packVersion, f.severity, f.utteranceId ?? null, f.atMs, f.confirmedAtMs, JSON.stringify(f.evidence), findingId(f.callId, f.key)],
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
    review: async (callId, key, verdict, actor, note) => {
      // The verdict and its audit line land together or not at all; FOR UPDATE orders concurrent reviews of one finding.
      const tx = await pool.connect();
      try {
        await tx.query('BEGIN');
        const previous = await tx.query<{ review_verdict: string | null; reviewer: string | null; review_note: string | null }>(
          `SELECT review_verdict, reviewer, review_note FROM ${table('callcoach_findings')} WHERE call_id = $1 AND key = $2 FOR UPDATE`,
          [callId, key],
        );
        const row = previous.rows[0];
        if (!row) {
          await tx.query('ROLLBACK');
          return false;
        }
        await tx.query(`UPDATE ${table('callcoach_findings')} SET review_verdict = $3, reviewer = $4, review_note = $5, reviewed_at = now() WHERE call_id = $1 AND key = $2`, [callId, key, verdict, actor.subject, note ?? null]);
        const before = row.review_verdict ? { verdict: row.review_verdict, reviewer: row.reviewer, ...(row.review_note ? { note: row.review_note } : {}) } : null;
        const after = { verdict, reviewer: actor.subject, ...(note ? { note } : {}) };
        await tx.query(`INSERT INTO ${table('callcoach_audit_log')} (actor, role, action, call_id, target, before, after) VALUES ($1, $2, 'review', $3, $4, $5, $6)`, [actor.subject, actor.role, callId, key, JSON.stringify(before), JSON.stringify(after)]);
        await tx.query('COMMIT');
        return true;
      } catch (err) {
        await tx.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        tx.release();
      }
    },
    audit: async (entry) => {
      await pool.query(`INSERT INTO ${table('callcoach_audit_log')} (actor, role, action, call_id, target, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        entry.actor,
        entry.role,
        entry.action,
        entry.callId ?? null,
        entry.target ?? null,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
      ]);
    },
    rewriteCall: async (callId, lines, findings) => {
      const tx = await pool.connect();
      try {
        await tx.query('BEGIN');
        for (const line of lines) await tx.query(`UPDATE ${table('callcoach_utterances')} SET text = $3 WHERE call_id = $1 AND utterance_id = $2`, [callId, line.utteranceId, line.text]);
        for (const f of findings) await tx.query(`UPDATE ${table('callcoach_findings')} SET evidence = $3 WHERE call_id = $1 AND key = $2`, [callId, f.key, JSON.stringify(f.evidence)]);
        await tx.query('COMMIT');
      } catch (err) {
        await tx.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        tx.release();
      }
    },
    ping: async () => {
      await pool.query('SELECT 1');
    },
    compact: async () => {
      // Old row versions stay in the table files until they are rewritten; VACUUM FULL rewrites them.
      await pool.query(`VACUUM FULL ${table('callcoach_utterances')}, ${table('callcoach_findings')}`);
    },
    auditOf: async (callId) => {
      const { rows } = await pool.query<AuditRow>(`SELECT id, at, actor, role, action, call_id, target, before::text AS before, after::text AS after FROM ${table('callcoach_audit_log')} WHERE call_id = $1 ORDER BY id`, [callId]);
      return rows.map(toAudit);
    },
    close: () => pool.end(),
  };
}
