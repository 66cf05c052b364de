import { describe, expect, it } from '@jest/globals';
import { expandPattern, PatternSyntaxError } from '../../../engine/index.js';

const texts = (pattern: string, lexicons = new Map<string, string[]>()) =>
  expandPattern(pattern, lexicons).map((v) => v.parts.map((p) => (p.kind === 'text' ? p.text : `…${p.max ?? ''}`)).join(''));

describe('expandPattern', () => {
  it('expands alternatives, optional groups and lexicons', () => {
    expect(texts('找(领导|经理)[去]', new Map())).toEqual(['找领导去', '找领导', '找经理去', '找经理']);
    expect(texts('(你)?问我', new Map())).toEqual(['你问我', '问我']);
    expect(texts('找{boss}', new Map([['boss', ['领导', '主管']]]))).toEqual(['找领导', '找主管']);
  });

  it('keeps gaps and their limits', () => {
    expect(texts('我不清楚…{6}找别人')).toEqual(['我不清楚…6找别人']);
    expect(texts('a ... b')).toEqual(['a …  b'.replace('…  ', '… ')]);
  });

  it('records clause anchors', () => {
    const [v] = expandPattern('^什么意思$');
    expect(v).toMatchObject({ anchoredStart: true, anchoredEnd: true });
  });

  it.each([
    ['(a|b', 0, 'never closed'],
    ['a|b', 1, 'outside a group'],
    ['ab*', 2, 'not pattern syntax'],
    ['{nope}', 0, 'unknown lexicon'],
    ['…a', 0, 'between two pieces'],
    ['(a)', 0, 'at least two alternatives'],
  ])('rejects %s at column %i', (pattern, column, message) => {
    let error: unknown;
    try {
      expandPattern(pattern);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PatternSyntaxError);
    expect((error as PatternSyntaxError).column).toBe(column);
    expect((error as Error).message).toContain(message);
  });

  it('refuses a pattern that explodes into too many variants', () => {
    expect(() => expandPattern('(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)')).toThrow(/more than/);
  });
});
