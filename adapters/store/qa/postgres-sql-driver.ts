import pg from 'pg';
import type { SqlDriver, SqlValue } from './sql-driver.js';

/** `?` placeholders numbered for PostgreSQL ($1, $2, …). The QA store's SQL never has a literal question mark. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** SqlDriver over a pg pool; with `schema`, every connection resolves table names in that schema first. */
export function openPostgresSqlDriver(url: string, options: { schema?: string } = {}): SqlDriver {
  const schema = options.schema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('postgres schema name must be lower-case letters, digits and _');
  const pool = new pg.Pool({ connectionString: url, max: 4, ...(schema ? { options: `-c search_path=${schema},public` } : {}) });
  const over = (client: pg.Pool | pg.PoolClient): Omit<SqlDriver, 'tx' | 'close'> => ({
    dialect: 'postgres',
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => (await client.query(numbered(sql), params as SqlValue[])).rows as T[],
    run: async (sql, params = []) => (await client.query(numbered(sql), params as SqlValue[])).rowCount ?? 0,
    exec: async (script) => {
      await client.query(script);
    },
  });
  return {
    ...over(pool),
    tx: async (fn) => {
      const client = await pool.connect();
      const inner: SqlDriver = { ...over(client), tx: (f) => f(inner), close: async () => undefined };
      try {
        await client.query('BEGIN');
        const value = await fn(inner);
        await client.query('COMMIT');
        return value;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
