import type Database from 'better-sqlite3';

/** One step of the SQLite schema; applied once, in order, recorded in `schema_migrations`. */
interface SqliteMigration {
  readonly version: number;
  readonly sql: string;
}

/**
 * The SQLite schema as a list of versioned steps. Version 1 is the schema from before versioning (every statement
 * IF NOT EXISTS, so a file written by an older release passes through it unchanged). Never edit a step that has
 * shipped: add the next one.
 */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    sql: `
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
CREATE TABLE IF NOT EXISTS utterances (
  call_id TEXT NOT NULL, utterance_id TEXT NOT NULL, speaker TEXT NOT NULL, text TEXT NOT NULL,
  start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL,
  PRIMARY KEY (call_id, utterance_id)
);
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL,
  call_id TEXT, target TEXT, before TEXT, after TEXT
);
CREATE INDEX IF NOT EXISTS audit_log_call ON audit_log (call_id, id);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`,
  },
  {
    // Findings are keyed by their deterministic id (engine findingId: call, rule, evidence), so a replayed finding
    // upserts onto the row it already has. SQLite cannot change a primary key in place: the table is rebuilt.
    version: 2,
    sql: `
CREATE TABLE findings_v2 (
  finding_id TEXT PRIMARY KEY,
  call_id TEXT NOT NULL, key TEXT NOT NULL, category TEXT NOT NULL, rule_id TEXT NOT NULL,
  pack_id TEXT NOT NULL, pack_version TEXT NOT NULL, severity TEXT NOT NULL, utterance_id TEXT,
  at_ms INTEGER NOT NULL, confirmed_at_ms INTEGER NOT NULL, evidence TEXT NOT NULL,
  review_verdict TEXT, reviewer TEXT, review_note TEXT, reviewed_at TEXT
);
INSERT INTO findings_v2 (finding_id, call_id, key, category, rule_id, pack_id, pack_version, severity, utterance_id, at_ms, confirmed_at_ms, evidence, review_verdict, reviewer, review_note, reviewed_at)
  SELECT call_id || ':' || key, call_id, key, category, rule_id, pack_id, pack_version, severity, utterance_id, at_ms, confirmed_at_ms, evidence, review_verdict, reviewer, review_note, reviewed_at FROM findings;
DROP TABLE findings;
ALTER TABLE findings_v2 RENAME TO findings;
CREATE INDEX findings_call ON findings (call_id, key);
CREATE INDEX findings_category ON findings (category);
`,
  },
];

/** Brings a SQLite file up to the newest schema, each missing step in its own transaction. */
export function migrateSqlite(db: Database.Database, migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  for (const migration of migrations) {
    // Checked inside the write lock: another process opening the same file may have just applied it.
    db.transaction(() => {
      if (isApplied.get(migration.version)) return;
      db.exec(migration.sql);
      record.run(migration.version, new Date().toISOString());
    }).immediate();
  }
  return Math.max(0, ...migrations.map((m) => m.version));
}
