import { describe, expect, it } from '@jest/globals';
import { UtteranceTracker, type TrackerContext } from '../../../adapters/google-speech/utterance-tracker.js';

function tracker(overrides: Partial<TrackerContext> = {}): UtteranceTracker {
  let n = 0;
  return new UtteranceTracker({ callId: 'c', speaker: 'agent', baseMs: 0, nextId: () => `u${++n}`, ...overrides });
}

const at = (ms: number) => ({ seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 });
const interim = (...pieces: Array<[string, number]>) => ({ results: pieces.map(([transcript, ms]) => ({ alternatives: [{ transcript }], isFinal: false, resultEndTime: at(ms) })) });
const final = (transcript: string, ms: number, extra: object = {}) => ({ results: [{ alternatives: [{ transcript, ...extra }], isFinal: true, resultEndTime: at(ms) }] });

describe('UtteranceTracker', () => {
  it('rebases offsets onto call time when the stream started later in the call', () => {
    const t = tracker({ baseMs: 290_000 });
    expect(t.apply(interim(['hello', 1200]))).toMatchObject([{ type: 'utterance.partial', startMs: 290_000, endMs: 291_200, tMs: 291_200 }]);
    expect(t.apply(final('hello there', 2000, { words: [{ word: 'hello', startTime: at(300), endTime: at(700) }] }))).toMatchObject([
      { type: 'utterance.final', utteranceId: 'u1', startMs: 290_300, endMs: 292_000, words: [{ w: 'hello', startMs: 290_300, endMs: 290_700 }] },
    ]);
    expect(t.settledMs).toBe(292_000);
  });

  it('joins the stable and unstable pieces of an English hypothesis with a space where Google left none', () => {
    const t = tracker();
    expect(t.apply(interim(['to be or not', 900], ['to be', 1500]))[0]).toMatchObject({ text: 'to be or not to be' });
    expect(t.apply(interim(['to be or not', 900], [' to be that', 1700]))[0]).toMatchObject({ text: 'to be or not to be that' });
  });

  it('sends the whole hypothesis in each partial and skips one that did not change', () => {
    const t = tracker();
    expect(t.apply(interim(['您好', 500]))).toHaveLength(1);
    expect(t.apply(interim(['您好', 600]))).toEqual([]);
    expect(t.apply(interim(['您好', 600], ['请问', 800]))[0]).toMatchObject({ text: '您好请问', utteranceId: 'u1' });
  });

  it('closes the current utterance with the final and opens the next from the interims after it', () => {
    const t = tracker();
    t.apply(interim(['您好', 500]));
    const events = t.apply({ results: [...final('您好。', 900).results, ...interim(['请问', 1300]).results] });
    expect(events.map((e) => [e.type, e.utteranceId, e.text, e.startMs])).toEqual([
      ['utterance.final', 'u1', '您好。', 0],
      ['utterance.partial', 'u2', '请问', 900],
    ]);
  });

  it('drops an empty final when nothing was shown, and clears shown partials with an empty final', () => {
    const t = tracker();
    expect(t.apply(final('', 800))).toEqual([]);
    t.apply(interim(['嗯', 1000]));
    expect(t.apply(final('', 1200))).toMatchObject([{ type: 'utterance.final', utteranceId: 'u1', text: '' }]);
  });

  it('keeps confidence only when Google set it, rounded', () => {
    const t = tracker();
    expect(t.apply(final('a', 500, { confidence: 0.8999999761581421 }))[0]).toMatchObject({ confidence: 0.9 });
    expect(t.apply(final('b', 900, { confidence: 0 }))[0]).not.toHaveProperty('confidence');
  });

  it('continues a carried hypothesis under its id, and closes a dangling one with its last text', () => {
    const carried = { utteranceId: 'u7', text: '请', startMs: 1000, endMs: 1200 };
    const t = tracker({ baseMs: 1000, carried });
    expect(t.idle).toBe(false);
    expect(t.apply(interim(['请稍等', 400]))).toMatchObject([{ utteranceId: 'u7', text: '请稍等', startMs: 1000, endMs: 1400 }]);
    expect(t.close()).toMatchObject({ type: 'utterance.final', utteranceId: 'u7', text: '请稍等', endMs: 1400, tMs: 1400 });
    expect(t.close()).toBeUndefined();
    expect(t.idle).toBe(true);
  });
});
