import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { normalizeText, originalSpan } from '../../../engine/index.js';

describe('removeFillers (through normalizeText)', () => {
  it('drops Chinese fillers inside a phrase and maps the rest back to the original', () => {
    const original = '你问我，嗯，那个，我问谁？';
    const n = normalizeText(original, 'zh');
    expect(n.text).toBe('你问我我问谁');
    const span = originalSpan(n, 3, 6);
    expect(original.slice(span.start, span.end)).toBe('我问谁');
  });

  it('keeps 那个 when it points at a noun', () => {
    expect(normalizeText('那个订单我查一下', 'zh').text).toBe('那个订单我查一下');
    expect(normalizeText('那个，您别着急', 'zh').text).toBe('您别着急');
  });

  it('drops English fillers and keeps single spaces', () => {
    expect(normalizeText('I, um, already uh told you', 'en').text).toBe('i already told you');
    expect(normalizeText('um uh', 'en').text).toBe('');
    expect(normalizeText('told you um um', 'en').text).toBe('told you');
    expect(normalizeText('umbrella', 'en').text).toBe('umbrella');
  });

  it('drops like, you know and I mean only when they are set off as a clause of their own', () => {
    expect(normalizeText("We, like, can't do that, you know.", 'en').text).toBe('we can not do that');
    expect(normalizeText("That's, I mean, not my problem.", 'en').text).toBe('thats not my problem');
    expect(normalizeText('Would you like me to email you?', 'en').text).toBe('would you like me to email you');
    expect(normalizeText('I mean it, you know the rules', 'en').text).toBe('i mean it you know the rules');
    expect(normalizeText('Like.', 'en').text).toBe('like');
  });

  it('keeps the clause break where a set-off filler was, so a filler never joins two clauses', () => {
    const n = normalizeText('Fine, you know, call back', 'en');
    expect(n.text).toBe('fine call back');
    expect(n.clauseBreaks).toContain(n.text.indexOf('call'));
  });

  it('drops the first try of a stutter (removeStutters), but not a repeated number', () => {
    expect(normalizeText('five five five one two', 'en').text).toBe('55512');
    expect(normalizeText('What what do you want', 'en').text).toBe('what do you want');
    expect(normalizeText("That's not, not my department", 'en').text).toBe('thats not my department');
    expect(normalizeText('您稍等 我 我查一下', 'zh').text).toBe('您稍等我查一下');
    // 这个 opening a clause into a pronoun is a filler too.
    expect(normalizeText('这个，就是，我们做不到', 'zh').text).toBe('我们做不到');
    expect(normalizeText('就是，就是不行', 'zh').text).toBe('就是不行');
    // Reduplicated words are words, not stutters.
    expect(normalizeText('谢谢您，我看看', 'zh').text).toBe('谢谢您我看看');
  });

  it('leaves no filler and no double space behind, whatever the mix', () => {
    const word = fc.constantFrom('um', 'uh', 'i', 'told', 'you', 'er', 'hmm', 'calm', ',', '.');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), (words) => {
        const n = normalizeText(words.join(' '), 'en');
        expect(n.text.split(' ').filter((w) => ['um', 'uh', 'er', 'hmm'].includes(w))).toEqual([]);
        expect(n.text).not.toMatch(/ {2}|^ | $/);
      }),
    );
  });

  it('is idempotent on Chinese text full of fillers', () => {
    const piece = fc.constantFrom('嗯', '那个', '这个', '你', '我', '订单', '，', '啊', '问谁', '那');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const once = normalizeText(pieces.join(''), 'zh').text;
        expect(normalizeText(once, 'zh').text).toBe(once);
      }),
    );
  });
});
