import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compilePack } from '../../rules/compiler/compile-pack.js';
import { loadPack } from '../../rules/compiler/load-pack.js';
import { lintPack } from '../../rules/lint/lint-pack.js';
import { resolveShippedPack, shippedPacksDir } from '../../rules/packs/shipped-packs.js';
import { fixtureFilesOf, runFixtureFile } from '../../rules/testing/run-fixture-file.js';
import { runRuleExamples } from '../../rules/testing/run-rule-examples.js';

// The worked examples of the author's guide (rules/README.md) must stay clean: authors copy them.
const EXAMPLES = join(shippedPacksDir(), '..', 'examples');
const dirs = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe.each(dirs)('worked example %s', (name) => {
  const dir = join(EXAMPLES, name);

  it('lints without errors or warnings', () => {
    expect(lintPack(dir, resolveShippedPack).problems).toEqual([]);
  });

  it('passes its examples and fixture calls', () => {
    const loaded = loadPack(dir, resolveShippedPack);
    const { pack } = compilePack(loaded);
    expect(runRuleExamples(pack, loaded.rules.map((r) => r.rule)).filter((r) => !r.passed)).toEqual([]);
    expect(fixtureFilesOf(loaded.file).flatMap((f) => runFixtureFile(pack, f)).filter((r) => !r.passed)).toEqual([]);
  });
});
