import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** The repository root (where bin/ and dist/ are). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs `node bin/callcoach.js …` (dist/ is built by `npm test` before jest) and returns its exit code and output. */
export function runCli(args: readonly string[], cwd = REPO_ROOT): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'callcoach.js'), ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
