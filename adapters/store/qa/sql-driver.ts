/** A value a query parameter may hold. */
export type SqlValue = string | number | null;

/**
 * The little the QA store needs of a SQL database, so one implementation serves SQLite and PostgreSQL. Queries use `?`
 * placeholders (the PostgreSQL driver numbers them); writes that belong together go through `tx`.
 */
export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs a script of several statements (migrations), no parameters. */
  exec(script: string): Promise<void>;
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  tx<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
