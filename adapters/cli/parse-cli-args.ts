import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';

/** node:util parseArgs, with its errors turned into a CliError that names the command. */
export function parseCliArgs<T extends ParseArgsConfig['options']>(command: string, argv: readonly string[], options: T, usage: string): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${command}: ${(err as Error).message}\nusage: ${usage}`);
  }
}
