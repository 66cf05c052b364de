import { describe, expect, it } from '@jest/globals';
import type { CallEvent } from '../../../engine/index.js';
import { FIRST_MS_GRACE_MS } from '../../../engine/detectors/require-detector.js';
import { callScript } from '../../support/call-script.js';
import { packFromYaml } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const pack = packFromYaml(`
id: windows
version: 1.0.0
language: zh-CN
rules:
  - id: w.prompt
    category: greeting_missing
    kind: require
    window: { firstMs: 10000 }
    groups: { hello: { label: 问候, match: ['您好'] } }
  - id: w.whole
    category: closing_missing
    kind: require
    window: { wholeCall: true }
    groups: { thanks: { label: 感谢, match: ['感谢您的来电'] } }
  - id: w.after_hold
    category: hold_no_apology
    kind: require
    window: { after: hold.ended, minHoldMs: 7000, withinTurns: 1 }
    groups: { sorry: { label: 致歉, match: ['让您久等了'] } }
  - id: w.after_phrase
    category: forbidden_phrase
    kind: require
    window: { after: { say: ['我有个建议'] }, withinMs: 30000 }
    groups: { thanks: { label: 感谢建议, match: ['谢谢您的建议'] } }
`);

const ids = (events: CallEvent[]) =>
  outputsOf(runEngine(events, [pack], { reorderWindowMs: 0 }), 'finding')
    .map((f) => f.finding)
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId));

describe('requireDetector windows', () => {
  it('firstMs: passes a greeting begun in time, even when its result arrives after the window', () => {
    const events = callScript('c').agent('您好，请问有什么可以帮您？', { at: 8_000, durationMs: 4_000 }).agent('感谢您的来电').end().events;
    expect(ids(events).map((f) => f.ruleId)).toEqual([]);
  });

  it('firstMs: flags silence by a timer at the window end plus the grace, with nothing else happening', () => {
    const events: CallEvent[] = [{ type: 'call.started', callId: 'c', tMs: 0, language: 'zh-CN' }, { type: 'call.ended', callId: 'c', tMs: 60_000, endedBy: 'customer' }];
    const prompt = ids(events).find((f) => f.ruleId === 'w.prompt');
    expect(prompt?.atMs).toBe(10_000 + FIRST_MS_GRACE_MS);
    expect(prompt?.evidence.explanation).toContain('did not speak in the first 10 s');
  });

  it('firstMs: judges at once when speech begun after the window shows up', () => {
    const events = callScript('c').customer('喂？', { at: 2_000 }).agent('请讲。', { at: 11_000, durationMs: 1_000, finalLagMs: 0 }).end().events;
    const prompt = ids(events).find((f) => f.ruleId === 'w.prompt');
    expect(prompt?.atMs).toBe(12_000);
  });

  it('firstMs: waits for an utterance begun in the window to be final, however late its results come', () => {
    const slow = (finalText: string): CallEvent[] => [
      { type: 'call.started', callId: 'c', tMs: 0, language: 'zh-CN' },
      { type: 'utterance.partial', callId: 'c', utteranceId: 'u1', speaker: 'agent', text: '您', startMs: 1_000, endMs: 1_500, tMs: 1_500 },
      { type: 'utterance.final', callId: 'c', utteranceId: 'u1', speaker: 'agent', text: finalText, startMs: 1_000, endMs: 30_000, tMs: 31_000 },
      { type: 'call.ended', callId: 'c', tMs: 60_000, endedBy: 'customer' },
    ];
    expect(ids(slow('您好，请问有什么可以帮您？')).filter((f) => f.ruleId === 'w.prompt')).toEqual([]);
    const missing = ids(slow('请问您找谁？')).filter((f) => f.ruleId === 'w.prompt');
    expect(missing.map((f) => f.atMs)).toEqual([31_000]);
  });

  it('wholeCall: judged at the end over every turn', () => {
    expect(ids(callScript('c').agent('您好').agent('感谢您的来电').agent('好的').end().events).map((f) => f.ruleId)).toEqual([]);
    expect(ids(callScript('c').agent('您好').agent('好的').end().events).map((f) => f.ruleId)).toEqual(['w.whole']);
  });

  it('after hold.ended: the next turn must apologise, and a short hold opens no window', () => {
    const long = callScript('c').agent('您好').hold(20_000).agent('查到了。').agent('感谢您的来电').end().events;
    const found = ids(long).filter((f) => f.ruleId === 'w.after_hold');
    expect(found).toHaveLength(1);
    expect(found[0]?.evidence.explanation).toBe('after the hold of 20 s ended, the next turn passed without 致歉');
    const sorry = callScript('c').agent('您好').hold(20_000).agent('很抱歉，让您久等了。').agent('感谢您的来电').end().events;
    expect(ids(sorry).filter((f) => f.ruleId === 'w.after_hold')).toEqual([]);
    const short = callScript('c').agent('您好').hold(3_000).agent('查到了。').agent('感谢您的来电').end().events;
    expect(ids(short).filter((f) => f.ruleId === 'w.after_hold')).toEqual([]);
  });

  it('after a customer phrase: a timer closes the window at the trigger plus 30 s — not at 29.999 s', () => {
    const base = callScript('c').agent('您好').customer('我有个建议，你们送货太慢。', { at: 5_000, durationMs: 2_000, finalLagMs: 0 }).events;
    const trigger = base[base.length - 1] as CallEvent;
    const lateThanks = (atMs: number): CallEvent[] => [
      ...base,
      { type: 'utterance.final', callId: 'c', utteranceId: 'u9', speaker: 'agent', text: '谢谢您的建议', startMs: atMs - 1_000, endMs: atMs, tMs: atMs },
      { type: 'call.ended', callId: 'c', tMs: trigger.tMs + 60_000, endedBy: 'customer' },
    ];
    expect(ids(lateThanks(trigger.tMs + 29_999)).filter((f) => f.ruleId === 'w.after_phrase')).toEqual([]);
    const late = ids(lateThanks(trigger.tMs + 30_001)).filter((f) => f.ruleId === 'w.after_phrase');
    expect(late).toHaveLength(1);
    expect(late[0]?.atMs).toBe(trigger.tMs + 30_000);
  });

  it('after: a window still open when the call ends is judged then', () => {
    const events = callScript('c').agent('您好').customer('我有个建议。').end().events;
    const found = ids(events).filter((f) => f.ruleId === 'w.after_phrase');
    expect(found).toHaveLength(1);
    expect(found[0]?.evidence.explanation).toContain('the call ended');
  });
});
