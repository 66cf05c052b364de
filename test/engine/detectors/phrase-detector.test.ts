import { describe, expect, it } from '@jest/globals';
import { callScript } from '../../support/call-script.js';
import { packFromYaml } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const pack = packFromYaml(`
id: test-zh
version: 1.0.0
language: zh-CN
rules:
  - id: t.buguan
    category: forbidden_phrase
    kind: phrase
    match: ['不关我(的)?事']
    nudge: 请勿说“{phrase}”
    suggest: 这个问题我来帮您协调处理。
  - id: t.zhaoji
    category: forbidden_phrase
    kind: phrase
    match: ['你着急什么']
    except: ['着急什么时候']
`);

describe('phraseDetector', () => {
  it('flags from an interim result and confirms on the final, keeping the early time', () => {
    const events = callScript('c').agent('这个不关我的事！', { at: 10_000, durationMs: 4_000, partials: ['这个不关', '这个不关我的事'] }).end().events;
    const outputs = runEngine(events, [pack]);
    const [finding] = outputsOf(outputs, 'finding');
    const firstPartial = events.find((e) => e.type === 'utterance.partial' && e.text === '这个不关我的事');
    const final = events.find((e) => e.type === 'utterance.final');
    expect(finding?.finding).toMatchObject({ ruleId: 't.buguan', utteranceId: 'u1', category: 'forbidden_phrase', packId: 'test-zh', packVersion: '1.0.0' });
    expect(finding?.finding.atMs).toBe((firstPartial?.tMs ?? 0) + 200);
    expect(finding?.finding.confirmedAtMs).toBe((final?.tMs ?? 0) + 200);
    expect(finding?.finding.evidence.quote).toBe('不关我的事');
    const nudges = outputsOf(outputs, 'nudge').map((n) => n.nudge);
    expect(nudges.map((n) => n.status)).toEqual(['provisional', 'confirmed']);
    expect(nudges[0]?.nudgeId).toBe(nudges[1]?.nudgeId);
    expect(nudges[1]).toMatchObject({ text: '请勿说“不关我的事”', suggest: '这个问题我来帮您协调处理。' });
  });

  it('never turns an interim-only phrase into a finding, and retracts its nudge', () => {
    const events = callScript('c').agent('您着急什么时候要结果，我可以帮您申请加急处理。', { partials: ['你着急什么'] }).end().events;
    const outputs = runEngine(events, [pack]);
    expect(outputsOf(outputs, 'finding')).toHaveLength(0);
    expect(outputsOf(outputs, 'nudge').map((n) => n.nudge.status)).toEqual(['provisional']);
    expect(outputsOf(outputs, 'nudge.retracted')).toHaveLength(1);
  });

  it('holds a provisional nudge until stable when the policy says so, sparing the agent a retraction', () => {
    const events = callScript('c').agent('您着急什么时候要结果', { durationMs: 3_000, partials: ['你着急什么'], finalLagMs: 0 }).end().events;
    const outputs = runEngine(events, [pack], { nudgePolicy: { provisional: 'hold', stableMs: 5_000 } });
    expect(outputsOf(outputs, 'nudge')).toHaveLength(0);
    expect(outputsOf(outputs, 'nudge.retracted')).toHaveLength(0);
  });

  it('ignores the customer saying a forbidden phrase', () => {
    const events = callScript('c').customer('上次你们客服跟我说不关我的事').end().events;
    expect(outputsOf(runEngine(events, [pack]), 'finding')).toHaveLength(0);
  });

  it('suppresses a match inside an except context', () => {
    const events = callScript('c').agent('你着急什么时候要，我帮您加急').end().events;
    expect(outputsOf(runEngine(events, [pack]), 'finding')).toHaveLength(0);
  });

  it('matches across punctuation, width, spaces and traditional characters', () => {
    const events = callScript('c').agent('這 不關我的事！').agent('ＯＫ，不关 我 的事').end().events;
    expect(outputsOf(runEngine(events, [pack]), 'finding').map((f) => f.finding.utteranceId)).toEqual(['u1', 'u2']);
  });

  it('reports each utterance once however many partials repeat it', () => {
    const events = callScript('c').agent('不关我的事不关我的事', { partials: ['不关我的事', '不关我的事不关', '不关我的事不关我的事'] }).end().events;
    const outputs = runEngine(events, [pack]);
    expect(outputsOf(outputs, 'finding')).toHaveLength(1);
    expect(outputsOf(outputs, 'nudge')).toHaveLength(2);
  });

  it('retracts as soon as a later interim result drops the phrase, and flags again if it comes back', () => {
    const events = callScript('c').agent('不关我的事', { durationMs: 6_000, partials: ['不关我的事', '不关机的时候', '不关我的事'] }).end().events;
    const outputs = runEngine(events, [pack]);
    const thirdPartial = events.filter((e) => e.type === 'utterance.partial')[2];
    expect(outputsOf(outputs, 'nudge.retracted')).toHaveLength(1);
    expect(outputsOf(outputs, 'nudge').map((n) => n.nudge.status)).toEqual(['provisional', 'provisional', 'confirmed']);
    const [finding] = outputsOf(outputs, 'finding');
    expect(finding?.finding.atMs).toBe((thirdPartial?.tMs ?? 0) + 200);
  });

  it('cancels a held nudge when a later interim result drops the phrase before the hold ends', () => {
    const events = callScript('c').agent('不关机的时候再试', { durationMs: 8_000, partials: ['不关我的事', '不关机的时候'] }).end().events;
    const outputs = runEngine(events, [pack], { nudgePolicy: { provisional: 'hold', stableMs: 3_000 } });
    expect(outputsOf(outputs, 'nudge')).toHaveLength(0);
    expect(outputsOf(outputs, 'finding')).toHaveLength(0);
  });
});
