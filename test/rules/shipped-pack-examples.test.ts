import { describe, expect, it } from '@jest/globals';
import { compilePack } from '../../rules/compiler/compile-pack.js';
import { loadPack } from '../../rules/compiler/load-pack.js';
import { resolveShippedPack, shippedPackIds } from '../../rules/packs/shipped-packs.js';
import { runRuleExamples } from '../../rules/testing/run-rule-examples.js';
import { fixtureFilesOf, runFixtureFile } from '../../rules/testing/run-fixture-file.js';

describe.each(shippedPackIds())('shipped pack %s', (id) => {
  const loaded = loadPack(resolveShippedPack(id) as string, resolveShippedPack);
  const { pack } = compilePack(loaded);

  it('passes every example of every rule', () => {
    const failures = runRuleExamples(
      pack,
      loaded.rules.map((r) => r.rule),
    ).filter((r) => !r.passed);
    expect(failures).toEqual([]);
  });

  it('passes its fixture calls', () => {
    const files = fixtureFilesOf(loaded.file);
    expect(files.length).toBeGreaterThan(0);
    expect(files.flatMap((f) => runFixtureFile(pack, f)).filter((r) => !r.passed)).toEqual([]);
  });

  it('cites a clause of the standard in every rule', () => {
    expect(loaded.rules.filter((r) => !r.rule.cites?.length).map((r) => r.rule.id)).toEqual([]);
  });
});
