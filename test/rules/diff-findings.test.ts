import { describe, expect, it } from '@jest/globals';
import { diffFindings } from '../../rules/backtest/diff-findings.js';
import { collectFindings } from '../../rules/testing/collect-findings.js';
import { callScript } from '../support/call-script.js';
import { packFromYaml } from '../support/packs.js';

const pack = (version: string, rules: string) => packFromYaml(`id: p\nversion: ${version}\nlanguage: zh-CN\nrules:\n${rules}`);
const rule = (id: string, match: string) => `  - id: ${id}\n    category: forbidden_phrase\n    kind: phrase\n    nudge: x\n    match: ${match}\n`;

describe('diffFindings', () => {
  const calls = [
    callScript('c1').agent('您好').agent('不关我的事').end().events,
    callScript('c2').agent('您好').agent('不管我的事').agent('没办法').end().events,
  ];
  const run = (p: ReturnType<typeof pack>) => calls.flatMap((events) => collectFindings(p, events));

  it('counts per rule what the new pack gains and loses on the same calls, and how each rule changed', () => {
    const before = pack('1.0.0', rule('buguan', "['不关我的事']") + rule('meifa', "['没办法']") + rule('same', "['谢谢惠顾']"));
    const after = pack('1.1.0', rule('buguan', "['不(关|管)我的事']") + rule('same', "['谢谢惠顾']") + rule('new', "['没办法']"));
    const diff = diffFindings(before, after, run(before), run(after));
    const byId = Object.fromEntries(diff.rules.map((r) => [r.ruleId, r]));
    expect(byId.buguan).toMatchObject({ change: 'changed', oldCount: 1, newCount: 2 });
    expect(byId.buguan?.gained.map((f) => [f.callId, f.utteranceId])).toEqual([['c2', 'u2']]);
    expect(byId.meifa).toMatchObject({ change: 'removed', oldCount: 1, newCount: 0, lost: [expect.objectContaining({ callId: 'c2', utteranceId: 'u3' })] });
    expect(byId.new).toMatchObject({ change: 'added', newCount: 1 });
    expect(byId.same).toMatchObject({ change: 'unchanged', gained: [], lost: [] });
    expect(diff).toMatchObject({ oldTotal: 2, newTotal: 3, callsChanged: 1 });
  });

  it('judges a reworded pattern by what it matches, not by its text', () => {
    const before = pack('1.0.0', rule('r', "['不关我的事', '不归我管']"));
    const after = pack('1.0.1', rule('r', "['不归我管', '不关 我的事！']"));
    expect(diffFindings(before, after, [], []).rules[0]?.change).toBe('unchanged');
  });
});
