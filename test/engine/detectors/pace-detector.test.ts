import { describe, expect, it } from '@jest/globals';
import type { CallEvent } from '../../../engine/index.js';
import { callScript, type CallScript } from '../../support/call-script.js';
import { packFromYaml } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const pack = packFromYaml(`
id: test-pace
version: 1.0.0
language: zh-CN
rules:
  - id: t.fast
    category: pace_fast
    kind: pace
    mode: fast
    limit: 200
    windowMs: 40000
    maxGapMs: 1500
    hysteresis: 0.1
    fillers: [嗯, 那个]
    nudge: 语速 {observed}
  - id: t.slow
    category: pace_slow
    kind: pace
    mode: slow
    limit: 70
    windowMs: 40000
  - id: t.match
    category: pace_mismatch
    kind: pace
    mode: relative
    limit: 1.8
    windowMs: 40000
    minOtherSpeechMs: 10000
`);

const POOL = '我们这个套餐每个月包含三十个流量和五百分钟通话另外还有视频会员权益可以免费领取';

function chars(n: number, offset = 0): string {
  let text = '';
  for (let i = 0; i < n; i++) text += POOL[(offset + i) % POOL.length];
  return text;
}

/** The agent talks continuously: `count` utterances of `durationMs` with `gapMs` between them, at `perMinute` chars/min. */
function talk(script: CallScript, count: number, perMinute: number, durationMs = 5_000, gapMs = 500): CallScript {
  const n = Math.round((perMinute * durationMs) / 60_000);
  for (let i = 0; i < count; i++) {
    const text = chars(n, i * 7);
    script.agent(text, { durationMs, finalLagMs: 0, partials: [text.slice(0, Math.ceil(n / 2))], at: undefined });
    script.pause(gapMs - 500);
  }
  return script;
}

const run = (events: CallEvent[]) => runEngine(events, [pack], { reorderWindowMs: 0, nudgePolicy: { provisional: 'show' as const } });
const findings = (events: CallEvent[]) => outputsOf(run(events), 'finding').map((f) => f.finding);

