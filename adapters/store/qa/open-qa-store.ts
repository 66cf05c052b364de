import { scorecardRef, type CompiledScorecard } from '../../../engine/index.js';
import { callIndexQueries } from './call-index-queries.js';
import { openPostgresSqlDriver } from './postgres-sql-driver.js';
import type { IndexedCall, QaStore } from './qa-store.js';
import { toIndexedCall, type CallIndexRow } from './qa-rows.js';
import { reviewQueries } from './review-queries.js';
import { runQaMigrations } from './run-qa-migrations.js';
import { openSqliteSqlDriver } from './sqlite-sql-driver.js';
import type { SqlDriver } from './sql-driver.js';

/** How to open the QA store; `now` is injected by tests and benchmarks. */
export interface QaStoreOptions {
  /** PostgreSQL schema (tests use one per run); the finding store must use the same. */
  readonly schema?: string;
  readonly now?: () => Date;
}

/**
 * Opens the QA store on the database the finding store uses (postgres://… or a SQLite file, opened after the finding
 * store so its tables exist) and runs the QA migrations not yet applied.
 */
export async function openQaStore(location: string, options: QaStoreOptions = {}): Promise<QaStore> {
  const driver = /^postgres(ql)?:\/\//.test(location) ? openPostgresAt(location, options.schema) : openSqliteSqlDriver(location.replace(/^sqlite:/, ''));
  try {
    await runQaMigrations(driver);
  } catch (err) {
    await driver.close().catch(() => undefined);
    throw err;
  }
  return qaStoreOver(driver, options.now ?? (() => new Date()));
}

// The same store URL as the finding store's: postgres://…?schema=name puts both in that schema.
function openPostgresAt(location: string, schema: string | undefined): SqlDriver {
  const url = new URL(location);
  const named = schema ?? url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  return openPostgresSqlDriver(url.toString(), named ? { schema: named } : {});
}

/** The QA store over an open driver whose schema is up to date. */
export function qaStoreOver(driver: SqlDriver, now: () => Date): QaStore {
  return {
    kind: driver.dialect,
    ...callIndexQueries(driver),
    ...reviewQueries(driver, now),
    callsInScope: async (scope) => {
      const params = [scope.from, scope.to, ...(scope.teamId ? [scope.teamId] : []), ...(scope.agentId ? [scope.agentId] : [])];
      const rows = await driver.all<CallIndexRow>(
        `SELECT * FROM callcoach_qa_calls WHERE opened_at >= ? AND opened_at < ? AND closed_at IS NOT NULL ${scope.teamId ? 'AND team_id = ?' : ''} ${scope.agentId ? 'AND agent_id = ?' : ''} ORDER BY call_id`,
        params,
      );
      return rows.map((r): IndexedCall => toIndexedCall(r));
    },
    saveScorecard: async (card) => {
      await driver.run('INSERT INTO callcoach_qa_scorecards (ref, definition, first_seen) VALUES (?, ?, ?) ON CONFLICT (ref) DO NOTHING', [scorecardRef(card), JSON.stringify(card), now().toISOString()]);
    },
    scorecard: async (ref) => {
      const [row] = await driver.all<{ definition: string }>('SELECT definition FROM callcoach_qa_scorecards WHERE ref = ?', [ref]);
      return row ? (JSON.parse(row.definition) as CompiledScorecard) : undefined;
    },
    close: () => driver.close(),
  };
}
