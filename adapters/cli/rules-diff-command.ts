import { existsSync, readFileSync } from 'node:fs';
import { sameLanguage, type CompiledPack, type Finding } from '../../engine/index.js';
import { diffFindings, type RuleDiff } from '../../rules/backtest/diff-findings.js';
import { compilePack } from '../../rules/compiler/compile-pack.js';
import { loadPack } from '../../rules/compiler/load-pack.js';
import { resolveShippedPack } from '../../rules/packs/shipped-packs.js';
import { analyzeFiles } from '../batch/analyze-files.js';
import { CliError } from './cli-error.js';
import { formatTable } from './format-table.js';
import { gitPackRef } from './git-pack-ref.js';
import { resolvePackRef } from './resolve-pack-ref.js';
import { parseCliArgs } from './parse-cli-args.js';

const USAGE = 'callcoach rules diff <old pack | rev:path> <new pack> --against <calls.jsonl>... [--labels labels.jsonl] [--examples N] [--all] [--json]';

/**
 * `callcoach rules diff`: a backtest of a rule change. Both versions of the pack analyse the same recorded calls on the
 * virtual clock; per rule, +N / −M findings with a few example lines (call, utterance, time, the evidence).
 * The evidence quotes transcripts: it is shown to the author who asked for it and goes nowhere else.
 */
export async function rulesDiffCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(
    'rules diff',
    argv,
    { against: { type: 'string', multiple: true }, labels: { type: 'string' }, examples: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
    USAGE,
  );
  if (positionals.length !== 2) throw new CliError(`rules diff: give the old and the new pack\nusage: ${USAGE}`);
  const against = values.against ?? [];
  if (against.length === 0) throw new CliError(`rules diff: give the recorded calls to backtest on with --against <calls.jsonl>\nusage: ${USAGE}`);
  for (const file of against) if (!existsSync(file)) throw new CliError(`rules diff: ${file}: no such file`);
  const examples = values.examples === undefined ? 3 : Number(values.examples);
  if (!Number.isInteger(examples) || examples < 0) throw new CliError('rules diff: --examples must be a whole number');

  if (values.labels !== undefined && !existsSync(values.labels)) throw new CliError(`rules diff: ${values.labels}: no such file`);
  const labels = values.labels === undefined ? undefined : readLabels(values.labels);
  const [oldPack, newPack] = positionals.map((ref) => compilePack(loadPack(resolvePackRef('rules diff', gitPackRef('rules diff', ref)), resolveShippedPack)).pack) as [CompiledPack, CompiledPack];
  if (!sameLanguage(oldPack.language, newPack.language)) throw new CliError(`rules diff: the packs are for different languages (${oldPack.language}, ${newPack.language})`);
  const [before, after] = [await run(oldPack, against), await run(newPack, against)];
  const diff = diffFindings(oldPack, newPack, before.findings, after.findings);

  if (values.json) {
    process.stdout.write(JSON.stringify({ old: `${oldPack.id}@${oldPack.version}`, new: `${newPack.id}@${newPack.version}`, calls: after.calls, ...diff }, null, 2) + '\n');
    return 0;
  }
  const out = (line = '') => process.stdout.write(line + '\n');
  out(`backtest: ${oldPack.id}@${oldPack.version} → ${newPack.id}@${newPack.version} on ${after.calls} ${oldPack.language} calls (${against.join(', ')})`);
  out();
  const shown = diff.rules.filter((r) => values.all || r.change !== 'unchanged' || r.gained.length + r.lost.length > 0);
  const quiet = diff.rules.length - shown.length;
  if (shown.length > 0) {
    const table = formatTable(
      ['rule', 'change', 'old', 'new', '+', '−'],
      shown.map((r) => [r.ruleId, r.change, r.oldCount, r.newCount, `+${r.gained.length}`, `−${r.lost.length}`]),
    ).split('\n');
    out(table.slice(0, 2).join('\n'));
    const rows = table.slice(2);
    shown.forEach((r, i) => {
      out(rows[i]);
      for (const line of exampleLines(r, examples, labels)) out(`    ${line}`);
    });
  }
  if (quiet > 0) out(`${quiet} rule${quiet === 1 ? '' : 's'} unchanged, no finding moved`);
  out();
  const gained = diff.rules.reduce((n, r) => n + r.gained.length, 0);
  const lost = diff.rules.reduce((n, r) => n + r.lost.length, 0);
  out(`total: ${diff.oldTotal} → ${diff.newTotal} findings (+${gained} −${lost}) in ${diff.callsChanged} of ${after.calls} calls`);
  return 0;
}

