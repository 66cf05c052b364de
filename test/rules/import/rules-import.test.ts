import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompiledPack } from '../../../engine/index.js';
import { compilePack } from '../../../rules/compiler/compile-pack.js';
import { loadPack } from '../../../rules/compiler/load-pack.js';
import { importScaRules } from '../../../rules/import/import-sca.js';
import { resolveShippedPack } from '../../../rules/packs/shipped-packs.js';
import { collectFindings } from '../../../rules/testing/collect-findings.js';
import { callScript, type CallScript } from '../../support/call-script.js';
import { REPO_ROOT, runCli } from '../../support/run-cli.js';

const SAMPLES = join(REPO_ROOT, 'rules', 'import', 'samples');

/** Runs the command as a user would, compiles the pack it wrote, and returns both with the report. */
function importPack(from: 'sca' | 'contact-lens', sample: string): { pack: CompiledPack; yaml: string; report: string; code: number } {
  const out = join(mkdtempSync(join(tmpdir(), 'callcoach-import-')), 'imported.yaml');
  const result = runCli(['rules', 'import', '--from', from, join(SAMPLES, sample), '--out', out]);
  expect(result.code).toBe(0);
  const yaml = readFileSync(out, 'utf8');
  return { pack: compilePack(loadPack(out, resolveShippedPack)).pack, yaml, report: result.stderr, code: result.code };
}

const fired = (pack: CompiledPack, script: CallScript) => new Set(collectFindings(pack, script.end('customer').events).map((f) => f.ruleId));

