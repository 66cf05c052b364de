import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveShippedPack } from '../../../rules/packs/shipped-packs.js';
import { callScript, interleave } from '../../support/call-script.js';
import { runCli } from '../../support/run-cli.js';

// Past calls to backtest on, with labels: two where the agent says 不管我的事 (不关我的事 misheard), one without it.
function pastCalls(): { calls: string; labels: string } {
  const dir = mkdtempSync(join(tmpdir(), 'callcoach-calls-'));
  const opening = '您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？';
  const recorded = [
    callScript('past-1').agent(opening).customer('我的快递还没到。').agent('不管我的事！').end('customer').events,
    callScript('past-2').agent(opening).customer('我要退货。').agent('这个不管我的事，你找快递。').end('customer').events,
    callScript('past-3').agent(opening).customer('我想改地址。').agent('好的，我帮您修改。').end('customer').events,
  ];
  const calls = join(dir, 'calls.jsonl');
  writeFileSync(calls, interleave(...recorded).map((e) => JSON.stringify(e)).join('\n') + '\n');
  const labels = join(dir, 'labels.jsonl');
  const label = (callId: string, utteranceId?: string) => JSON.stringify({ callId, lang: 'zh-CN', violations: utteranceId ? [{ category: 'forbidden_phrase', utteranceId }] : [], hardNegatives: [] });
  writeFileSync(labels, [label('past-1', 'u3'), label('past-2', 'u3'), label('past-3')].join('\n') + '\n');
  return { calls, labels };
}

/** The shipped zh-CN pack copied to a temp folder with one change: the 推诿 rule zh.forbidden.bu_guan_wo switched off. */
function changedPack(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'callcoach-diff-')), 'zh-new');
  cpSync(join(resolveShippedPack('zh-CN-standard') as string, '..'), dir, { recursive: true });
  const pack = join(dir, 'pack.yaml');
  writeFileSync(pack, readFileSync(pack, 'utf8').replace(/^version: .*$/m, 'version: 9.9.9'));
  const forbidden = join(dir, 'forbidden.yaml');
  const text = readFileSync(forbidden, 'utf8');
  expect(text).toContain('  - id: zh.forbidden.bu_guan_wo\n');
  writeFileSync(forbidden, text.replace('  - id: zh.forbidden.bu_guan_wo\n', '  - id: zh.forbidden.bu_guan_wo\n    enabled: false\n'));
  return dir;
}

/** The shipped pack's version as its pack.yaml says, so a version bump does not break the backtest's header check. */
function shippedVersion(): string {
  const header = readFileSync(resolveShippedPack('zh-CN-standard') as string, 'utf8');
  return (/^version: (.*)$/m.exec(header) as RegExpExecArray)[1] as string;
}

describe('callcoach rules diff', () => {
  it('backtests a rule change on past calls: +N / −M per rule with call, utterance and evidence', () => {
    const { calls, labels } = pastCalls();
    const { code, stdout, stderr } = runCli(['rules', 'diff', 'zh-CN-standard', changedPack(), '--against', calls, '--labels', labels]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`backtest: zh-CN-standard@${shippedVersion()} → zh-CN-standard@9.9.9 on 3 zh-CN calls`);
    expect(stdout).toMatch(/zh\.forbidden\.bu_guan_wo\s+removed\s+2\s+0\s+\+0\s+−2/);
    expect(stdout).toMatch(/− past-1 u3 @[\d.]+s {2}"不管我的事" {2}\[labelled\]/);
    expect(stdout).toContain('−2: 2 labelled violations, 0 not labelled');
    expect(stdout).toContain('total: ');
  });

  it('refuses to run without calls to backtest on', () => {
    const { code, stderr } = runCli(['rules', 'diff', 'zh-CN-standard', 'zh-CN-standard']);
    expect(code).toBe(1);
    expect(stderr).toContain('--against');
  });
});
