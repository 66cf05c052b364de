import type { CallEvent } from '../../engine/index.js';
import { mulberry32 } from '../../benchmarks/support/pii-corpus.js';
import { callScript, type CallScript } from './call-script.js';


const ZH = {
  greeting: '您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？',
  badGreeting: '喂。',
  forbidden: ['你问我，我问谁？', '这不归我管。', '我也没办法。'],
  neutral: ['好的，我帮您查一下。', '请您提供一下订单号。', '系统显示已经发货了。', '明白，我马上为您处理。'],
  customer: ['我的快递一直没到。', '订单号是一二三四。', '那什么时候能到？', '好吧，谢谢。', '你们到底管不管！'],
  holdAsk: '请您稍等一下，好吗？',
  holdBack: '让您久等了，非常抱歉。',
  closing: ['请问还有其他可以帮您的吗？', '感谢您的来电，再见！'],
};

const EN = {
  greeting: 'Thank you for calling Star River support, my name is Alex, how can I help you today?',
  badGreeting: 'Yeah.',
  forbidden: ['I already told you that.', 'How many times do I have to say it?'],
  neutral: ['Let me check that for you.', 'Could you give me the order number please?', 'I can see it was shipped yesterday.'],
  customer: ['My parcel has not arrived.', 'The order number is one two three four.', 'When will it arrive?', 'Okay, thanks.'],
  holdAsk: 'May I place you on a brief hold?',
  holdBack: 'Thank you for holding, sorry for the wait.',
  closing: ['Is there anything else I can help you with?', 'Thank you for calling, goodbye!'],
};

/**
 * `count` varied calls (zh-CN and en-US): greetings kept or skipped, forbidden phrases seen first in interim
 * transcripts, holds short and long with or without permission and apology, dead air, closings kept or skipped,
 * hang-ups by either side. Every event has an eventId (the bus de-duplicates producer retries by it).
 */
export function generatedCalls(count: number, prefix: string, seed = 11): CallEvent[][] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const calls: CallEvent[][] = [];
  for (let i = 0; i < count; i++) {
    const english = random() < 0.3;
    const text = english ? EN : ZH;
    const script: CallScript = callScript(`${prefix}-${i}`, english ? 'en-US' : 'zh-CN');
    script.agent(random() < 0.8 ? text.greeting : text.badGreeting);
    const turns = 2 + Math.floor(random() * 5);
    for (let t = 0; t < turns; t++) {
      script.customer(pick(text.customer));
      const roll = random();
      if (roll < 0.2) {
        const phrase = pick(text.forbidden);
        // Seen first in an interim (a provisional nudge), then confirmed by the final.
        script.agent(phrase, { partials: [phrase.slice(0, Math.ceil(phrase.length / 2)), phrase] });
      } else if (roll < 0.3) {
        script.pause(8_000 + Math.floor(random() * 10_000));
        script.agent(pick(text.neutral));
      } else if (roll < 0.42) {
        if (random() < 0.6) script.agent(text.holdAsk);
        script.hold(random() < 0.5 ? 10_000 : 70_000 + Math.floor(random() * 60_000));
        if (random() < 0.6) script.agent(text.holdBack);
      } else {
        script.agent(pick(text.neutral), { partials: random() < 0.3 ? [pick(text.neutral)] : [] });
      }
    }
    if (random() < 0.7) for (const line of text.closing) script.agent(line);
    script.end(random() < 0.3 ? 'agent' : 'customer');
    calls.push(script.events.map((event, n) => ({ ...event, agentId: event.type === 'call.started' ? `agent-${i % 7}` : undefined, eventId: `e${n}` }) as CallEvent).map(stripUndefined));
  }
  return calls;
}

function stripUndefined(event: CallEvent): CallEvent {
  return Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)) as CallEvent;
}
