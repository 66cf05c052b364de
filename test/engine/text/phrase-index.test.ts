import { describe, expect, it } from '@jest/globals';
import { ALLOW_ROLE, ANY_RULE, compilePhraseIndex, EXCEPT_ROLE, type PhraseEntry } from '../../../engine/index.js';

const entry = (ruleId: string, role: string, pattern: string, i = 0): PhraseEntry => ({ key: `${ruleId}#${role}#${i}`, ruleId, role, pattern });

describe('compilePhraseIndex', () => {
  it('finds every pattern in one pass with original offsets', () => {
    const index = compilePhraseIndex([entry('a', 'match', '保本保息'), entry('b', 'match', '本保')], 'zh');
    const { hits } = index.analyze('他说：保本保证。');
    expect(hits.map((h) => [h.ruleId, h.start, h.end])).toEqual([['b', 4, 6]]);
  });

  it('chains gap segments within their limit only', () => {
    const index = compilePhraseIndex([entry('r', 'match', '我不清楚…{4}找别人')], 'zh');
    expect(index.analyze('我不清楚，你去找别人').hits).toHaveLength(1);
    expect(index.analyze('我不清楚这件事情的来龙去脉你找别人').hits).toHaveLength(0);
  });

  it('aligns English matches to whole words', () => {
    const index = compilePhraseIndex([entry('r', 'match', 'calm down')], 'en');
    expect(index.analyze('Please calm down.').hits).toHaveLength(1);
    expect(index.analyze('becalm downtown').hits).toHaveLength(0);
  });

  it('applies clause anchors', () => {
    const index = compilePhraseIndex([entry('r', 'match', '^什么意思$')], 'zh');
    expect(index.analyze('什么意思？').hits).toHaveLength(1);
    expect(index.analyze('您说的是什么意思呢').hits).toHaveLength(0);
  });

  it('closes a clause-end anchor at the end of unpunctuated text and after sentence-final particles, not after 吗', () => {
    const index = compilePhraseIndex([entry('r', 'match', '我怎么知道$')], 'zh');
    expect(index.analyze('我怎么知道').hits).toHaveLength(1);
    expect(index.analyze('我怎么知道嘛').hits).toHaveLength(1);
    expect(index.analyze('我怎么知道啦，你去问吧').hits).toHaveLength(1);
    expect(index.analyze('我怎么知道吗').hits).toHaveLength(0);
    expect(index.analyze('我怎么知道您的地址呢').hits).toHaveLength(0);
  });

  it('does not take spaces between single characters for clause breaks, but does between phrases', () => {
    const index = compilePhraseIndex([entry('r', 'match', '^不归我管$')], 'zh');
    expect(index.analyze('这 事 不 归 我 管').hits).toHaveLength(0);
    expect(index.analyze('这事 不归我管').hits).toHaveLength(1);
    const spaced = compilePhraseIndex([entry('r', 'match', '^这事不归我管$')], 'zh');
    expect(spaced.analyze('这 事 不 归 我 管').hits).toHaveLength(1);
  });

  it('lets except contexts suppress their own rule only, and allow terms suppress every rule', () => {
    const index = compilePhraseIndex(
      [entry('a', 'match', '我不清楚'), entry('a', EXCEPT_ROLE, '我不清楚这个情况'), entry('b', 'match', '不清楚'), entry('c', 'match', '没关系'), entry(ANY_RULE, ALLOW_ROLE, '没关系您慢慢说')],
      'zh',
    );
    expect(index.analyze('我不清楚这个情况，我帮您查').hits.map((h) => h.ruleId)).toEqual(['b']);
    expect(index.analyze('没关系，您慢慢说').hits).toHaveLength(0);
  });
});

describe('PhraseIndex.variantsOf', () => {
  it('shows each normalised expansion with its clause anchors and gap limits', () => {
    const index = compilePhraseIndex([entry('r', 'match', '^(我|咱)不清楚…找別人$')], 'zh');
    expect(index.variantsOf('r#match#0')).toEqual(['^我不清楚 …{4} 找别人$', '^咱不清楚 …{4} 找别人$']);
  });
});
