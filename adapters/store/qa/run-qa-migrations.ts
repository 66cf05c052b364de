import type { SqlDriver } from './sql-driver.js';
import { QA_MIGRATIONS, type QaMigration } from './qa-migrations.js';

/**
 * Brings the QA schema up to date on start: each migration not yet recorded in callcoach_qa_migrations runs in its own
 * transaction with its record, in version order. Several PostgreSQL workers starting at once take turns (advisory
 * lock); SQLite's write lock does the same. Returns the versions applied now.
 */
export async function runQaMigrations(driver: SqlDriver, migrations: readonly QaMigration[] = QA_MIGRATIONS): Promise<number[]> {
  // Under the same lock as the steps: workers starting together would otherwise race PostgreSQL's CREATE TABLE IF NOT EXISTS.
  await driver.tx(async (tx) => {
    if (tx.dialect === 'postgres') await tx.all("SELECT pg_advisory_xact_lock(hashtext('callcoach-qa-migrations'))");
    await tx.exec('CREATE TABLE IF NOT EXISTS callcoach_qa_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  });
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await driver.tx(async (tx) => {
      if (tx.dialect === 'postgres') await tx.all("SELECT pg_advisory_xact_lock(hashtext('callcoach-qa-migrations'))");
      const rows = await tx.all<{ version: number }>('SELECT version FROM callcoach_qa_migrations WHERE version = ?', [migration.version]);
      if (rows.length > 0) return false;
      await tx.exec(tx.dialect === 'sqlite' ? migration.sqlite : migration.postgres);
      await tx.run('INSERT INTO callcoach_qa_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, new Date().toISOString()]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
