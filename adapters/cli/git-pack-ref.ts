import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from './cli-error.js';

/**
 * Resolves `<revision>:<path>` (e.g. `HEAD:rules/packs/zh-CN-standard`, `v1.2.0:packs/team`) to a temporary copy of
 * that folder or file as committed, so `rules diff` can compare the live version with the working copy. Anything else
 * (an existing path, a shipped pack id) is returned unchanged.
 */
export function gitPackRef(command: string, ref: string): string {
  const m = /^([^:\s]+):(.+)$/.exec(ref);
  if (!m || existsSync(ref)) return ref;
  const [, revision, path] = m as unknown as [string, string, string];
  const dir = mkdtempSync(join(tmpdir(), 'callcoach-git-pack-'));
  const archive = spawnSync('git', ['archive', '--format=tar', revision, '--', path], { maxBuffer: 256 * 1024 * 1024 });
  if (archive.status !== 0) {
    const reason = archive.error ? 'git is not installed' : (archive.stderr.toString().trim().split('\n')[0] ?? '');
    throw new CliError(`${command}: cannot read ${ref} from git: ${reason}`);
  }
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) throw new CliError(`${command}: cannot unpack ${ref}: ${untar.stderr.toString().trim()}`);
  // The path is taken from the working directory, but the archive holds paths from the repository root.
  const prefix = spawnSync('git', ['rev-parse', '--show-prefix']).stdout.toString().trim();
  return join(dir, prefix, path);
}
