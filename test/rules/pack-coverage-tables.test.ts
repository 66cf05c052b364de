import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPack } from '../../rules/compiler/load-pack.js';
import { resolveShippedPack, shippedPackIds } from '../../rules/packs/shipped-packs.js';

// Each shipped pack's README maps the seeds' clauses to rule ids: the ids it names must exist and every rule must be
// there, so the table cannot rot.
describe.each(shippedPackIds())('the coverage table of %s', (id) => {
  const file = resolveShippedPack(id) as string;
  const readme = readFileSync(join(file, '..', 'README.md'), 'utf8');
  const ids = new Set(loadPack(file, resolveShippedPack).rules.map((r) => r.rule.id));

  it('names only rules that exist in the pack', () => {
    const named = [...readme.matchAll(/`((?:zh|en)\.[A-Za-z0-9._-]+)`/g)].map((m) => m[1] as string);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => !ids.has(n))).toEqual([]);
  });

  it('lists every rule of the pack', () => {
    const named = new Set([...readme.matchAll(/`((?:zh|en)\.[A-Za-z0-9._-]+)`/g)].map((m) => m[1] as string));
    expect([...ids].filter((id) => !named.has(id))).toEqual([]);
  });
});
