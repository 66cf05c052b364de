import { describe, expect, it } from '@jest/globals';
import type { CallEvent, EngineOutput } from '../../../engine/index.js';
import { callScript, type CallScript } from '../../support/call-script.js';
import { packFromYaml, shippedPack } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const pack = packFromYaml(`
id: test-surname
version: 1.0.0
language: zh-CN
rules:
  - id: t.surname
    category: surname_unused
    kind: surname
    given: ['(我|免贵)姓']
    address: ['{surname}(先生|女士)']
    compound: [欧阳]
    minUses: 2
    remindAfterTurns: 2
    remind: { title: 请称呼客户, text: '{surname}先生/女士' }
`);

const run = (events: CallEvent[], packs = [pack]) => runEngine(events, packs);
const findings = (outputs: EngineOutput[]) => outputsOf(outputs, 'finding').map((f) => f.finding).filter((f) => f.category === 'surname_unused');
const cards = (outputs: EngineOutput[]) => outputsOf(outputs, 'nudge').filter((n) => n.nudge.kind === 'card').map((n) => n.nudge.text);

function afterName(name: string, agentLines: string[]): CallScript {
  const script = callScript('c').agent('您好，请问您贵姓？', { at: 1_000 }).customer(name, { partials: ['免贵', '免贵姓'] });
  for (const line of agentLines) script.agent(line);
  return script;
}

describe('surnameDetector', () => {
  it('asks nothing when no surname is given, or the call has no speech', () => {
    expect(findings(run(callScript('c').agent('您好。').customer('我想查话费。').agent('好的。').agent('好的。').end().events))).toEqual([]);
    expect(findings(run(callScript('c').pause(5_000).end().events))).toEqual([]);
  });

  it('passes an agent who addresses the customer by surname twice', () => {
    expect(findings(run(afterName('免贵姓王。', ['好的王先生，我帮您查。', '王先生，已经查到了。', '还有其他问题吗？']).end().events))).toEqual([]);
  });

  it('flags fewer uses than required at the end of the call, keeping the surname out of the explanation', () => {
    const outputs = run(afterName('免贵姓王。', ['好的王先生，我帮您查。', '已经查到了。', '还有其他问题吗？']).end().events);
    const [finding] = findings(outputs);
    expect(finding).toMatchObject({ utteranceId: 'u2', evidence: { observed: 1, limit: 2, unit: 'uses', quote: '免贵姓王。' } });
    expect(finding?.evidence.explanation).not.toContain('王');
  });

  it('reminds the agent with a card after the set number of turns without the surname, once', () => {
    const outputs = run(afterName('我姓欧阳。', ['好的，我帮您查。', '已经查到了。', '还有其他问题吗？', '好的。']).end().events);
    expect(cards(outputs)).toEqual(['欧阳先生/女士']);
  });

  it('reads the surname from the final only: an interim "免贵姓" names nobody', () => {
    const outputs = run(afterName('免贵姓李。', ['李女士您好。', '李女士，查到了。']).end().events);
    expect(findings(outputs)).toEqual([]);
  });

  it('does not blame an agent who had fewer turns left than the uses required', () => {
    expect(findings(run(afterName('我姓张。', ['好的。']).end().events))).toEqual([]);
  });

  it('reads English names and titles', () => {
    const en = shippedPack('en-US-standard');
    const events = callScript('c', 'en-US')
      .agent('Thank you for calling Acme, my name is Sam, how may I help you?', { at: 1_000 })
      .customer('Hi, my name is John Smith and I am calling about my bill.')
      .agent('Thank you Mr. Smith, let me check.')
      .agent('Okay Mr Smith, I can see the charge.')
      .agent('Is there anything else I can help you with?')
      .end().events;
    expect(findings(run(events, [en]))).toEqual([]);
  });
});
