import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { BenchContext } from './bench-suite.js';
import { SUITES } from './suites.js';

const USAGE = 'npm run bench -- [suite ...] [--quick] [--corpus DIR] [--out FILE]   suites: ' + SUITES.map((s) => s.name).join(', ');

/**
 * Runs every suite (or those named) in one process and writes benchmarks/RESULTS.md. Peers are measured in the same
 * run as callcoach, so ratios stay meaningful on a noisy machine.
 */
export async function runBenchmarks(argv: readonly string[], root: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { quick: { type: 'boolean', default: false }, corpus: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = positionals.filter((name) => !SUITES.some((s) => s.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown suite ${unknown.join(', ')}\nusage: ${USAGE}\n`);
    return 2;
  }
  const chosen = positionals.length > 0 ? SUITES.filter((s) => positionals.includes(s.name)) : SUITES;
  const context: BenchContext = {
    corpusDir: resolve(values.corpus ?? join(root, '..', 'shared', 'eval-dev')),
    quick: values.quick ?? false,
    log: (message) => process.stderr.write(`bench: ${message}\n`),
  };
  const fresh = new Map<string, string>();
  for (const suite of chosen) {
    context.log(`${suite.name} ...`);
    const t0 = performance.now();
    const body = await suite.run(context);
    fresh.set(suite.name, `## ${suite.title}\n\n_suite \`${suite.name}\`, ${((performance.now() - t0) / 1000).toFixed(1)} s_\n\n${body}`);
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const header =
    '# Benchmark results\n\n' +
    `Written by \`npm run bench\`${values.quick ? ' (quick)' : ''} on Node ${process.version}, ${cpus().length} × ${cpu}. ` +
    'Regenerate rather than edit; what the figures decided is in benchmarks/README.md.\n';
  const out = values.out ?? join(root, 'benchmarks', 'RESULTS.md');
  // Running some suites replaces their sections and keeps every other suite's from the file's earlier runs.
  const kept = positionals.length > 0 && existsSync(out) ? sectionsBySuite(readFileSync(out, 'utf8')) : new Map<string, string>();
  const sections = SUITES.flatMap((suite) => {
    const section = fresh.get(suite.name) ?? kept.get(suite.name);
    return section === undefined ? [] : [section];
  });
  writeFileSync(out, `${header}\n${sections.join('\n\n')}\n`);
  process.stdout.write(`bench: wrote ${out}\n`);
  return 0;
}

/** The sections of a RESULTS.md by the suite that wrote them (each names its suite on its second line). */
function sectionsBySuite(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(/\n(?=## )/).slice(1)) {
    const name = /^_suite `([^`]+)`/m.exec(part)?.[1];
    if (name) out.set(name, part.trimEnd());
  }
  return out;
}
