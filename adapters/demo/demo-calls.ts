import type { CallEvent, Speaker } from '../../engine/index.js';

/** One line of a demo script: who speaks, what, and how long the pause before it is (ms). */
type Line = readonly [Speaker, string, number?];

interface DemoCall {
  readonly callId: string;
  readonly language: string;
  readonly agentId: string;
  readonly lines: readonly Line[];
  readonly holdAfterLine?: { readonly index: number; readonly durationMs: number };
  readonly endedBy: 'agent' | 'customer';
}

// Demo calls written for the Quick start: each shows a few nudges an agent would get on a real call.
const DEMO_CALLS: readonly DemoCall[] = [
  {
    callId: 'demo-zh-1',
    language: 'zh-CN',
    agentId: 'a-1024',
    endedBy: 'agent',
    lines: [
      ['agent', '您好。'],
      ['customer', '我上周买的台灯到现在还没收到，物流一直不更新。'],
      ['agent', '请您报一下订单号。'],
      ['customer', '订单号是八八三四六七二。'],
      ['agent', '我查一下。'],
      ['agent', '查到了，包裹还在转运中心，预计明天送到。', 25_000],
      ['customer', '上次打电话也是这么说的，你们到底什么时候能送到？'],
      ['agent', '你问我，我问谁？系统上就是这么显示的。'],
      ['customer', '你这什么态度，我要找你们领导！'],
      ['agent', '好，就这样吧。'],
    ],
    holdAfterLine: { index: 4, durationMs: 22_000 },
  },
  {
    callId: 'demo-en-1',
    language: 'en-US',
    agentId: 'a-2048',
    endedBy: 'customer',
    lines: [
      ['agent', 'Thanks for calling Northwind Mobile, this is Dana, how can I help you today?'],
      ['customer', 'I was charged twice for my plan this month and nobody has fixed it.'],
      ['agent', "I'm sorry to hear that. Could you give me the account number?"],
      ['customer', "I already gave it to the last agent! This is ridiculous, I want a supervisor."],
      ['agent', 'Calm down, I am looking at it now.'],
      ['customer', 'Fine. It is four four seven one.'],
      ['agent', "Thank you. I can see the double charge and I've requested a refund, it will show up in three to five business days."],
      ['agent', 'Is there anything else I can help you with?'],
      ['customer', 'No, that is all.'],
      ['agent', 'Thank you for calling Northwind Mobile, goodbye.'],
    ],
  },
  {
    callId: 'demo-zh-2',
    language: 'zh-CN',
    agentId: 'a-1025',
    endedBy: 'customer',
    lines: [
      ['agent', '您好，这里是星河客服中心，工号1025为您服务，请问有什么可以帮您？'],
      ['customer', '我想把套餐换成便宜一点的。'],
      ['agent', '好的，我帮您查一下可以办理的套餐，请您稍等片刻好吗？'],
      ['customer', '好的。'],
      ['agent', '很抱歉让您久等了，您可以换成三十九元的套餐，下个月一号生效。', 0],
      ['customer', '行，就换这个。'],
      ['agent', '已经帮您办理好了。请问还有其他可以帮您的吗？'],
      ['customer', '没有了，谢谢。'],
      ['agent', '感谢您的来电，祝您生活愉快，再见！'],
    ],
    holdAfterLine: { index: 3, durationMs: 15_000 },
  },
];

/**
 * The demo calls as protocol v1 events, with interim results and realistic timing. `suffix` makes call ids unique
 * when the demo loops.
 */
export function demoCalls(suffix = ''): CallEvent[][] {
  return DEMO_CALLS.map((call) => scriptEvents(call, suffix));
}

function scriptEvents(call: DemoCall, suffix: string): CallEvent[] {
  const callId = call.callId + suffix;
  const events: CallEvent[] = [{ type: 'call.started', callId, tMs: 0, language: call.language, agentId: call.agentId }];
  let cursor = 1_500;
  call.lines.forEach(([speaker, text, pause], i) => {
    const startMs = cursor + (pause ?? 700);
    const units = call.language.startsWith('zh') ? [...text] : text.split(' ');
    const msPerUnit = call.language.startsWith('zh') ? 420 : 380;
    const endMs = startMs + units.length * msPerUnit;
    const utteranceId = `u${i + 1}`;
    // Interim results as a streaming recogniser sends them: the first soon after speech starts, then every 1.5 s.
    for (let tMs = startMs + 800; tMs < endMs; tMs += 1_500) {
      const cut = Math.max(1, Math.round((units.length * (tMs - startMs)) / (endMs - startMs)));
      const partial = call.language.startsWith('zh') ? units.slice(0, cut).join('') : units.slice(0, cut).join(' ');
      events.push({ type: 'utterance.partial', callId, utteranceId, speaker, text: partial.replace(/[，。？！,.?!]+$/, ''), startMs, endMs: tMs, tMs });
    }
    events.push({ type: 'utterance.final', callId, utteranceId, speaker, text, startMs, endMs, tMs: endMs + 250 });
    cursor = endMs + 250;
    if (call.holdAfterLine?.index === i) {
      events.push({ type: 'hold.started', callId, tMs: cursor + 300 });
      cursor += 300 + call.holdAfterLine.durationMs;
      events.push({ type: 'hold.ended', callId, tMs: cursor });
    }
  });
  events.push({ type: 'call.ended', callId, tMs: cursor + 1_500, endedBy: call.endedBy });
  return events;
}