describe('callcoach rules import --from sca', () => {
  const { pack, report } = importPack('sca', 'sca-rules.json');

  it('reports every construct it cannot map, naming the rule, condition and operator', () => {
    expect(report).toContain('✗ not mapped: rule 109 "重复话术" condition 9 operator 1: ADVANCED_REPEAT_DETECT');
    expect(report).toContain('✗ not mapped: rule 112 "泄露身份信息" condition 13 operator 1: NER_MODEL');
    expect(report).toContain('✗ not mapped: rule 113 "拒绝退款" condition 14: operator lambda "1&&2"');
    expect(report).toContain('✗ not mapped: rule 114 "语速且静音": lambda term of "6&&7"');
    expect(report).toContain('~ approximated: rule 105 "推诿客户" condition 5 operator 1: SIMILAR_MATCH score 85');
    expect(report).toContain('imported 10 rule(s) from Alibaba Cloud SCA into imported-sca-rules');
    expect(pack.rules.map((r) => r.id).sort()).toEqual(['sca.101', 'sca.102', 'sca.103', 'sca.104', 'sca.105', 'sca.106', 'sca.107', 'sca.108', 'sca.110', 'sca.111']);
  });

  it('keyword, regex (with its exclusion) and similar-phrase conditions fire on the agent’s words only', () => {
    expect(fired(pack, callScript('k1').agent('您好，这个事情不归我管。'))).toContain('sca.101');
    expect(fired(pack, callScript('k2').customer('这个事情不归我管吗？').agent('您好，我来帮您查一下。'))).not.toContain('sca.101');
    expect(fired(pack, callScript('r1').agent('您好，我保证您能赚钱。'))).toContain('sca.104');
    expect(fired(pack, callScript('r2').agent('您好，理财产品我们不保证收益。'))).not.toContain('sca.104');
    // Similarity is approximated by sound-alike matching: a recogniser's homophone (觉 for 决) still matches.
    expect(fired(pack, callScript('s1').agent('这个问题我解觉不了你找别人吧。'))).toContain('sca.105');
    expect(fired(pack, callScript('s2').agent('您好，这个问题我马上帮您解决。'))).not.toContain('sca.105');
  });

  it('absence checks become windows: greeting in the first two turns, closing in the last two, an apology after a complaint', () => {
    expect(fired(pack, callScript('g1').agent('请问有什么事？').agent('请讲。'))).toContain('sca.102');
    expect(fired(pack, callScript('g2').agent('您好，请问有什么可以帮您？'))).not.toContain('sca.102');
    expect(fired(pack, callScript('c1').agent('您好。').customer('好的。').agent('嗯。'))).toContain('sca.103');
    expect(fired(pack, callScript('c2').agent('您好。').customer('好的谢谢。').agent('祝您生活愉快，再见。'))).not.toContain('sca.103');
    expect(fired(pack, callScript('a1').agent('您好。').customer('你们服务太差了，我要投诉。').agent('您说的情况我记下了。').agent('还有别的吗？'))).toContain('sca.111');
    expect(fired(pack, callScript('a2').agent('您好。').customer('你们服务太差了，我要投诉。').agent('非常抱歉给您带来不便。'))).not.toContain('sca.111');
    // "Contains none" of the follow-up question, positively: the whole call is checked for it.
    expect(fired(pack, callScript('n1').agent('您好。').agent('再见。'))).toContain('sca.110');
    expect(fired(pack, callScript('n2').agent('您好。').agent('请问还有什么可以帮您？'))).not.toContain('sca.110');
  });

  it('speech checks keep their limits and roles: 语速 chars/min, 静音 ms, 抢话 overlap by the agent', () => {
    const fast = callScript('p1');
    for (let i = 0; i < 10; i++) fast.agent('我们这边给您详细介绍一下这款产品的各项功能和具体的使用方法还有注意事项', { at: 1_000 + i * 5_000, durationMs: 4_800 });
    expect(fired(pack, fast)).toContain('sca.106');
    const calm = callScript('p2');
    for (let i = 0; i < 10; i++) calm.agent('我给您介绍一下这款产品', { at: 1_000 + i * 5_000, durationMs: 4_800 });
    expect(fired(pack, calm)).not.toContain('sca.106');
    expect(fired(pack, callScript('q1').agent('您好。').pause(20_000).agent('您还在吗？'))).toContain('sca.107');
    expect(fired(pack, callScript('q2').agent('您好。').pause(8_000).agent('您还在吗？'))).not.toContain('sca.107');
    const overlap = callScript('i1').agent('您好。').customer('我想问一下我的账单为什么这么高', { at: 3_000, durationMs: 5_000 }).agent('这个您要自己看', { at: 5_000, durationMs: 2_000 });
    expect(fired(pack, overlap)).toContain('sca.108');
    const polite = callScript('i2').agent('您好。').customer('我想问一下我的账单为什么这么高', { at: 3_000, durationMs: 5_000 }).agent('我来帮您查一下', { at: 8_500, durationMs: 2_000 });
    expect(fired(pack, polite)).not.toContain('sca.108');
  });

  it('refuses a file that is not an SCA rule configuration, saying what is missing', () => {
    expect(() => importScaRules({ rules: [] }, { packId: 'x', language: 'zh-CN', file: 'bad.json' })).toThrow('bad.json: not an SCA rule configuration: conditions');
    const dir = mkdtempSync(join(tmpdir(), 'callcoach-import-'));
    writeFileSync(join(dir, 'broken.json'), '{"rules": [');
    const result = runCli(['rules', 'import', '--from', 'sca', join(dir, 'broken.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('broken.json: not JSON');
    expect(runCli(['rules', 'import', '--from', 'genesys', join(dir, 'broken.json')]).stderr).toContain('--from must be sca or contact-lens');
  });

  it('exits 1 under --strict when anything was not mapped, and writes the pack to stdout without --out', () => {
    const strict = runCli(['rules', 'import', '--from', 'sca', join(SAMPLES, 'sca-rules.json'), '--strict', '--id', 'sca-strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('id: sca-strict');
  });
});

describe('callcoach rules import --from contact-lens', () => {
  const { pack, report, yaml } = importPack('contact-lens', 'contact-lens-rules.json');

  it('reports actions, non-transcript conditions and pattern matches as not mapped', () => {
    for (const line of [
      'rule "Customer wants to cancel": action GENERATE_EVENTBRIDGE_EVENT',
      'rule "Agent dismissive language": condition $.ContactLens.PostCall.Queue.QueueId — not a transcript condition: dropped',
      'rule "Long silences": condition $.ContactLens.PostCall.Agent.NonTalkTimePct — no callcoach detector checks this',
      'rule "Card number said": PatternMatch transcript condition',
    ]) expect(report).toContain(`✗ not mapped: ${line}`);
    expect(report).toContain('~ approximated: rule "Refund request": SemanticMatch');
    expect(yaml).toContain('# Not mapped (6):');
  });

  it('maps words-or-phrases conditions by participant, Negate to a required phrase, and an OR rule to one rule per operand', () => {
    // The draft rule is in the pack but switched off (the compiled pack holds the enabled ones).
    expect(pack.rules.map((r) => r.id).sort()).toEqual(['cl.agent_dismissive_language', 'cl.customer_wants_to_cancel', 'cl.escalation_language.1', 'cl.escalation_language.2', 'cl.greeting_missing', 'cl.refund_request']);
    const said = (script: CallScript) => fired(pack, script);
    expect(said(callScript('d1', 'en-US').agent('Thank you for calling. Honestly that is not my problem.'))).toContain('cl.agent_dismissive_language');
    expect(said(callScript('d2', 'en-US').agent('Thank you for calling.').customer('That is not my problem.'))).not.toContain('cl.agent_dismissive_language');
    expect(said(callScript('x1', 'en-US').agent('Thank you for calling.').customer('I want to cancel my account today.'))).toContain('cl.customer_wants_to_cancel');
    expect(said(callScript('e1', 'en-US').agent('Thank you for calling.').customer('Let me speak to your manager.'))).toContain('cl.escalation_language.1');
    expect(said(callScript('e2', 'en-US').agent('Thank you for calling. There is nothing I can do.'))).toContain('cl.escalation_language.2');
    // The greeting must come within the first 15 s (PostCallContactPeriodSeconds First 15).
    expect(said(callScript('g1', 'en-US').agent('Hi, what do you need?'))).toContain('cl.greeting_missing');
    expect(said(callScript('g2', 'en-US').agent('Thanks for calling Acme, how can I help?'))).not.toContain('cl.greeting_missing');
    expect(said(callScript('g3', 'en-US').agent('Hello.').pause(20_000).agent('Thank you for calling.'))).toContain('cl.greeting_missing');
  });

  it('imports a draft rule switched off, and semantic matches as fuzzy phrases', () => {
    expect(yaml).toMatch(/id: cl\.closing_missing[\s\S]*?enabled: false/);
    expect(fired(pack, callScript('m1', 'en-US').agent('Thank you for calling.').customer('I want my money back.'))).toContain('cl.refund_request');
  });
});

describe('parseScaLambda', () => {
  it('reads &&, ||, ! and parentheses with && binding tighter, and names what it cannot read', async () => {
    const { parseScaLambda } = await import('../../../rules/import/sca-lambda.js');
    expect(parseScaLambda('1&&2||!3')).toEqual({ kind: 'or', of: [{ kind: 'and', of: [{ kind: 'ref', id: '1' }, { kind: 'ref', id: '2' }] }, { kind: 'not', of: { kind: 'ref', id: '3' } }] });
    expect(parseScaLambda(' ( 1 || 2 ) && 3 ')).toEqual({ kind: 'and', of: [{ kind: 'or', of: [{ kind: 'ref', id: '1' }, { kind: 'ref', id: '2' }] }, { kind: 'ref', id: '3' }] });
    expect(() => parseScaLambda('1&&')).toThrow('cannot read the logic "1&&": it ends too early');
    expect(() => parseScaLambda('(1||2')).toThrow('a "(" is not closed');
    expect(() => parseScaLambda('1 and 2')).toThrow('unexpected "a"');
  });
});

describe('literalPattern', () => {
  it('escapes what the pattern language would read as syntax, so other products’ phrases match literally', async () => {
    const { literalPattern } = await import('../../../rules/import/literal-pattern.js');
    const { expandPattern } = await import('../../../engine/index.js');
    const phrase = 'is (this) ok? [yes|no] {x} ... $5 ^_^';
    const variants = expandPattern(literalPattern(phrase));
    expect(variants).toHaveLength(1);
    expect(variants[0]?.parts).toEqual([{ kind: 'text', text: phrase }]);
  });
});
