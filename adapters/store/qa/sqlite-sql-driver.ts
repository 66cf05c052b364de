import Database from 'better-sqlite3';
import type { SqlDriver, SqlValue } from './sql-driver.js';

/**
 * SqlDriver over one better-sqlite3 connection (beside the finding store's own, on the same WAL file). better-sqlite3 is
 * synchronous, so an async transaction could interleave with other callers on the same connection: every operation
 * waits its turn in one queue, and a transaction holds the queue until it ends.
 */
export function openSqliteSqlDriver(file: string): SqlDriver {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('secure_delete = ON');
  // The finding store writes through its own connection: wait for its lock instead of failing at once.
  db.pragma('busy_timeout = 5000');
  let queue: Promise<unknown> = Promise.resolve();
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const direct: SqlDriver = {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => prepare(sql).all(...params) as T[],
    run: async (sql, params = []) => prepare(sql).run(...params).changes,
    exec: async (script) => {
      db.exec(script);
    },
    tx: (fn) => nested(fn),
    close: async () => undefined,
  };
  // Inside a transaction the queue is already held: nested calls run directly.
  const nested = <T>(fn: (tx: SqlDriver) => Promise<T>) => fn(direct);
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };
  return {
    dialect: 'sqlite',
    all: (sql, params) => inTurn(() => direct.all(sql, params)),
    run: (sql, params) => inTurn(() => direct.run(sql, params)),
    exec: (script) => inTurn(() => direct.exec(script)),
    tx: (fn) =>
      inTurn(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const value = await fn(direct);
          db.exec('COMMIT');
          return value;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      }),
    close: () =>
      inTurn(async () => {
        db.close();
      }),
  };
}
