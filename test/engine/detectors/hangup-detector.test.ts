import { describe, expect, it } from '@jest/globals';
import { callScript } from '../../support/call-script.js';
import { shippedPack } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const zh = shippedPack('zh-CN-standard');
const opening = '您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？';

describe('hangupDetector', () => {
  it('flags the agent releasing the call', () => {
    const events = callScript('c').agent(opening).customer('我想查一下话费。').agent('请问还有其他可以帮您的吗？').agent('感谢您的来电，再见！').end('agent').events;
    const found = outputsOf(runEngine(events, [zh]), 'finding').map((f) => f.finding);
    expect(found).toEqual([expect.objectContaining({ category: 'agent_hangup_first', ruleId: 'zh.hangup.agent_first', atMs: (events[events.length - 1]?.tMs ?? 0) + 200 })]);
  });

  it('says so when the customer was still talking', () => {
    const script = callScript('c').agent(opening);
    const events = [...script.events, { type: 'utterance.partial' as const, callId: 'c', utteranceId: 'u9', speaker: 'customer' as const, text: '那个我还想问', startMs: 20_000, endMs: 21_000, tMs: 21_000 }, { type: 'call.ended' as const, callId: 'c', tMs: 21_500, endedBy: 'agent' as const }];
    const finding = outputsOf(runEngine(events, [zh]), 'finding').find((f) => f.finding.category === 'agent_hangup_first');
    expect(finding?.finding.evidence.explanation).toContain('still talking');
  });

  it('does not flag the customer or the system ending the call', () => {
    for (const endedBy of ['customer', 'system', 'unknown'] as const) {
      const events = callScript('c').agent(opening).customer('我想查一下话费。').agent('请问还有其他可以帮您的吗？').agent('感谢您的来电，再见！').end(endedBy).events;
      expect(outputsOf(runEngine(events, [zh]), 'finding')).toHaveLength(0);
    }
  });
});
