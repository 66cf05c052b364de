import { describe, expect, it } from '@jest/globals';
import type { CallEvent } from '../../../engine/index.js';
import { callScript } from '../../support/call-script.js';
import { packFromYaml } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const pack = packFromYaml(`
id: test-silence
version: 1.0.0
language: zh-CN
rules:
  - id: t.dead_air
    category: dead_air
    kind: silence
    afterMs: 30000
    excuseWithinMs: 10000
    settleMs: 3000
    excuses:
      customer_wait: { label: 客户请坐席稍等, speaker: customer, match: ['你等(一下|等)'] }
      agent_hold: { label: 坐席请客户稍等, speaker: agent, match: ['请您稍等'] }
    nudge: 已静默 {observed} 秒
`);

// Arrival is processing (deadlines to the millisecond) and provisional nudges show at once: the detector is tested, not the nudge policy.
const exact = { reorderWindowMs: 0, nudgePolicy: { provisional: 'show' as const } };
const findings = (events: CallEvent[]) => outputsOf(runEngine(events, [pack], exact), 'finding').map((f) => f.finding);

describe('silenceDetector', () => {
  it('flags nothing in a call that ends before the limit, even with no speech at all', () => {
    expect(findings(callScript('c').pause(20_000).end().events)).toEqual([]);
  });

  it('flags a call with no speech for the limit, measured from the start of the call', () => {
    const [finding] = findings(callScript('c').pause(40_000).end().events);
    expect(finding).toMatchObject({ category: 'dead_air', key: 't.dead_air:silence@0' });
    expect(finding?.evidence).toMatchObject({ observed: 41.5, limit: 30, unit: 's' });
  });

  it('raises a provisional nudge by timer the moment the limit passes, and confirms it with the measured length', () => {
    const events = callScript('c').agent('我查查。', { at: 1_000, durationMs: 1_000, finalLagMs: 0 }).agent('好的，查到了。', { at: 36_000, durationMs: 2_000, partials: ['好的', '好的，查到'] }).end().events;
    const outputs = runEngine(events, [pack], exact);
    const nudges = outputsOf(outputs, 'nudge').map((n) => n.nudge);
    expect(nudges[0]).toMatchObject({ status: 'provisional', atMs: 32_000, text: '已静默 30 秒', utteranceId: 'u1' });
    const [finding] = outputsOf(outputs, 'finding').map((f) => f.finding);
    expect(finding).toMatchObject({ atMs: 32_000, utteranceId: 'u1', evidence: { observed: 34, limit: 30 } });
    expect(finding?.confirmedAtMs).toBeGreaterThanOrEqual(36_000);
    expect(finding?.evidence.explanation).toContain('34 s without speech');
  });

  it('does not flag a silence of 29.999 s, and flags one of exactly 30 s', () => {
    const call = (gapMs: number) => callScript('c').agent('我查查。', { at: 1_000, durationMs: 1_000, finalLagMs: 0 }).agent('查到了。', { at: 2_000 + gapMs, durationMs: 1_000 }).end().events;
    expect(findings(call(29_999))).toEqual([]);
    expect(findings(call(30_000))).toEqual([expect.objectContaining({ category: 'dead_air', evidence: expect.objectContaining({ observed: 30 }) })]);
  });

  it('takes the nudge back when speech had begun in time but its first transcript came late', () => {
    const late: CallEvent = { type: 'utterance.partial', callId: 'c', utteranceId: 'u2', speaker: 'customer', text: '喂', startMs: 31_000, endMs: 33_500, tMs: 33_500 };
    const events = [...callScript('c').agent('我查查。', { at: 1_000, durationMs: 1_000, finalLagMs: 0 }).events, late, { type: 'call.ended', callId: 'c', tMs: 40_000, endedBy: 'customer' } as CallEvent];
    const outputs = runEngine(events, [pack], exact);
    expect(outputsOf(outputs, 'finding')).toEqual([]);
    expect(outputsOf(outputs, 'nudge').map((n) => n.nudge.status)).toEqual(['provisional']);
    expect(outputsOf(outputs, 'nudge.retracted')).toHaveLength(1);
  });

  it('waits for late transcripts before confirming: speech that began earlier but was heard later shortens the silence', () => {
    const events: CallEvent[] = [
      ...callScript('c').agent('我查查。', { at: 1_000, durationMs: 1_000, finalLagMs: 0 }).events,
      // The customer's backchannel is heard first; the agent's reply, begun 25 s into the silence, only 1.5 s later.
      { type: 'utterance.final', callId: 'c', utteranceId: 'u3', speaker: 'customer', text: '嗯', startMs: 40_000, endMs: 40_500, tMs: 40_500 },
      { type: 'utterance.final', callId: 'c', utteranceId: 'u2', speaker: 'agent', text: '查到了，您的包裹在驿站。', startMs: 27_000, endMs: 42_000, tMs: 42_000 },
      { type: 'call.ended', callId: 'c', tMs: 50_000, endedBy: 'customer' },
    ];
    expect(findings(events)).toEqual([]);
    const heardInTime = events.filter((e) => !(e.type === 'utterance.final' && e.utteranceId === 'u2'));
    expect(findings(heardInTime)).toEqual([expect.objectContaining({ confirmedAtMs: 43_500, evidence: expect.objectContaining({ observed: 38 }) })]);
  });

  it('flags each silence once, under its own key', () => {
    const events = callScript('c')
      .agent('我查查。', { at: 1_000, durationMs: 1_000, finalLagMs: 0 })
      .agent('还在查。', { at: 40_000, durationMs: 1_000, finalLagMs: 0 })
      .agent('查到了。', { at: 80_000, durationMs: 1_000 })
      .end().events;
    expect(findings(events).map((f) => f.key)).toEqual(['t.dead_air:silence@2000', 't.dead_air:silence@41000']);
  });

  it('never counts a hold as silence, and counts the silence after it from its end', () => {
    const events = callScript('c').agent('我查查。', { at: 1_000, durationMs: 1_000, finalLagMs: 0 }).pause(20_000).hold(60_000).pause(35_000).agent('查到了。').end().events;
    const [finding] = findings(events);
    expect(finding?.key).toBe('t.dead_air:silence@82300');
  });

  it('does not flag a pause the customer asked for, however long', () => {
    const events = callScript('c').customer('你等一下，我翻一下短信。', { at: 1_000 }).agent('好的，不着急。').pause(90_000).customer('找到了。').end().events;
    expect(findings(events)).toEqual([]);
  });

  it('does not flag the silence after the agent asked the customer to wait (an inferred hold)', () => {
    const events = callScript('c').agent('我帮您查一下，请您稍等。', { at: 1_000 }).customer('好的。').pause(45_000).agent('查到了。').end().events;
    expect(findings(events)).toEqual([]);
  });

  it('treats an utterance still being recognised as speech, however sparse its interim results', () => {
    // One partial at 2 s, the final only 40 s later: the speaker was talking all along.
    const events = callScript('c').agent('我先给您详细地介绍一下这个套餐的所有内容。', { at: 1_000, durationMs: 41_000, partials: ['我先'] }).agent('您看可以吗？').end().events;
    expect(findings(events)).toEqual([]);
  });

  it('judges an interim result by its final: a revised end of speech moves the silence', () => {
    const events: CallEvent[] = [
      { type: 'call.started', callId: 'c', tMs: 0, language: 'zh-CN' },
      { type: 'utterance.partial', callId: 'c', utteranceId: 'u1', speaker: 'agent', text: '我查', startMs: 1_000, endMs: 2_000, tMs: 2_000 },
      { type: 'utterance.final', callId: 'c', utteranceId: 'u1', speaker: 'agent', text: '我查一下记录', startMs: 1_000, endMs: 4_000, tMs: 4_000 },
      { type: 'utterance.final', callId: 'c', utteranceId: 'u2', speaker: 'agent', text: '查到了', startMs: 33_500, endMs: 34_000, tMs: 34_000 },
      { type: 'call.ended', callId: 'c', tMs: 35_000, endedBy: 'customer' },
    ];
    // 29.5 s from the final's end, not 31.5 s from the partial's.
    expect(findings(events)).toEqual([]);
  });

  it('stops its timer when the call ends early: nothing fires after call.ended', () => {
    const outputs = runEngine(callScript('c').agent('我查查。', { at: 1_000 }).pause(5_000).end().events, [pack], exact);
    expect(outputsOf(outputs, 'nudge')).toEqual([]);
    expect(outputsOf(outputs, 'fault')).toEqual([]);
  });
});