describe('paceDetector', () => {
  it('flags nothing when nobody speaks', () => {
    expect(findings(callScript('c').pause(60_000).end().events)).toEqual([]);
  });

  it('flags nothing when the call ends before a full window of continuous talk, however fast', () => {
    expect(findings(talk(callScript('c'), 6, 260).end().events)).toEqual([]);
  });

  it('flags 40 s of fast continuous talk once, explaining rate, span and limit', () => {
    const found = findings(talk(callScript('c'), 12, 240).end().events);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ category: 'pace_fast', ruleId: 't.fast', utteranceId: 'u1', evidence: { observed: 240, limit: 200, unit: 'chars/min' } });
    expect(found[0]?.evidence.explanation).toMatch(/^240 chars\/min over 4\d s of continuous talk \(limit 200\)$/);
  });

  it('nudges while the agent is still talking: provisional from an interim result, confirmed by the final', () => {
    const outputs = run(talk(callScript('c'), 12, 240).end().events);
    const nudges = outputsOf(outputs, 'nudge').map((n) => n.nudge);
    expect(nudges.map((n) => n.status)).toEqual(['provisional', 'confirmed']);
    const [finding] = outputsOf(outputs, 'finding').map((f) => f.finding);
    expect(finding?.atMs).toBe(nudges[0]?.atMs);
    expect(finding?.atMs).toBeLessThan(finding?.confirmedAtMs ?? 0);
    expect(nudges[0]?.text).toMatch(/^语速 \d+$/);
  });

  it('measures a window of 39.999 s as too short and one of 40 s as full', () => {
    // Eight utterances of 5 s with 0 gaps span exactly 40 s.
    const call = (lastMs: number) =>
      callScript('c')
        .agent(chars(20), { at: 1_000, durationMs: 5_000, finalLagMs: 0 })
        .agent(chars(20, 3), { at: 6_000, durationMs: 5_000, finalLagMs: 0 })
        .agent(chars(20, 5), { at: 11_000, durationMs: 5_000, finalLagMs: 0 })
        .agent(chars(20, 7), { at: 16_000, durationMs: 5_000, finalLagMs: 0 })
        .agent(chars(20, 9), { at: 21_000, durationMs: 5_000, finalLagMs: 0 })
        .agent(chars(20, 11), { at: 26_000, durationMs: 5_000, finalLagMs: 0 })
        .agent(chars(20, 13), { at: 31_000, durationMs: 5_000, finalLagMs: 0 })
        .agent(chars(Math.round((20 * lastMs) / 5_000), 15), { at: 36_000, durationMs: lastMs, finalLagMs: 0 })
        .end().events;
    expect(findings(call(4_999))).toEqual([]);
    expect(findings(call(5_000)).map((f) => f.ruleId)).toEqual(['t.fast']);
  });

  it('takes back an interim flag when the final puts the rate back within the limit', () => {
    const script = talk(callScript('c'), 7, 190);
    // The last utterance's interim hypothesis is far longer than what the final settles on.
    script.agent(chars(12), { durationMs: 5_000, finalLagMs: 0, partials: [chars(60)] });
    const outputs = run(script.end().events);
    expect(outputsOf(outputs, 'finding')).toEqual([]);
    expect(outputsOf(outputs, 'nudge').map((n) => n.nudge.status)).toEqual(['provisional']);
    expect(outputsOf(outputs, 'nudge.retracted')).toHaveLength(1);
  });

  it('does not flap while the rate hovers at the limit, and flags again after it clearly recovered', () => {
    const script = talk(callScript('c'), 9, 210);
    talk(script, 2, 196);
    talk(script, 2, 206);
    const hovering = findings(script.events.concat([{ type: 'call.ended', callId: 'c', tMs: 200_000, endedBy: 'customer' }]));
    expect(hovering.map((f) => f.key)).toEqual(['t.fast:u1#0']);

    talk(script, 9, 120);
    talk(script, 9, 230);
    const recovered = findings(script.end().events);
    expect(recovered.map((f) => f.key)).toEqual(['t.fast:u1#0', 't.fast:u1#1']);
  });

  it('does not count fillers that open a clause', () => {
    const script = callScript('c');
    for (let i = 0; i < 9; i++) script.agent(`嗯，那个，${chars(16, i)}`, { durationMs: 5_000, finalLagMs: 0 });
    // 16 counted characters in 5 s is 192 a minute; with the fillers it would be 228.
    expect(findings(script.end().events)).toEqual([]);
  });

  it('ends a stretch when the customer speaks or the agent pauses, and never measures the customer', () => {
    const script = talk(callScript('c'), 5, 250);
    script.customer('嗯，好的。');
    talk(script, 5, 250);
    script.pause(2_000);
    talk(script, 5, 250);
    const customerFast = callScript('d');
    for (let i = 0; i < 10; i++) customerFast.customer(chars(20, i), { durationMs: 5_000 });
    expect(findings(script.end().events)).toEqual([]);
    expect(findings(customerFast.end().events)).toEqual([]);
  });

  it('ends a stretch when the customer talks over the end of an utterance into the gap, not for a noise inside it', () => {
    const overlapping = talk(callScript('c'), 5, 250);
    const lastEnd = overlapping.events[overlapping.events.length - 1];
    const endMs = lastEnd?.type === 'utterance.final' ? lastEnd.endMs : 0;
    overlapping.customer('等等，我没听清。', { at: endMs - 1_000, durationMs: 1_800 });
    talk(overlapping, 5, 250);
    expect(findings(overlapping.end().events)).toEqual([]);

    const noise = talk(callScript('c'), 5, 250);
    noise.customer('嗯', { at: endMs - 1_500, durationMs: 400 });
    talk(noise, 5, 250);
    expect(findings(noise.end().events).map((f) => f.ruleId)).toEqual(['t.fast']);
  });

  it('flags slow sustained talk, not a single slow utterance', () => {
    expect(findings(talk(callScript('c'), 9, 55).end().events).map((f) => f.ruleId)).toEqual(['t.slow']);
    const oneSlow = talk(callScript('c'), 4, 130);
    oneSlow.agent('嗯，好的。', { durationMs: 4_000 });
    talk(oneSlow, 5, 130);
    expect(findings(oneSlow.end().events)).toEqual([]);
  });

  it('in relative mode, flags the agent talking far faster than the customer', () => {
    const script = callScript('c');
    for (let i = 0; i < 3; i++) script.customer(chars(5, i), { durationMs: 5_000 });
    talk(script, 9, 180);
    const [finding] = findings(script.end().events);
    expect(finding).toMatchObject({ category: 'pace_mismatch', evidence: { observed: 3, limit: 1.8, unit: 'x' } });
  });
});