async function run(pack: CompiledPack, files: readonly string[]): Promise<{ findings: Finding[]; calls: number }> {
  const findings: Finding[] = [];
  let calls = 0;
  await analyzeFiles(files, {
    packs: [pack],
    onOutput: (o) => {
      if (o.type === 'finding') findings.push(o.finding);
      else if (o.type === 'call.opened' && o.packs.length > 0) calls++;
    },
  });
  return { findings, calls };
}

function exampleLines(rule: RuleDiff, limit: number, labels: Labels | undefined): string[] {
  const lines: string[] = [];
  for (const [sign, list] of [['+', rule.gained], ['−', rule.lost]] as const) {
    if (labels && list.length > 0) {
      const labelled = list.filter((f) => isLabelled(labels, f)).length;
      lines.push(`${sign}${list.length}: ${labelled} labelled violation${labelled === 1 ? '' : 's'}, ${list.length - labelled} not labelled`);
    }
    for (const f of list.slice(0, limit)) lines.push(`${sign} ${describe(f)}${labels ? (isLabelled(labels, f) ? '  [labelled]' : '  [not labelled]') : ''}`);
    if (list.length > limit) lines.push(`${sign} … and ${list.length - limit} more`);
  }
  return lines;
}

/** Labelled violations per call, as in shared/eval-dev/labels.jsonl: {"callId", "violations": [{"category", "utteranceId"?}]}. */
type Labels = ReadonlyMap<string, ReadonlyArray<{ readonly category: string; readonly utteranceId?: string }>>;

function readLabels(file: string): Labels {
  const labels = new Map<string, Array<{ category: string; utteranceId?: string }>>();
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trim() === '') return;
      let record: { callId?: unknown; violations?: unknown };
      try {
        record = JSON.parse(text) as typeof record;
      } catch {
        throw new CliError(`rules diff: ${file}:${i + 1}: not JSON`);
      }
      if (typeof record.callId !== 'string' || !Array.isArray(record.violations)) throw new CliError(`rules diff: ${file}:${i + 1}: a label needs "callId" and "violations": [...]`);
      labels.set(
        record.callId,
        (record.violations as Array<{ category?: unknown; utteranceId?: unknown }>).map((v) => ({ category: String(v.category), ...(typeof v.utteranceId === 'string' ? { utteranceId: v.utteranceId } : {}) })),
      );
    });
  return labels;
}

// A finding is a labelled violation when its call has a violation of its category, on the same utterance where both
// name one (forbidden phrases are labelled per utterance; holds and pace stretches are not always).
function isLabelled(labels: Labels, f: Finding): boolean {
  return (labels.get(f.callId) ?? []).some((v) => v.category === f.category && (v.utteranceId === undefined || f.utteranceId === undefined || v.utteranceId === f.utteranceId));
}

function describe(f: Finding): string {
  const where = `${f.callId}${f.utteranceId ? ` ${f.utteranceId}` : ''} @${(f.atMs / 1000).toFixed(1)}s`;
  return f.evidence.quote !== undefined && f.category === 'forbidden_phrase' ? `${where}  "${f.evidence.quote}"` : `${where}  ${f.evidence.explanation}`;
}
