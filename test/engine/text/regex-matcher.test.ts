import { describe, expect, it } from '@jest/globals';
import { compilePhraseIndex, PhraseCompileError, type PhraseEntry } from '../../../engine/index.js';

const regex = (pattern: string, ruleId = 'r'): PhraseEntry => ({ key: `${ruleId}#match#regex0`, ruleId, role: 'match', pattern, syntax: 'regex' });

describe('RegexMatcher (through compilePhraseIndex)', () => {
  it('matches opt-in regexes on the normalised text and maps hits back to the original', () => {
    const index = compilePhraseIndex([regex('card (\\d ?){15}\\d')], 'en');
    const text = 'Your CARD: 4111-1111-1111-1111, right?';
    const [hit] = index.analyze(text).hits;
    expect(hit).toMatchObject({ ruleId: 'r', role: 'match', method: 'exact' });
    expect(text.slice(hit?.start, hit?.end)).toBe('CARD: 4111-1111-1111-1111');
  });

  it('runs beside the pattern language in the same index, and shows regexes in variantsOf', () => {
    const index = compilePhraseIndex([{ key: 'p#match#0', ruleId: 'p', role: 'match', pattern: '工号' }, regex('\\d{11}', 'phone')], 'zh');
    expect(index.analyze('工号1024，手机13800138000').hits.map((h) => h.ruleId).sort()).toEqual(['p', 'phone']);
    expect(index.variantsOf('phone#match#regex0')).toEqual(['/\\d{11}/']);
  });

  it('refuses an invalid regex with a PhraseCompileError naming the entry', () => {
    expect(() => compilePhraseIndex([regex('(a')], 'en')).toThrow(PhraseCompileError);
  });
});
