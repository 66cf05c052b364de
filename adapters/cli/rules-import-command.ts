import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Document } from 'yaml';
import { compilePack } from '../../rules/compiler/compile-pack.js';
import { loadPack } from '../../rules/compiler/load-pack.js';
import { PackError } from '../../rules/compiler/pack-problem.js';
import { importContactLensRules } from '../../rules/import/import-contact-lens.js';
import type { ImportResult } from '../../rules/import/import-note.js';
import { importScaRules } from '../../rules/import/import-sca.js';
import { resolveShippedPack } from '../../rules/packs/shipped-packs.js';
import { CliError } from './cli-error.js';
import { formatProblemHere } from './format-problem-here.js';
import { parseCliArgs } from './parse-cli-args.js';

const USAGE = 'callcoach rules import --from sca|contact-lens <rules.json> [--out pack.yaml] [--id pack-id] [--language zh-CN|en-US|…] [--strict]';

const IMPORTERS = {
  sca: { run: importScaRules, language: 'zh-CN', product: 'Alibaba Cloud SCA' },
  'contact-lens': { run: importContactLensRules, language: 'en-US', product: 'Amazon Connect Contact Lens' },
} as const;

/**
 * `callcoach rules import`: converts another product's rules into a pack (YAML for rules/schema), compiles it with
 * the pack compiler to prove it loads, writes it (stdout without --out) and reports on stderr every construct it
 * could not map or only approximated. Exit 1 when the file cannot be read or the pack does not compile, or with
 * --strict when anything was not mapped.
 */
export async function rulesImportCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCliArgs('rules import', argv, { from: { type: 'string' }, out: { type: 'string' }, id: { type: 'string' }, language: { type: 'string' }, strict: { type: 'boolean' } }, USAGE);
  const from = values.from as keyof typeof IMPORTERS | undefined;
  if (!from || !(from in IMPORTERS)) throw new CliError(`rules import: --from must be sca or contact-lens\nusage: ${USAGE}`);
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new CliError(`rules import: give exactly one rules file\nusage: ${USAGE}`);
  if (!existsSync(file)) throw new CliError(`rules import: ${file}: no such file`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(`rules import: ${file}: not JSON (${(err as Error).message})`);
  }
  const importer = IMPORTERS[from];
  const packId = values.id ?? `imported-${basename(file, extname(file)).replace(/[^A-Za-z0-9._-]+/g, '-')}`;
  let result: ImportResult;
  try {
    result = importer.run(raw, { packId, language: values.language ?? importer.language, file: basename(file) });
  } catch (err) {
    throw new CliError(`rules import: ${(err as Error).message}`);
  }
  const yaml = packYaml(result, importer.product);
  const problems = compileProblems(yaml, values.out);
  const err = (line: string) => process.stderr.write(line + '\n');
  for (const n of result.notes) err(`${n.outcome === 'unmapped' ? '✗ not mapped' : '~ approximated'}: ${n.where}: ${n.construct} — ${n.detail}`);
  if (problems.length > 0) {
    err('✗ the imported pack does not compile:');
    for (const p of problems) err(`    ${p}`);
    return 1;
  }
  if (values.out) writeFileSync(values.out, yaml);
  else process.stdout.write(yaml);
  const unmapped = result.notes.filter((n) => n.outcome === 'unmapped').length;
  const approximated = result.notes.length - unmapped;
  err(`imported ${result.pack.rules.length} rule(s) from ${importer.product} into ${packId}${values.out ? ` (${values.out})` : ''}: ${unmapped} construct(s) not mapped, ${approximated} approximated; the pack compiles`);
  return values.strict && unmapped > 0 ? 1 : 0;
}

/** The pack as YAML, headed by a comment that says where it came from and what did not come along. */
function packYaml(result: ImportResult, product: string): string {
  const doc = new Document(result.pack);
  const unmapped = result.notes.filter((n) => n.outcome === 'unmapped');
  doc.commentBefore = [
    ` Imported from ${product} by callcoach rules import; review before use.`,
    ...(unmapped.length ? [` Not mapped (${unmapped.length}):`, ...unmapped.map((n) => `   ${n.where}: ${n.construct}`)] : []),
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** Compiles the YAML where it will live (or in a scratch folder) and returns the problems, formatted. */
function compileProblems(yaml: string, out: string | undefined): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'callcoach-import-'));
  const file = join(dir, out ? basename(out) : 'pack.yaml');
  try {
    writeFileSync(file, yaml);
    compilePack(loadPack(file, resolveShippedPack));
    return [];
  } catch (err) {
    if (err instanceof PackError) return err.problems.map((p) => formatProblemHere(p));
    throw err;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
