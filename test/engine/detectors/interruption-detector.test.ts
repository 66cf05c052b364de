import { describe, expect, it } from '@jest/globals';
import type { CallEvent } from '../../../engine/index.js';
import { callScript } from '../../support/call-script.js';
import { packFromYaml } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const pack = packFromYaml(`
id: test-interruption
version: 1.0.0
language: zh-CN
rules:
  - id: t.interruption
    category: interruption
    kind: interruption
    over: customer
    minOverlapMs: 1200
    backchannels: [嗯, 对, 好的]
`);

const findings = (events: CallEvent[]) => outputsOf(runEngine(events, [pack], { reorderWindowMs: 0, nudgePolicy: { provisional: 'show' as const } }), 'finding').map((f) => f.finding);

/** The customer talks from 1 s to 9 s; the agent starts at `agentAt`. */
function overlap(agentAt: number, agentText = '我跟您说一下这个情况。', agentPartials: string[] = ['我跟您说']) {
  return callScript('c').customer('我这个宽带已经断了三天了，一直没有人来修。', { at: 1_000, durationMs: 8_000, partials: ['我这个宽带', '我这个宽带已经断了三天了'] }).agent(agentText, { at: agentAt, durationMs: 5_000, partials: agentPartials }).end().events;
}

describe('interruptionDetector', () => {
  it('flags nothing in a call with no speech, or normal turn-taking', () => {
    expect(findings(callScript('c').pause(10_000).end().events)).toEqual([]);
    expect(findings(callScript('c').customer('我想查话费。').agent('好的，我帮您查。').customer('谢谢。').end().events)).toEqual([]);
  });

  it('flags the agent starting 1.2 s or more before the customer finished, with the overlap', () => {
    const [finding] = findings(overlap(6_000));
    expect(finding).toMatchObject({ category: 'interruption', utteranceId: 'u2', evidence: { observed: 3, limit: 1.2, unit: 's', speaker: 'agent' } });
    expect(finding?.evidence.explanation).toBe('the agent started talking 3 s before the customer had finished (limit 1.2 s)');
  });

  it('does not flag an overlap of 1.199 s; flags one of 1.2 s', () => {
    expect(findings(overlap(7_801))).toEqual([]);
    expect(findings(overlap(7_800))).toHaveLength(1);
  });

  it('flags live, from the first interim results that prove the overlap', () => {
    // The agent's first partial arrives at 7.5 s, while the customer's utterance is known to run to 5.8 s only; the
    // customer's final (9 s) then proves 3 s of overlap, before the agent's own final.
    const events = overlap(6_000);
    const outputs = runEngine(events, [pack], { reorderWindowMs: 0, nudgePolicy: { provisional: 'show' as const } });
    const [finding] = outputsOf(outputs, 'finding').map((f) => f.finding);
    const agentFinal = events.find((e) => e.type === 'utterance.final' && e.speaker === 'agent');
    expect(finding?.atMs).toBeLessThan(agentFinal?.tMs ?? 0);
  });

  it('never flags the customer talking over the agent', () => {
    const events = callScript('c').agent('我跟您说一下这个套餐的具体情况。', { at: 1_000, durationMs: 8_000 }).customer('等一下，我没听明白。', { at: 4_000, durationMs: 3_000 }).end().events;
    expect(findings(events)).toEqual([]);
  });

  it('flags each interrupting utterance once, however many revisions prove it', () => {
    const events = callScript('c')
      .customer('第一段很长的话。', { at: 1_000, durationMs: 8_000, partials: ['第一', '第一段', '第一段很长'] })
      .agent('我说一下。', { at: 5_000, durationMs: 2_000, partials: ['我', '我说'] })
      .customer('第二段也很长的话。', { at: 12_000, durationMs: 8_000 })
      .agent('我再说一下。', { at: 15_000, durationMs: 2_000 })
      .end().events;
    expect(findings(events).map((f) => f.key)).toEqual(['t.interruption:u2', 't.interruption:u4']);
  });

  it('ignores listening noises, and judges a backchannel interim by what it becomes', () => {
    expect(findings(overlap(6_000, '嗯', []))).toEqual([]);
    expect(findings(overlap(6_000, '嗯，我跟您说一下', ['嗯']))).toHaveLength(1);
  });
});
