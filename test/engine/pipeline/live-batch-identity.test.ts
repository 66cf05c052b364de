import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { analyzeFiles } from '../../../adapters/batch/analyze-files.js';
import type { CallEvent, EngineOutput, Finding } from '../../../engine/index.js';
import { callScript, interleave } from '../../support/call-script.js';
import { shippedPack, writePackFiles } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const zh = shippedPack('zh-CN-standard');
const en = shippedPack('en-US-standard');
const opening = '您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？';
const POOL = '我们这个套餐每个月包含三十个流量和五百分钟通话另外还有视频会员权益可以免费领取';

function fastTalk(callId: string): CallEvent[] {
  const script = callScript(callId).agent(opening, { at: 1_000 }).customer('我想了解一下套餐。');
  for (let i = 0; i < 10; i++) {
    const text = (POOL + POOL).slice(i, i + 20);
    script.agent(text, { durationMs: 5_000, partials: [text.slice(0, 8)] });
  }
  return script.agent('请问还有其他可以帮您的吗？').customer('没有了。').agent('感谢您的来电，再见！').end('customer').events;
}

/** Holds of every kind: unannounced, unapologised, too long (with countdown cards), inferred. */
function holds(callId: string): CallEvent[] {
  return callScript(callId)
    .agent(opening, { at: 1_000 })
    .customer('我的宽带断了。')
    .agent('我查一下。')
    .hold(40_000)
    .agent('查到了，是线路问题。')
    .customer('那怎么办？')
    .agent('我帮您提交一下工单，请您稍等片刻好吗？')
    .customer('好的。')
    .hold(330_000)
    .agent('很抱歉，让您久等了，工单提交好了。')
    .agent('我再帮您确认一下师傅的时间，请您稍等片刻好吗？')
    .customer('行。')
    .pause(60_000)
    .agent('确认好了，明天上午上门。')
    .agent('请问还有其他可以帮您的吗？')
    .end('agent').events;
}

/** Dead air, a customer-requested pause, an interruption, a surname, cards, an early goodbye. */
function flow(callId: string): CallEvent[] {
  return callScript(callId)
    .agent(opening, { at: 1_000 })
    .customer('我姓王，我要投诉你们，我的快递一直没到，我都急死了！', { partials: ['我姓王', '我姓王，我要投诉你们'] })
    .agent('王先生，很抱歉。', { partials: ['王先生'] })
    .agent('我查查。')
    .pause(30_000)
    .agent('查到了，包裹在驿站。')
    .customer('你等一下，我翻一下短信。')
    .pause(40_000)
    .customer('我这个快递单号是多少来着我也不记得了反正就是上周买的东西', { durationMs: 8_000 })
    .agent('您别着急，我跟您说。', { at: 0, durationMs: 2_000 })
    .agent('好的，那再见。', { partials: ['好的，那再见'] })
    .end('agent').events;
}

function flowFixed(callId: string): CallEvent[] {
  // The interrupting agent line starts 3 s before the customer's long utterance ends.
  const events = flow(callId);
  const customerLong = events.find((e) => e.type === 'utterance.final' && e.text.startsWith('我这个快递单号'));
  return events.map((e) =>
    e.type === 'utterance.final' && e.text === '您别着急，我跟您说。' && customerLong?.type === 'utterance.final'
      ? { ...e, startMs: customerLong.endMs - 3_000, endMs: customerLong.endMs - 1_000, tMs: customerLong.tMs + 500 }
      : e,
  );
}

function englishCall(callId: string): CallEvent[] {
  return callScript(callId, 'en-US')
    .agent('Thank you for calling Acme, my name is Sam, how may I help you?', { at: 1_000 })
    .customer('I want to speak to a supervisor, this is ridiculous.')
    .agent('Let me look that up.')
    .pause(25_000)
    .agent('Okay, I can see it now.')
    .agent('May I place you on a brief hold?')
    .customer('Sure.')
    .hold(45_000)
    .agent('Alright, that is sorted.')
    .end('agent').events;
}

function silentCall(callId: string): CallEvent[] {
  return callScript(callId).agent(opening, { at: 1_000 }).pause(6_000).agent('您好？').pause(2_000).end('agent').events;
}

const calls = [fastTalk('zh-fast'), holds('zh-holds'), flowFixed('zh-flow'), englishCall('en-flow'), silentCall('zh-silent')];

function comparable(outputs: readonly EngineOutput[]) {
  const findings = outputsOf(outputs, 'finding').map((o) => o.finding);
  const nudges = outputsOf(outputs, 'nudge').map((o) => o.nudge);
  const byKey = (a: { callId: string }, b: { callId: string }) => a.callId.localeCompare(b.callId);
  return { findings: [...findings].sort(byKey), nudges: [...nudges].sort(byKey) };
}

describe('live and batch delivery', () => {
  it('give identical findings and nudges for calls exercising the timing detectors', async () => {
    const live = runEngine(interleave(...calls), [zh, en]);
    const file = join(writePackFiles({ 'calls.jsonl': interleave(...calls).map((e) => JSON.stringify(e)).join('\n') + '\n' }), 'calls.jsonl');
    const batch: EngineOutput[] = [];
    await analyzeFiles([file], { packs: [zh, en], callsPerChunk: 2, onOutput: (o) => batch.push(o) });

    const a = comparable(live);
    const b = comparable(batch);
    expect(b.findings).toEqual(a.findings);
    expect(b.nudges).toEqual(a.nudges);

    // The calls do exercise the detectors under test.
    const categories = new Set(a.findings.map((f: Finding) => f.category));
    for (const c of ['pace_fast', 'hold_without_permission', 'hold_no_apology', 'hold_too_long', 'dead_air', 'interruption', 'agent_hangup_first', 'ladder_incomplete', 'surname_unused']) {
      expect(categories).toContain(c);
    }
    expect(a.nudges.filter((n) => n.kind === 'card').map((n) => n.ruleId)).toEqual(expect.arrayContaining(['zh.card.complaint', 'zh.card.upset', 'zh.card.goodbye_first', 'zh.hold.too_long', 'en.card.supervisor']));
  });
});
