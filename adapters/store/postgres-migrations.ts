import type pg from 'pg';

/** One step of the PostgreSQL schema; applied once, in order, recorded in `callcoach_schema_migrations`. */
interface PostgresMigration {
  readonly version: number;
  readonly sql: string;
}

/**
 * The PostgreSQL schema as versioned steps. Version 1 is the schema from before versioning (idempotent statements,
 * so a database written by an older release passes through it unchanged). Never edit a step that has shipped: add
 * the next one.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    sql: `
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
CREATE TABLE IF NOT EXISTS callcoach_audit_log (
  id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL DEFAULT now(), actor TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL,
  call_id TEXT, target TEXT, before JSONB, after JSONB
);
CREATE INDEX IF NOT EXISTS callcoach_audit_log_call ON callcoach_audit_log (call_id, id);
CREATE OR REPLACE FUNCTION callcoach_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'callcoach_audit_log is append-only'; END $$;
CREATE OR REPLACE TRIGGER callcoach_audit_log_no_change BEFORE UPDATE OR DELETE ON callcoach_audit_log FOR EACH ROW EXECUTE FUNCTION callcoach_audit_log_append_only();
CREATE OR REPLACE TRIGGER callcoach_audit_log_no_truncate BEFORE TRUNCATE ON callcoach_audit_log FOR EACH STATEMENT EXECUTE FUNCTION callcoach_audit_log_append_only();
`,
  },
  {
    // Findings are keyed by their deterministic id (engine findingId: call, rule, evidence), so a replayed finding
    // from any worker upserts onto the row it already has.
    version: 2,
    sql: `
ALTER TABLE callcoach_findings ADD COLUMN finding_id TEXT;
UPDATE callcoach_findings SET finding_id = call_id || ':' || key;
ALTER TABLE callcoach_findings ALTER COLUMN finding_id SET NOT NULL;
ALTER TABLE callcoach_findings DROP CONSTRAINT callcoach_findings_pkey;
ALTER TABLE callcoach_findings ADD PRIMARY KEY (finding_id);
CREATE INDEX callcoach_findings_call ON callcoach_findings (call_id, key);
`,
  },
];

/**
 * Brings the database up to the newest schema. The caller holds the schema advisory lock (workers starting together
 * take turns); each step runs in its own transaction with its record, so a failed step leaves the previous version.
 */
export async function migratePostgres(client: pg.PoolClient, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<number> {
  await client.query('CREATE TABLE IF NOT EXISTS callcoach_schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
  const { rows } = await client.query<{ version: number }>('SELECT version FROM callcoach_schema_migrations');
  const applied = new Set(rows.map((row) => row.version));
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await client.query('INSERT INTO callcoach_schema_migrations (version) VALUES ($1)', [migration.version]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
  return Math.max(0, ...migrations.map((m) => m.version));
}
