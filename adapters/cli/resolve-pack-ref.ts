import { existsSync } from 'node:fs';
import { resolveShippedPack, shippedPackIds } from '../../rules/packs/shipped-packs.js';
import { CliError } from './cli-error.js';

/** Resolves a pack named on the command line (a path to a pack file or folder, or a shipped pack id) to a path. */
export function resolvePackRef(command: string, ref: string): string {
  if (existsSync(ref)) return ref;
  const shipped = resolveShippedPack(ref);
  if (shipped) return shipped;
  throw new CliError(`${command}: "${ref}" is neither a pack file or folder nor a shipped pack id (shipped: ${shippedPackIds().join(', ')})`);
}

/** The packs a command works on: those named, or every shipped pack when none is. */
export function packRefsOrShipped(command: string, refs: readonly string[]): string[] {
  return (refs.length > 0 ? refs : shippedPackIds()).map((ref) => resolvePackRef(command, ref));
}
