import { describe, expect, it } from '@jest/globals';
import { createAgitationTracker } from '../../../engine/live/customer-agitation.js';
import type { TextLanguage } from '../../../engine/index.js';
import { callScript } from '../../support/call-script.js';
import { shippedPack } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

interface Turn {
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
  /** When the agent's speech before this turn ended (talking over shows as a start before it). */
  readonly agentUntilMs?: number;
}

const levelsOf = (language: TextLanguage, turns: readonly Turn[]) => {
  const track = createAgitationTracker(language);
  return turns.map((t) => track(t, t.agentUntilMs ?? -1).level);
};

/** Turns 10 s apart, each as long as a customer at an ordinary pace would take, unless given. */
const turns = (texts: readonly string[], msPerUnit = 250): Turn[] => texts.map((text, i) => ({ text, startMs: i * 10_000, endMs: i * 10_000 + Math.max(1, text.replace(/\s/g, '').length) * msPerUnit }));

// Labelled calls written for this test: calm, rising, and angry in plain words (no insult, no threat).
describe('customer agitation', () => {
  it('stays calm through an ordinary call', () => {
    expect(levelsOf('zh', turns(['我想查一下我的订单。', '好的，谢谢。', '明白了，谢谢你。']))).toEqual(['calm', 'calm', 'calm']);
    expect(levelsOf('en', turns(['I would like to check my order.', 'Okay, thank you.', 'Great, that helps.'], 80))).toEqual(['calm', 'calm', 'calm']);
  });

  it('rises when the customer asks again, louder, with intensity', () => {
    const seen = levelsOf('zh', turns(['我的快递怎么还没到？', '我昨天就问过了，快递怎么还没到？', '快递到底什么时候到！我都问了三次了！']));
    expect(seen[0]).toBe('calm');
    expect(seen[2]).not.toBe('calm');
  });

  it('finds anger without trigger words: the same demand, exclamations, faster, talking over the agent', () => {
    const seen = levelsOf('zh', [
      { text: '我要退款。', startMs: 0, endMs: 2_000 },
      { text: '我要的是退款！', startMs: 10_000, endMs: 11_200 },
      { text: '我要的是退款！！现在就退！', startMs: 20_000, endMs: 21_500, agentUntilMs: 21_000 },
    ]);
    expect(seen).toEqual(['calm', 'rising', 'agitated']);
  });

  it('works in English, and one calm turn after anger does not flip back to calm (hysteresis)', () => {
    const seen = levelsOf('en', turns(['I was charged twice this month.', 'I ALREADY told you I was charged twice!', 'I was charged TWICE! Fix it now!', 'okay.'], 80));
    expect(seen[0]).toBe('calm');
    expect(seen[2]).toBe('agitated');
    expect(seen[3]).toBe('agitated');
  });

  it('reaches the live state the wall shows', () => {
    const events = callScript('ag-1').agent('您好，请问有什么可以帮您？').customer('我要的是退款！').agent('请稍等。').customer('我要的是退款！！现在就退！').events;
    const states = outputsOf(runEngine(events, [shippedPack('zh-CN-standard')]), 'call.state').map((o) => o.state);
    expect(states[states.length - 1]?.customerAgitation?.score).toBeGreaterThan(0);
  });
});
