import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { shippedPacksDir } from '../../rules/packs/shipped-packs.js';
import { JSON_SCHEMA_FILES, packJsonSchemas } from '../../rules/schema/pack-json-schema.js';
import { parseCliArgs } from './parse-cli-args.js';

const USAGE = 'callcoach rules schema [--write | --check]';

/** Where the committed JSON Schema files live: rules/schema/ in the source tree. */
export function jsonSchemaDir(): string {
  return join(dirname(shippedPacksDir()), 'schema');
}

/** `callcoach rules schema`: prints the pack JSON Schema, writes the committed files (--write) or checks them (--check). */
export async function rulesSchemaCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseCliArgs('rules schema', argv, { write: { type: 'boolean' }, check: { type: 'boolean' } }, USAGE);
  const schemas = packJsonSchemas();
  const dir = jsonSchemaDir();
  if (values.write) {
    for (const name of JSON_SCHEMA_FILES) writeFileSync(join(dir, name), schemas[name]);
    process.stdout.write(`wrote ${JSON_SCHEMA_FILES.map((n) => join('rules/schema', n)).join(', ')}\n`);
    return 0;
  }
  if (values.check) {
    const stale = JSON_SCHEMA_FILES.filter((name) => readOrEmpty(join(dir, name)) !== schemas[name]);
    if (stale.length === 0) return 0;
    process.stderr.write(`callcoach rules schema: ${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} stale: run \`npm run schema\` and commit the result\n`);
    return 1;
  }
  process.stdout.write(schemas['pack.schema.json']);
  return 0;
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
