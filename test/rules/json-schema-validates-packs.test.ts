import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { shippedPacksDir } from '../../rules/packs/shipped-packs.js';
import { packJsonSchemas } from '../../rules/schema/pack-json-schema.js';

// Editors check packs against the exported JSON Schema, the compiler against zod: they must agree on real packs.
const rulesDir = join(shippedPacksDir(), '..');
const packDirs = ['packs', 'examples'].flatMap((room) =>
  readdirSync(join(rulesDir, room), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(rulesDir, room, d.name)),
);

function validator(name: 'pack.schema.json' | 'include.schema.json' | 'scorecard.schema.json') {
  const schema = JSON.parse(packJsonSchemas()[name]) as Record<string, unknown>;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

describe('the exported JSON Schema', () => {
  const pack = validator('pack.schema.json');
  const include = validator('include.schema.json');
  const scorecard = validator('scorecard.schema.json');

  it.each(packDirs.map((d) => [d.slice(rulesDir.length + 1), d]))('accepts every file of %s', (_name, dir) => {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const check = file === 'pack.yaml' ? pack : file === 'scorecard.yaml' ? scorecard : include;
      const ok = check(YAML.parse(readFileSync(join(dir, file), 'utf8')));
      expect({ file, errors: ok ? null : check.errors }).toEqual({ file, errors: null });
    }
  });

  it('refuses an unknown key and a wrong type, as the compiler does', () => {
    expect(pack({ id: 'p', version: '1.0.0', language: 'zh-CN', rules: [{ id: 'r', category: 'forbidden_phrase', kind: 'phrase', macth: ['x'] }] })).toBe(false);
    expect(pack({ id: 'p', version: 'one', language: 'zh-CN' })).toBe(false);
  });
});
