import { describe, expect, it } from '@jest/globals';
import type { CallEvent, EngineOutput } from '../../../engine/index.js';
import { callScript } from '../../support/call-script.js';
import { shippedPack } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const zh = shippedPack('zh-CN-standard');
const en = shippedPack('en-US-standard');
const opening = '您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？';

// Only the suggest rules' cards (the shipped packs' ladders show cards of their own in agent-only scripts).
const cards = (outputs: EngineOutput[]) => outputsOf(outputs, 'nudge').filter((n) => n.nudge.kind === 'card' && n.nudge.ruleId.includes('.card.')).map((n) => ({ ruleId: n.nudge.ruleId, atMs: n.nudge.atMs, title: n.nudge.title }));
const run = (events: CallEvent[], pack = zh) => runEngine(events, [pack], { nudgePolicy: { provisional: 'show' as const } });

describe('suggestDetector', () => {
  it('shows no card in a call with no speech or no trigger', () => {
    expect(cards(run(callScript('c').pause(5_000).end().events))).toEqual([]);
    expect(cards(run(callScript('c').agent(opening).customer('我想查一下话费。').agent('好的，请问还有其他可以帮您的吗？').agent('感谢您的来电，再见！').end().events))).toEqual([]);
  });

  it('shows the supervisor script when the customer asks for a manager, once the final says so', () => {
    const events = callScript('c').agent(opening).customer('我要找你们领导！', { partials: ['我要找你们'] }).end().events;
    const final = events.find((e) => e.type === 'utterance.final' && e.speaker === 'customer');
    expect(cards(run(events))).toEqual([{ ruleId: 'zh.card.supervisor', atMs: (final?.tMs ?? 0) + 200, title: '客户要求找领导' }]);
  });

  it('does not show a card an interim result suggested but the final took back', () => {
    const events = callScript('c').agent(opening).customer('我要找你们理赔的部门。', { partials: ['我要找你们领导'] }).end().events;
    expect(cards(run(events))).toEqual([]);
  });

  it('shows a repeated trigger once per utterance, and the cool-down keeps it off the screen for a while', () => {
    const events = callScript('c').agent(opening).customer('我要投诉你们！').agent('很抱歉给您添麻烦了。').customer('我要投诉！', { at: 20_000 }).customer('我一定要投诉！', { at: 40_000 }).end().events;
    expect(cards(run(events)).map((c) => c.ruleId)).toEqual(['zh.card.complaint', 'zh.card.complaint']);
  });

  it('warns an agent saying goodbye before asking whether there is anything else, from the interim result', () => {
    const events = callScript('c').agent(opening).customer('好的，明白了。').agent('好的，那再见。', { partials: ['好的，那再见'] }).end('agent').events;
    const partial = events.find((e) => e.type === 'utterance.partial' && e.text === '好的，那再见');
    expect(cards(run(events))).toEqual([{ ruleId: 'zh.card.goodbye_first', atMs: (partial?.tMs ?? 0) + 200, title: '结束前请先询问' }]);
    const asked = callScript('c').agent(opening).agent('请问还有其他可以帮您的吗？').customer('没有了。').agent('感谢您的来电，再见！').end('customer').events;
    expect(cards(run(asked))).toEqual([]);
  });

  it('shows the English cards', () => {
    const events = callScript('c', 'en-US').agent('Thank you for calling Acme, how may I help you?').customer('I want to cancel my account, this is ridiculous.').end().events;
    expect(cards(run(events, en)).map((c) => c.ruleId).sort()).toEqual(['en.card.cancel', 'en.card.upset']);
  });
});
