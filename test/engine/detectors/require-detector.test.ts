import { describe, expect, it } from '@jest/globals';
import { callScript } from '../../support/call-script.js';
import { packFromYaml, shippedPack } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const zh = shippedPack('zh-CN-standard');
const en = shippedPack('en-US-standard');
const categories = (outputs: ReturnType<typeof runEngine>) => outputsOf(outputs, 'finding').map((f) => f.finding.ruleId).sort();

describe('requireDetector', () => {
  it('passes a full greeting and closing', () => {
    const events = callScript('c')
      .customer('喂？')
      .agent('您好，欢迎致电华信通信客服热线，七零九六号客服为您服务，请问有什么可以帮您？')
      .agent('请问还有其他可以帮您的吗？')
      .agent('感谢您的来电，再见！')
      .end('customer').events;
    expect(categories(runEngine(events, [zh]))).toEqual([]);
  });

  it('flags an opening without company, id or offer, at the end of the first agent turn', () => {
    const events = callScript('c').agent('嗯，您好。').agent('请问还有其他可以帮您的吗？').agent('感谢您的来电，再见！').end().events;
    const outputs = runEngine(events, [zh]);
    const [finding] = outputsOf(outputs, 'finding');
    expect(finding?.finding).toMatchObject({ ruleId: 'zh.opening.greeting', category: 'greeting_missing', utteranceId: 'u1' });
    expect(finding?.finding.evidence.explanation).toContain('公司名称或工号');
    const firstFinal = events.find((e) => e.type === 'utterance.final');
    expect(finding?.finding.atMs).toBe((firstFinal?.tMs ?? 0) + 200);
    expect(outputsOf(outputs, 'nudge')[0]?.nudge.category).toBe('greeting_missing');
  });

  it('with atLeast, passes an opening that says enough of the groups and flags one that says fewer', () => {
    const pack = packFromYaml(`id: p\nversion: 1.0.0\nlanguage: zh-CN\nrules:\n  - id: open\n    category: greeting_missing\n    kind: require\n    nudge: '{observed}/{limit}'\n    window: { firstTurns: 1 }\n    atLeast: 2\n    groups:\n      greeting: { label: 问候, match: [您好] }\n      identity: { label: 工号, match: [工号] }\n      offer: { label: 询问需求, match: [有什么可以帮您] }\n`);
    const run = (text: string) => outputsOf(runEngine(callScript('c').agent(text).end('customer').events, [pack]), 'finding').map((f) => f.finding);
    expect(run('您好，工号1024为您服务。')).toEqual([]);
    const [finding] = run('您好。');
    expect(finding?.evidence).toMatchObject({ observed: 1, limit: 3 });
    expect(finding?.evidence.explanation).toContain('工号 and 询问需求');
  });

  it('flags a call where the agent never spoke', () => {
    const events = callScript('c').customer('喂？有人吗？').end('customer').events;
    expect(categories(runEngine(events, [zh]))).toEqual(['zh.closing.anything_else', 'zh.closing.farewell', 'zh.opening.greeting', 'zh.opening.prompt']);
  });

  it('judges the closing on the last three agent turns only', () => {
    const events = callScript('c', 'en-US')
      .agent('Thank you for calling Acme, my name is Sam, how may I help you?')
      .agent('Is there anything else I can help you with?')
      .agent('Okay, I will add that to the notes.')
      .agent('So the technician will call you first, correct?')
      .agent('Alright, that is it then.')
      .end('customer').events;
    expect(categories(runEngine(events, [en]))).toEqual(['en.closing.anything_else', 'en.closing.farewell']);
  });
});
