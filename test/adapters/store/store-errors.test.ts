import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFindingStore } from '../../../adapters/store/open-finding-store.js';
import { StoreError } from '../../../adapters/store/store-error.js';
import { runCli } from '../../support/run-cli.js';

// Port 1 on loopback: nothing listens there, so the connection is refused at once.
const NOBODY = 'postgres://postgres@127.0.0.1:1/test';

describe('store errors', () => {
  it('says a PostgreSQL store that does not answer is worth retrying, with its code', async () => {
    const failure = await openFindingStore(NOBODY).then(() => undefined, (err: unknown) => err);
    expect(failure).toBeInstanceOf(StoreError);
    expect(failure).toMatchObject({ code: 'CALLCOACH_ADAPTER_STORE_UNREACHABLE', retryable: true });
    expect((failure as Error).message).toContain('check the URL and that the server is running');
  });

  it('says a SQLite file that cannot be created is not, naming the file', async () => {
    // A folder path running through a plain file can never be created.
    const file = join(mkdtempSync(join(tmpdir(), 'callcoach-store-')), 'plain-file');
    writeFileSync(file, 'not a folder');
    const failure = await openFindingStore(join(file, 'findings.sqlite')).then(() => undefined, (err: unknown) => err);
    expect(failure).toMatchObject({ code: 'CALLCOACH_ADAPTER_STORE_OPEN_FAILED', retryable: false });
    expect((failure as Error).message).toContain(join(file, 'findings.sqlite'));
  });

  it('makes the command line exit 75 (try again later) for an unreachable store, without a stack trace', () => {
    const { code, stderr } = runCli(['redact', '--store', NOBODY]);
    expect(code).toBe(75);
    expect(stderr).toContain('CALLCOACH_ADAPTER_STORE_UNREACHABLE');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
