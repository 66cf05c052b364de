import { describe, expect, it } from '@jest/globals';
import type { CallEvent, EngineOutput } from '../../../engine/index.js';
import { callScript, type CallScript } from '../../support/call-script.js';
import { packFromYaml } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const ask = `['请您稍等(片刻)?(好吗)?']`;
const pack = packFromYaml(`
id: test-hold
version: 1.0.0
language: zh-CN
rules:
  - id: t.permission
    category: hold_without_permission
    kind: hold
    check: permission
    graceMs: 30000
    askWithinMs: 20000
    ask: ${ask}
    infer: { silenceMs: 10000, withinMs: 10000 }
  - id: t.apology
    category: hold_no_apology
    kind: hold
    check: apology
    graceMs: 30000
    ask: ${ask}
    infer: { silenceMs: 10000, withinMs: 10000 }
    apology: ['让您久等了', '感谢您的耐心等待']
    remind: { title: '已等待 {observed} 秒', text: 很抱歉，让您久等了。 }
  - id: t.too_long
    category: hold_too_long
    kind: hold
    check: duration
    limitMs: 300000
    ask: ${ask}
    infer: { silenceMs: 10000, withinMs: 10000 }
    marks:
      - { afterMs: 45000, title: '已等待 {observed} 秒', text: 请回到通话说明进度 }
      - { afterMs: 120000, title: 超过 2 分钟, text: 建议回电 }
`);

const exact = { reorderWindowMs: 0, nudgePolicy: { provisional: 'show' as const } };
const run = (events: CallEvent[]) => runEngine(events, [pack], exact);
const findings = (outputs: EngineOutput[]) => outputsOf(outputs, 'finding').map((f) => f.finding);
const ids = (outputs: EngineOutput[]) => findings(outputs).map((f) => f.ruleId).sort();
const cards = (outputs: EngineOutput[]) => outputsOf(outputs, 'nudge').filter((n) => n.nudge.kind === 'card').map((n) => `${n.nudge.atMs}:${n.nudge.title ?? ''}`);

/** Asks (or not), lets the customer answer (or not), holds for `holdMs`, then the agent comes back with `back`. */
function holdCall(options: { asks?: boolean; answers?: boolean; holdMs: number; back?: string; backPartials?: string[] }): CallScript {
  const script = callScript('c').agent('您好，这里是星河客服中心，请问有什么可以帮您？', { at: 1_000 }).customer('我想查一下话费。');
  script.agent(options.asks === false ? '我查一下。' : '我帮您查一下，请您稍等片刻好吗？');
  if (options.answers !== false) script.customer('好的。');
  script.hold(options.holdMs);
  return script.agent(options.back ?? '很抱歉，让您久等了，查到了。', { partials: options.backPartials ?? [] }).customer('好的。');
}

