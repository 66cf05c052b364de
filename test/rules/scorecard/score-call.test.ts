import { describe, expect, it } from '@jest/globals';
import type { CompiledScorecard } from '../../../engine/index.js';
import { overrideProblem, scoreCall, type ScoredFinding } from '../../../rules/scorecard/score-call.js';
import { shippedPack } from '../../support/packs.js';

const card: CompiledScorecard = {
  id: 'qa',
  version: '1.0.0',
  pack: 'p@1.0.0',
  title: 'test',
  passMark: 80,
  sections: [
    {
      id: 'etiquette',
      title: 'etiquette',
      weight: 40,
      items: [
        { id: 'greeting', title: 'greeting', points: 10, rules: ['r.greeting'], autoFail: false, naAllowed: false },
        { id: 'forbidden', title: 'forbidden', points: 10, rules: ['r.f1', 'r.f2'], perFinding: 4, autoFail: false, naAllowed: false },
        { id: 'red', title: 'red line', points: 1, rules: [], autoFail: true, naAllowed: false },
      ],
    },
    { id: 'resolution', title: 'resolution', weight: 30, items: [{ id: 'solved', title: 'solved', points: 10, rules: [], autoFail: false, naAllowed: false }] },
    { id: 'satisfaction', title: 'satisfaction', weight: 30, items: [{ id: 'survey', title: 'survey', points: 10, rules: [], autoFail: false, naAllowed: true }] },
  ],
};

const finding = (key: string, ruleId: string, verdict?: 'confirmed' | 'dismissed'): ScoredFinding => ({ key, ruleId, ...(verdict ? { review: { verdict } } : {}) });

describe('scoreCall', () => {
  it('fills rule items from findings and leaves manual items pending (out of the total) when nobody scored them', () => {
    const score = scoreCall(card, [finding('k1', 'r.f1')]);
    expect(score.scorecard).toBe('qa@1.0.0');
    expect(score.pending).toBe(3);
    const etiquette = score.sections[0];
    expect(etiquette?.items.map((i) => [i.id, i.outcome, i.earned])).toEqual([
      ['greeting', 'pass', 10],
      ['forbidden', 'partial', 6],
      ['red', 'pending', undefined],
    ]);
    expect(etiquette?.items[1]?.findingKeys).toEqual(['k1']);
    // Only etiquette can be scored: 16/20 of it, scaled to 100.
    expect(etiquette?.score).toBe(32);
    expect(score.total).toBe(80);
    expect(score.passed).toBe(true);
  });

  it('caps perFinding at the item, fails an item without perFinding on one finding, and ignores dismissed findings', () => {
    const score = scoreCall(card, [finding('a', 'r.f1'), finding('b', 'r.f2'), finding('c', 'r.f1'), finding('g', 'r.greeting', 'dismissed')]);
    expect(score.sections[0]?.items.slice(0, 2).map((i) => [i.outcome, i.earned])).toEqual([
      ['pass', 10],
      ['fail', 0],
    ]);
    const failedGreeting = scoreCall(card, [finding('g', 'r.greeting', 'confirmed')]);
    expect(failedGreeting.sections[0]?.items[0]).toMatchObject({ outcome: 'fail', earned: 0 });
  });

  it('weights the sections 40/30/30 once the reviewer has scored everything, with N/A left out', () => {
    const score = scoreCall(card, [finding('a', 'r.f1')], {
      red: { outcome: 'pass', reason: 'no breach' },
      solved: { outcome: 'fail', earned: 5, reason: 'half solved' },
      survey: { outcome: 'na', reason: 'no survey' },
    });
    // etiquette (10 + 6 + 1) / 21 × 40 = 32.38; resolution 5/10 × 30 = 15; satisfaction left out: (32.38 + 15) / 70 × 100.
    expect(score.sections.map((s) => s.score)).toEqual([32.4, 15, undefined]);
    expect(score.total).toBe(67.7);
    expect(score.passed).toBe(false);
    expect(score.pending).toBe(0);
    expect(score.sections[1]?.items[0]).toMatchObject({ outcome: 'partial', earned: 5, source: 'reviewer', override: { reason: 'half solved' } });
  });

  it('lets a reviewer override an automatic item, and scores 0 when an auto-fail item fails', () => {
    const overridden = scoreCall(card, [finding('a', 'r.greeting')], { greeting: { outcome: 'pass', reason: 'the greeting was said before the recording' } });
    expect(overridden.sections[0]?.items[0]).toMatchObject({ outcome: 'pass', earned: 10, source: 'reviewer', findingKeys: ['a'] });
    const failed = scoreCall(card, [], { red: { outcome: 'fail', reason: 'argued with the customer' }, solved: { outcome: 'pass', reason: 'ok' } });
    expect(failed.autoFailed).toEqual(['red']);
    expect(failed.total).toBe(0);
    expect(failed.passed).toBe(false);
  });

  it('has no total while nothing is scorable', () => {
    const manualOnly: CompiledScorecard = { ...card, sections: card.sections.slice(1) };
    expect(scoreCall(manualOnly, []).total).toBeUndefined();
  });

  it('scores a clean call on the shipped zh-CN scorecard from its automatic items', () => {
    const score = scoreCall(shippedPack('zh-CN-standard').scorecard as CompiledScorecard, [finding('f', 'zh.forbidden.ni_wen_wo')]);
    expect(score.scorecard).toBe('zh-CN-qa@1.3.0');
    expect(score.sections[0]?.items.find((i) => i.id === 'forbidden')).toMatchObject({ outcome: 'partial', earned: 5 });
  });
});

describe('overrideProblem', () => {
  it('names what is wrong with an override', () => {
    expect(overrideProblem(card, 'nope', { outcome: 'pass', reason: 'x' })).toBe('scorecard qa@1.0.0 has no item nope');
    expect(overrideProblem(card, 'solved', { outcome: 'maybe', reason: 'x' })).toBe('outcome must be "pass", "fail" or "na"');
    expect(overrideProblem(card, 'solved', { outcome: 'na', reason: 'x' })).toBe('item solved cannot be marked not applicable');
    expect(overrideProblem(card, 'solved', { outcome: 'fail', earned: 10, reason: 'x' })).toBe("earned must be a number from 0 to below the item's 10 points");
    expect(overrideProblem(card, 'solved', { outcome: 'pass', earned: 3, reason: 'x' })).toBe('earned (partial credit) goes only with outcome "fail"');
    expect(overrideProblem(card, 'solved', { outcome: 'pass', reason: '  ' })).toBe('every change needs a reason');
    expect(overrideProblem(card, 'survey', { outcome: 'na', reason: 'no survey' })).toBeUndefined();
  });
});
