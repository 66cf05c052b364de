import type { CallEvent, FindingCategory } from '../../engine/index.js';

/** One hand-written probe sentence (benchmarks/phrasings/*.jsonl). */
export interface ProbeSentence {
  readonly lang: 'zh-CN' | 'en-US';
  readonly set: ProbeSet;
  readonly text: string;
  readonly note?: string;
}

/** What a probe sentence is: where it goes in its call, and whether the rule it tests should fire. */
export type ProbeSet =
  | 'forbidden'
  | 'innocent'
  | 'greeting_ok'
  | 'greeting_bad'
  | 'closing_ok'
  | 'closing_bad'
  | 'hold_ask'
  | 'hold_noask'
  | 'hold_thanks'
  | 'hold_nothanks';

/** The category each set tests, and whether a finding of it is expected. */
export const PROBE_EXPECTATIONS: Readonly<Record<ProbeSet, { readonly category: FindingCategory; readonly flagged: boolean }>> = {
  forbidden: { category: 'forbidden_phrase', flagged: true },
  innocent: { category: 'forbidden_phrase', flagged: false },
  greeting_ok: { category: 'greeting_missing', flagged: false },
  greeting_bad: { category: 'greeting_missing', flagged: true },
  closing_ok: { category: 'closing_missing', flagged: false },
  closing_bad: { category: 'closing_missing', flagged: true },
  hold_ask: { category: 'hold_without_permission', flagged: false },
  hold_noask: { category: 'hold_without_permission', flagged: true },
  hold_thanks: { category: 'hold_no_apology', flagged: false },
  hold_nothanks: { category: 'hold_no_apology', flagged: true },
};

// The compliant lines around the probe: a full greeting, a customer turn, a permitted hold with thanks, a closing.
const LINES = {
  'zh-CN': {
    greeting: '您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？',
    closing: '请问还有其他可以帮您的吗？感谢您的来电，再见！',
    customer: ['你好，我想问一下我的订单。', '好的。', '嗯，没有了，谢谢。'],
    ask: '我帮您查询一下，请您稍等片刻好吗？',
    thanks: '很抱歉，让您久等了，我查到了。',
    neutral: '您的订单已经发货了，预计明天送到。',
  },
  'en-US': {
    greeting: 'Thank you for calling Acme, my name is Sam, how may I help you?',
    closing: 'Is there anything else I can help you with? Thank you for calling, goodbye.',
    customer: ['Hi, I have a question about my order.', 'Okay.', 'No, that is all, thanks.'],
    ask: 'May I place you on a brief hold while I check?',
    thanks: 'Thank you for holding, I found it.',
    neutral: 'Your order has shipped and should arrive tomorrow.',
  },
} as const;

/** A probe's call, and the utterance the probe sentence is. */
export interface ProbeCall {
  readonly events: readonly CallEvent[];
  readonly probeUtteranceId: string;
}

/**
 * Builds a compliant call around one probe sentence, so only the rule the probe tests can fire: the sentence is the
 * agent's first turn (greetings), last turn (closings), the turn before a 30 s hold (wait requests), the first turn
 * after it (thanks for waiting), or a turn mid-call (forbidden and innocent sentences). Speech runs at an ordinary
 * pace, with one interim result per utterance.
 */
export function probeCall(callId: string, probe: ProbeSentence): ProbeCall {
  const lines = LINES[probe.lang];
  const msPerChar = probe.lang === 'zh-CN' ? 460 : 85;
  const events: CallEvent[] = [{ type: 'call.started', callId, tMs: 0, agentId: 'probe', language: probe.lang }];
  let nowMs = 0;
  let count = 0;
  let probeUtteranceId = '';
  const say = (speaker: 'agent' | 'customer', text: string, isProbe = false): void => {
    const startMs = nowMs + 400;
    const lengthMs = Math.max(800, Math.round(text.length * msPerChar));
    const utteranceId = `u${++count}`;
    const half = text.slice(0, Math.ceil(text.length / 2));
    const midMs = startMs + Math.round(lengthMs / 2);
    events.push({ type: 'utterance.partial', callId, utteranceId, speaker, text: half, startMs, endMs: midMs, tMs: midMs + 100 });
    events.push({ type: 'utterance.final', callId, utteranceId, speaker, text, startMs, endMs: startMs + lengthMs, tMs: startMs + lengthMs + 300 });
    nowMs = startMs + lengthMs + 600;
    if (isProbe) probeUtteranceId = utteranceId;
  };
  const hold = (): void => {
    nowMs += 500;
    events.push({ type: 'hold.started', callId, tMs: nowMs });
    nowMs += 30_000;
    events.push({ type: 'hold.ended', callId, tMs: nowMs });
  };
  const set = probe.set;
  say('agent', set === 'greeting_ok' || set === 'greeting_bad' ? probe.text : lines.greeting, set === 'greeting_ok' || set === 'greeting_bad');
  say('customer', lines.customer[0]);
  if (set === 'forbidden' || set === 'innocent') {
    say('agent', probe.text, true);
    say('customer', lines.customer[1]);
    say('agent', lines.neutral);
  } else if (set === 'hold_ask' || set === 'hold_noask') {
    say('agent', probe.text, true);
    if (set === 'hold_ask') say('customer', lines.customer[1]);
    hold();
    say('agent', lines.thanks);
  } else if (set === 'hold_thanks' || set === 'hold_nothanks') {
    say('agent', lines.ask);
    say('customer', lines.customer[1]);
    hold();
    say('agent', probe.text, true);
  } else say('agent', lines.neutral);
  say('customer', lines.customer[2]);
  say('agent', set === 'closing_ok' || set === 'closing_bad' ? probe.text : lines.closing, set === 'closing_ok' || set === 'closing_bad');
  events.push({ type: 'call.ended', callId, tMs: nowMs + 3000, endedBy: 'customer' });
  return { events, probeUtteranceId };
}
