import type { FindingStore } from './finding-store.js';
import { openPostgresFindingStore } from './postgres-finding-store.js';
import { openSqliteFindingStore } from './sqlite-finding-store.js';
import { StoreError } from './store-error.js';

/** Opens the store a URL names: postgres://…[?schema=name] for PostgreSQL, a file path (or sqlite:path) for the embedded SQLite file. */
export async function openFindingStore(location: string): Promise<FindingStore> {
  if (/^postgres(ql)?:\/\//.test(location)) {
    // ?schema=name keeps the tables in a schema of their own (several deployments or test runs in one database).
    const url = new URL(location);
    const schema = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    try {
      return await openPostgresFindingStore(url.toString(), schema ? { schema } : {});
    } catch (err) {
      throw new StoreError('UNREACHABLE', `cannot open the PostgreSQL store (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the URL and that the server is running`);
    }
  }
  const file = location.replace(/^sqlite:/, '');
  try {
    return openSqliteFindingStore(file);
  } catch (err) {
    throw new StoreError('OPEN_FAILED', `cannot open the SQLite store at ${file}: ${(err as Error).message}`);
  }
}
