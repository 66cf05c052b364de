import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { FINDING_CATEGORIES, formatIngestError, type EngineOutput, type Finding, type IngestError } from '../../engine/index.js';
import { analyzeFiles } from '../batch/analyze-files.js';
import { loadPacks } from '../packs/load-packs.js';
import { CliError } from './cli-error.js';
import { formatTable } from './format-table.js';
import { parseCliArgs } from './parse-cli-args.js';
import { createProgressBar } from './progress-bar.js';

const USAGE = 'callcoach analyze <events.jsonl>... [--pack id|path]... [--findings out.jsonl] [--nudges out.jsonl] [--reorder-window-ms N]';
const MAX_ERRORS_SHOWN = 20;

/** `callcoach analyze`: batch on the virtual clock; findings to a JSONL file; a summary table at the end. */
export async function analyzeCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(
    'analyze',
    argv,
    {
      pack: { type: 'string', multiple: true },
      findings: { type: 'string' },
      nudges: { type: 'string' },
      'reorder-window-ms': { type: 'string' },
      quiet: { type: 'boolean' },
    },
    USAGE,
  );
  if (positionals.length === 0) throw new CliError(`analyze: give at least one events file\nusage: ${USAGE}`);
  for (const file of positionals) if (!existsSync(file)) throw new CliError(`analyze: ${file}: no such file`);
  const reorderWindowMs = values['reorder-window-ms'] === undefined ? undefined : Number(values['reorder-window-ms']);
  if (reorderWindowMs !== undefined && !(Number.isInteger(reorderWindowMs) && reorderWindowMs >= 0)) {
    throw new CliError('analyze: --reorder-window-ms must be a whole number of milliseconds');
  }

  const { packs } = loadPacks(values.pack ?? []);
  const findingsOut = values.findings ? createWriteStream(values.findings) : undefined;
  const nudgesOut = values.nudges ? createWriteStream(values.nudges) : undefined;
  const findings: Finding[] = [];
  const errors: IngestError[] = [];
  let warningsCount = 0;
  const progress = createProgressBar();

  const summary = await analyzeFiles(positionals, {
    packs,
    ...(reorderWindowMs !== undefined ? { engine: { reorderWindowMs } } : {}),
    onProgress: (done, total) => progress.update(done, total),
    onOutput: (output: EngineOutput) => {
      if (output.type === 'finding') {
        findings.push(output.finding);
        findingsOut?.write(JSON.stringify(output.finding) + '\n');
      } else if (output.type === 'nudge' || output.type === 'nudge.retracted') {
        nudgesOut?.write(JSON.stringify(output) + '\n');
      } else if (output.type === 'rejected') {
        if (output.error.severity === 'error') errors.push(output.error);
        else warningsCount++;
      } else if (output.type === 'fault') {
        process.stderr.write(`fault: ${output.fault.code}: ${output.fault.message}\n`);
      }
    },
  });
  progress.finish();
  await Promise.all([close(findingsOut), close(nudgesOut)]);

  if (!values.quiet) {
    const byCategory = new Map<string, Set<string>>();
    const counts = new Map<string, number>();
    for (const f of findings) {
      counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
      if (!byCategory.has(f.category)) byCategory.set(f.category, new Set());
      byCategory.get(f.category)?.add(f.callId);
    }
    const rows = FINDING_CATEGORIES.filter((c) => counts.has(c)).map((c) => [c, counts.get(c) ?? 0, byCategory.get(c)?.size ?? 0]);
    process.stdout.write(`\n${formatTable(['category', 'findings', 'calls'], rows)}\n\n`);
    process.stdout.write(
      `${summary.calls} calls, ${summary.events} events, ${findings.length} findings` +
        `${values.findings ? ` written to ${values.findings}` : ''}; packs: ${packs.map((p) => `${p.id}@${p.version}`).join(', ')}\n`,
    );
    if (warningsCount > 0) process.stdout.write(`${warningsCount} event(s) dropped with a warning (duplicates, no pack for the language)\n`);
  }
  if (errors.length > 0) {
    process.stderr.write(`\n${errors.length} event(s) rejected:\n`);
    for (const e of errors.slice(0, MAX_ERRORS_SHOWN)) process.stderr.write(`  ${formatIngestError(e)}\n`);
    if (errors.length > MAX_ERRORS_SHOWN) process.stderr.write(`  … and ${errors.length - MAX_ERRORS_SHOWN} more\n`);
    return 1;
  }
  return 0;
}

function close(stream: WriteStream | undefined): Promise<void> {
  return new Promise((resolve) => (stream ? stream.end(resolve) : resolve()));
}
