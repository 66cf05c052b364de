import { describe, expect, it } from '@jest/globals';
import type { CallEvent, EngineOutput } from '../../../engine/index.js';
import { callScript } from '../../support/call-script.js';
import { packFromYaml } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const pack = packFromYaml(`
id: test-ladder
version: 1.0.0
language: zh-CN
rules:
  - id: t.silent
    category: ladder_incomplete
    kind: sequence
    start: firstTurn
    cooldownMs: 0
    hangupAfterMs: 3000
    steps:
      - { label: 再次问候, afterMs: 3000, say: 您好，请问有什么可以帮您？, match: ['(您|你)好'] }
      - { label: 确认能否听见, afterMs: 3000, say: 请问可以听得见吗？, match: ['听得见'] }
      - { label: 结束语, afterMs: 3000, say: 您的电话没有声音，请您换一部电话再打来，再见！, match: ['没有声音'] }
  - id: t.noisy
    category: ladder_incomplete
    kind: sequence
    start: { match: ['听不清'] }
    cooldownMs: 0
    minConfidence: 0.6
    steps:
      - { label: 请客户换电话, afterMs: 3000, say: 请您换个电话再打来好吗？, match: ['换个电话'] }
`);

const exact = { reorderWindowMs: 0, nudgePolicy: { provisional: 'show' as const } };
const run = (events: CallEvent[]) => runEngine(events, [pack], exact);
const cards = (outputs: EngineOutput[]) => outputsOf(outputs, 'nudge').filter((n) => n.nudge.kind === 'card').map((n) => `${n.nudge.atMs}:${n.nudge.title ?? ''}`);
const findings = (outputs: EngineOutput[]) => outputsOf(outputs, 'finding').map((f) => f.finding);
const greeting = (at = 1_000) => callScript('c').agent('您好，这里是星河客服，请问有什么可以帮您？', { at, durationMs: 3_000, finalLagMs: 0 });

describe('sequenceDetector', () => {
  it('prompts each step of the silent-call ladder on time and lets the agent release the call after the close', () => {
    const events = greeting()
      .agent('您好？', { at: 7_000, durationMs: 1_000, finalLagMs: 0 })
      .agent('请问可以听得见吗？', { at: 11_000, durationMs: 2_000, finalLagMs: 0 })
      .agent('您的电话没有声音，请您换一部电话再打来，再见！', { at: 16_000, durationMs: 3_000, finalLagMs: 0 })
      .pause(3_000)
      .end('agent').events;
    const outputs = run(events);
    expect(cards(outputs)).toEqual(['7000:再次问候', '11000:确认能否听见', '16000:结束语']);
    expect(findings(outputs)).toEqual([]);
  });

  it('flags an agent who hangs up in the middle of the ladder, listing every step', () => {
    const events = greeting().agent('您好？', { at: 7_000, durationMs: 1_000, finalLagMs: 0 }).pause(3_500).end('agent').events;
    const [finding] = findings(run(events));
    expect(finding).toMatchObject({ category: 'ladder_incomplete', utteranceId: 'u1', evidence: { observed: 1, limit: 3, unit: 'steps' } });
    expect(finding?.evidence.steps).toEqual([
      { label: '再次问候', promptedAtMs: 7_000, saidAtMs: 8_000, utteranceId: 'u2' },
      { label: '确认能否听见', promptedAtMs: 11_000 },
      { label: '结束语' },
    ]);
  });

  it('flags releasing the call sooner than the wait after the closing line: 2.999 s, not 3 s', () => {
    const call = (waitMs: number) =>
      greeting()
        .agent('您好？', { at: 5_000, durationMs: 1_000, finalLagMs: 0 })
        .agent('听得见吗？', { at: 7_000, durationMs: 1_000, finalLagMs: 0 })
        .agent('您的电话没有声音，再见！', { at: 9_000, durationMs: 2_000, finalLagMs: 0 })
        .events.concat([{ type: 'call.ended', callId: 'c', tMs: 11_000 + waitMs, endedBy: 'agent' }]);
    expect(findings(run(call(2_999))).map((f) => f.evidence.explanation)).toEqual(["the agent released the call 3 s after the ladder's closing line (wait 3 s)"]);
    expect(findings(run(call(3_000)))).toEqual([]);
  });

  it('stops as soon as the customer is heard, and never starts if the customer spoke first', () => {
    const heard = greeting().customer('喂，你好。', { at: 5_000, durationMs: 1_000 }).pause(20_000).end('agent').events;
    expect(cards(run(heard))).toEqual([]);
    expect(findings(run(heard))).toEqual([]);
    const first = callScript('c').customer('喂？', { at: 500, durationMs: 400 }).agent('您好，请问有什么可以帮您？', { at: 1_000 }).pause(20_000).end('agent').events;
    expect(cards(run(first))).toEqual([]);
  });

  it('counts a step as said only when the final says it', () => {
    const events = greeting()
      .agent('你嗯嗯', { at: 7_000, durationMs: 1_000, finalLagMs: 0, partials: ['你好'] })
      .pause(1_000)
      .end('agent').events;
    const [finding] = findings(run(events));
    expect(finding?.evidence.steps?.[0]).toEqual({ label: '再次问候', promptedAtMs: 7_000 });
  });

  it('runs the noisy-line ladder: unintelligible speech postpones the step, intelligible speech ends the ladder', () => {
    const garbled: CallEvent = { type: 'utterance.final', callId: 'c', utteranceId: 'x1', speaker: 'customer', text: '嗯啊', startMs: 9_000, endMs: 10_000, tMs: 10_000, confidence: 0.2 };
    const events = callScript('c').customer('你好，我想问一下。', { at: 1_000, durationMs: 2_000 }).agent('对不起，我这边听不清，请您大声一点好吗？', { at: 4_000, durationMs: 4_000, finalLagMs: 0 }).events;
    const outputs = run([...events, garbled, { type: 'call.ended', callId: 'c', tMs: 20_000, endedBy: 'customer' }]);
    expect(cards(outputs)).toEqual(['13000:请客户换电话']);
    const clear: CallEvent = { ...garbled, text: '现在能听清吗', confidence: 0.9 };
    expect(cards(run([...events, clear, { type: 'call.ended', callId: 'c', tMs: 20_000, endedBy: 'customer' }]))).toEqual([]);
  });

  it('stops its timers when the call ends early', () => {
    const outputs = run(greeting().pause(500).end('customer').events);
    expect(cards(outputs)).toEqual([]);
    expect(outputsOf(outputs, 'fault')).toEqual([]);
  });
});
