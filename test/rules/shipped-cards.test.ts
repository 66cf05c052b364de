import { describe, expect, it } from '@jest/globals';
import { callScript } from '../support/call-script.js';
import { shippedPack } from '../support/packs.js';
import { outputsOf, runEngine } from '../support/run-engine.js';

const cases: Array<[language: 'zh-CN' | 'en-US', said: string, card: string | undefined]> = [
  ['zh-CN', '你他妈的有病吧', 'zh.card.abusive'],
  ['zh-CN', '你们都是废物', 'zh.card.abusive'],
  ['zh-CN', '页面可以滚动吗', undefined],
  ['zh-CN', '我电脑没有病毒', undefined],
  ['zh-CN', '我要注销账户', 'zh.card.retention'],
  ['zh-CN', '我不想再用你们家的宽带了', 'zh.card.retention'],
  ['zh-CN', '我想取消这个订单', undefined],
  ['en-US', 'this is fucking ridiculous', 'en.card.abusive'],
  ['en-US', 'I want to cancel my account', 'en.card.cancel'],
  ['en-US', 'I want to cancel my order from yesterday', undefined],
];

describe('shipped script cards', () => {
  it.each(cases)('%s: the customer says "%s" → %s', (language, said, card) => {
    const pack = shippedPack(language === 'zh-CN' ? 'zh-CN-standard' : 'en-US-standard');
    const opening = language === 'zh-CN' ? '您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？' : 'Thank you for calling Acme, my name is Sam, how may I help you?';
    const events = callScript('c', language).agent(opening).customer(said).end('customer').events;
    const cards = outputsOf(runEngine(events, [pack]), 'nudge')
      .filter((n) => n.nudge.kind === 'card' && /card\.(abusive|retention|cancel)/.test(n.nudge.ruleId))
      .map((n) => n.nudge.ruleId);
    expect(cards).toEqual(card ? [card] : []);
  });
});