describe('holdDetector', () => {
  it('passes a hold asked for, answered and apologised for', () => {
    const outputs = run(holdCall({ holdMs: 60_000 }).end().events);
    expect(ids(outputs)).toEqual([]);
  });

  describe('permission', () => {
    it('flags a hold placed without asking the moment it outlasts the grace, and confirms it when the hold ends', () => {
      const script = holdCall({ asks: false, holdMs: 40_000 });
      const events = script.end().events;
      const holdStart = events.find((e) => e.type === 'hold.started')?.tMs ?? 0;
      const outputs = run(events);
      const provisional = outputsOf(outputs, 'nudge').find((n) => n.nudge.ruleId === 't.permission');
      expect(provisional?.nudge).toMatchObject({ status: 'provisional', atMs: holdStart + 30_000 });
      const [finding] = findings(outputs).filter((f) => f.ruleId === 't.permission');
      expect(finding).toMatchObject({ category: 'hold_without_permission', atMs: holdStart + 30_000, confirmedAtMs: holdStart + 40_000, evidence: { observed: 40, limit: 30, unit: 's' } });
      expect(finding?.evidence.explanation).toContain('without asking the customer first');
    });

    it('needs the customer to have answered', () => {
      const [finding] = findings(run(holdCall({ answers: false, holdMs: 40_000 }).end().events)).filter((f) => f.ruleId === 't.permission');
      expect(finding?.evidence.explanation).toContain('before the customer had answered');
    });

    it('stays silent for a hold shorter than the grace: 29.999 s passes, 30 s does not', () => {
      const short = run(holdCall({ asks: false, holdMs: 29_999 }).end().events);
      expect(ids(short)).toEqual([]);
      expect(outputsOf(short, 'nudge').filter((n) => n.nudge.ruleId === 't.permission')).toEqual([]);
      expect(ids(run(holdCall({ asks: false, holdMs: 30_000 }).end().events))).toEqual(['t.permission']);
    });

    it('does not count a request made long before the hold', () => {
      const script = callScript('c').agent('请您稍等片刻好吗？', { at: 1_000 }).customer('好的。').agent('嗯，我先跟您核对一下信息。', { durationMs: 25_000, partials: ['嗯', '嗯，我先', '嗯，我先跟您核对'] }).hold(40_000).agent('让您久等了。');
      const [finding] = findings(run(script.end().events)).filter((f) => f.ruleId === 't.permission');
      expect(finding?.evidence.explanation).toContain('after the agent last asked the customer to wait');
    });
  });

  describe('apology', () => {
    it('shows the reminder card the moment a long hold ends, and flags a first utterance without apology', () => {
      const events = holdCall({ holdMs: 60_000, back: '查到了，您这个月的话费是五十八元。' }).end().events;
      const holdEnd = events.find((e) => e.type === 'hold.ended')?.tMs ?? 0;
      const outputs = run(events);
      expect(cards(outputs)).toContain(`${holdEnd}:已等待 60 秒`);
      const [finding] = findings(outputs);
      expect(finding).toMatchObject({ ruleId: 't.apology', utteranceId: 'u5', evidence: { observed: 60, limit: 30, quote: '查到了，您这个月的话费是五十八元。' } });
      expect(finding?.evidence.explanation).toContain('waited 60 s');
    });

    it('judges the first utterance by its final: an apology only in an interim result does not count', () => {
      expect(ids(run(holdCall({ holdMs: 60_000, back: '好，查到了。', backPartials: ['好让您久等了'] }).end().events))).toEqual(['t.apology']);
      expect(ids(run(holdCall({ holdMs: 60_000, back: '很抱歉，让您久等了。', backPartials: ['很抱歉'] }).end().events))).toEqual([]);
    });

    it('judges the agent first utterance even when the customer speaks first after the hold', () => {
      const script = holdCall({ holdMs: 60_000 });
      const events = callScript('c').agent('您好，请问有什么可以帮您？', { at: 1_000 }).customer('查话费。').agent('请您稍等片刻好吗？').customer('好。').hold(60_000).customer('喂？').agent('查到了。').end().events;
      expect(ids(run(events))).toEqual(['t.apology']);
      expect(script).toBeDefined();
    });

    it('asks nothing after a short hold, or when the call ends during the hold', () => {
      expect(ids(run(holdCall({ holdMs: 10_000, back: '查到了。' }).end().events))).toEqual([]);
      const endsOnHold = callScript('c').agent('请您稍等片刻好吗？', { at: 1_000 }).customer('好。').hold(60_000).end('customer').events;
      expect(ids(run(endsOnHold.filter((e) => e.type !== 'hold.ended')))).toEqual([]);
    });
  });

  describe('duration', () => {
    it('shows countdown cards at the marks and flags the hold the moment it passes the limit', () => {
      const events = holdCall({ holdMs: 330_000 }).end().events;
      const holdStart = events.find((e) => e.type === 'hold.started')?.tMs ?? 0;
      const outputs = run(events);
      expect(cards(outputs).filter((c) => !c.includes('已等待 330'))).toEqual([`${holdStart + 45_000}:已等待 45 秒`, `${holdStart + 120_000}:超过 2 分钟`]);
      const provisional = outputsOf(outputs, 'nudge').find((n) => n.nudge.ruleId === 't.too_long' && n.nudge.kind === 'finding');
      expect(provisional?.nudge).toMatchObject({ status: 'provisional', atMs: holdStart + 300_000 });
      const [finding] = findings(outputs);
      expect(finding).toMatchObject({ ruleId: 't.too_long', atMs: holdStart + 300_000, confirmedAtMs: holdStart + 330_000, evidence: { observed: 330, limit: 300 } });
    });

    it('does not flag a hold of 299.999 s; flags one of 300 s', () => {
      expect(ids(run(holdCall({ holdMs: 299_999 }).end().events))).toEqual([]);
      expect(ids(run(holdCall({ holdMs: 300_000 }).end().events))).toEqual(['t.too_long']);
    });

    it('confirms a too-long hold the customer hung up on', () => {
      const events = callScript('c').agent('请您稍等片刻好吗？', { at: 1_000 }).customer('好。').hold(400_000).events.filter((e) => e.type !== 'hold.ended');
      events.push({ type: 'call.ended', callId: 'c', tMs: 360_000, endedBy: 'customer' });
      expect(ids(run(events))).toEqual(['t.too_long']);
    });
  });

  describe('inferred holds', () => {
    it('infers a hold from the wait request followed by silence when the telephony sends no hold events', () => {
      const events = callScript('c').agent('请您稍等片刻好吗？', { at: 1_000 }).customer('好。').pause(340_000).agent('查到了。').end().events;
      const outputs = run(events);
      expect(ids(outputs)).toEqual(['t.apology', 't.too_long']);
      expect(findings(outputs).find((f) => f.ruleId === 't.too_long')?.evidence.explanation).toContain('inferred hold');
    });

    it('counts one hold, from the moment the line went quiet, when the telephony reports it late', () => {
      const script = callScript('c').agent('请您稍等片刻好吗？', { at: 1_000 }).customer('好。');
      const answer = script.events[script.events.length - 1];
      const quietAt = answer?.type === 'utterance.final' ? answer.endMs : 0;
      const events = script.pause(15_000).hold(290_000).agent('很抱歉，让您久等了。').end().events;
      const outputs = run(events);
      const [finding] = findings(outputs);
      expect(findings(outputs)).toHaveLength(1);
      // 15.5 s of silence before hold.started plus 290 s on hold: one hold of 305.5 s from the quiet moment.
      expect(finding).toMatchObject({ ruleId: 't.too_long', key: 't.too_long:hold#0', evidence: { observed: 305.5 } });
      expect(finding?.atMs).toBe(quietAt + 300_000);
    });

    it('infers nothing from silence without a wait request', () => {
      const events = callScript('c').agent('我查一下。', { at: 1_000 }).pause(340_000).agent('查到了。').end().events;
      expect(ids(run(events))).toEqual([]);
    });
  });
});
