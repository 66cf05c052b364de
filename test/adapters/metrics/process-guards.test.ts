import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bearer, TEST_AUTH_SECRET } from '../../support/auth.js';
import { REPO_ROOT } from '../../support/run-cli.js';

const dist = (path: string) => pathToFileURL(join(REPO_ROOT, 'dist', path)).href;

describe('process guards', () => {
  it('keep a server answering after an uncaught exception and an unhandled rejection, logged without their messages and counted', async () => {
    // A real server process whose own code throws from a timer and rejects a promise nobody awaits.
    const script = join(mkdtempSync(join(tmpdir(), 'callcoach-guards-')), 'server.mjs');
    writeFileSync(
      script,
      `import { startServer } from ${JSON.stringify(dist('adapters/server/create-server.js'))};
       import { Authenticator } from ${JSON.stringify(dist('adapters/auth/authenticator.js'))};
       import { createLogger } from ${JSON.stringify(dist('adapters/log/logger.js'))};
       import { ServerMetrics } from ${JSON.stringify(dist('adapters/metrics/server-metrics.js'))};
       import { installProcessGuards } from ${JSON.stringify(dist('adapters/metrics/process-guards.js'))};
       const log = createLogger({ json: true });
       const metrics = new ServerMetrics();
       installProcessGuards(log, (kind) => metrics.processErrors.inc({ kind }));
       const auth = Authenticator.create({ secret: new TextEncoder().encode(${JSON.stringify(TEST_AUTH_SECRET)}) });
       const server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [], log, auth, metrics });
       setTimeout(() => { throw new TypeError('customer 13812345678 said something'); }, 10);
       setTimeout(() => { Promise.reject(new RangeError('secret 11010519491231002X')); }, 20);
       setTimeout(() => console.log(server.url), 60);`,
    );
    const child = spawn(process.execPath, [script], { cwd: REPO_ROOT });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => resolve(c.toString().trim()));
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    });
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const metrics = await (await fetch(`${url}/metrics`, { headers: await bearer('admin') })).text();
      expect(metrics).toContain('callcoach_process_errors_total{kind="uncaught_exception"} 1');
      expect(metrics).toContain('callcoach_process_errors_total{kind="unhandled_rejection"} 1');
      const lines = stderr
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'uncaught exception; still serving', error: 'TypeError' }));
      expect(lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'unhandled promise rejection; still serving', error: 'RangeError' }));
      expect(stderr).not.toMatch(/13812345678|11010519491231002X/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
