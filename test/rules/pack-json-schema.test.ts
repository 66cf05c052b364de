import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shippedPacksDir } from '../../rules/packs/shipped-packs.js';
import { JSON_SCHEMA_FILES, packJsonSchemas } from '../../rules/schema/pack-json-schema.js';

describe('packJsonSchemas', () => {
  it.each(JSON_SCHEMA_FILES)('matches the committed rules/schema/%s (run `npm run schema` when the zod schema changes)', (name) => {
    const committed = readFileSync(join(shippedPacksDir(), '..', 'schema', name), 'utf8');
    expect(committed).toBe(packJsonSchemas()[name]);
  });

  it('offers every rule kind and every common rule field to editors', () => {
    const schema = JSON.parse(packJsonSchemas()['pack.schema.json']) as { properties: { rules: { items: { oneOf: Array<{ properties: Record<string, unknown> }> } } } };
    const kinds = schema.properties.rules.items.oneOf;
    expect(kinds.length).toBeGreaterThanOrEqual(3);
    for (const kind of kinds) {
      expect(Object.keys(kind.properties)).toEqual(expect.arrayContaining(['id', 'category', 'severity', 'speaker', 'kind', 'nudge', 'suggest', 'cites', 'examples', 'enabled', 'owner']));
    }
  });
});
