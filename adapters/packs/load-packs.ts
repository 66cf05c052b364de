import { existsSync } from 'node:fs';
import type { CompiledPack } from '../../engine/index.js';
import { compilePack } from '../../rules/compiler/compile-pack.js';
import { loadPack } from '../../rules/compiler/load-pack.js';
import type { PackProblem } from '../../rules/compiler/pack-problem.js';
import { resolveShippedPack, shippedPackIds } from '../../rules/packs/shipped-packs.js';
import { PackError, PACK_PROBLEM_CODES } from '../../rules/compiler/pack-problem.js';

/** Packs ready to run, with the warnings compiling them raised and the files they came from. */
export interface LoadedPacks {
  readonly packs: readonly CompiledPack[];
  readonly warnings: readonly PackProblem[];
  readonly files: readonly string[];
}

/**
 * Loads packs named on the command line: a shipped id (zh-CN-standard) or a path to a pack file or folder.
 * No names means every shipped pack. Throws PackError naming file:line:column.
 */
export function loadPacks(names: readonly string[]): LoadedPacks {
  const refs = names.length > 0 ? names : shippedPackIds();
  const packs: CompiledPack[] = [];
  const warnings: PackProblem[] = [];
  const files: string[] = [];
  for (const ref of refs) {
    const file = existsSync(ref) ? ref : resolveShippedPack(ref);
    if (!file) {
      throw new PackError([
        {
          code: PACK_PROBLEM_CODES.FILE_UNREADABLE,
          severity: 'error',
          file: ref,
          line: 1,
          column: 1,
          message: `"${ref}" is neither a pack file nor a shipped pack id (shipped: ${shippedPackIds().join(', ')})`,
        },
      ]);
    }
    const loaded = loadPack(file, resolveShippedPack);
    const result = compilePack(loaded);
    packs.push(result.pack);
    warnings.push(...result.warnings);
    files.push(...loaded.files);
  }
  return { packs, warnings, files };
}
