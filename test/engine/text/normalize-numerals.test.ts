import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { normalizeText, originalSpan } from '../../../engine/index.js';

describe('normalizeNumerals (through normalizeText)', () => {
  it('writes Chinese numbers as digits', () => {
    expect(normalizeText('三十五', 'zh').text).toBe('35');
    expect(normalizeText('一百零八', 'zh').text).toBe('108');
    expect(normalizeText('两千', 'zh').text).toBe('2000');
    expect(normalizeText('三万五千', 'zh').text).toBe('35000');
    expect(normalizeText('幺零零八六', 'zh').text).toBe('10086');
    expect(normalizeText('你都问了三遍了', 'zh').text).toBe('你都问了3遍了');
    expect(normalizeText('你都问了3遍了', 'zh').text).toBe('你都问了3遍了');
  });

  it('leaves words that only contain numerals alone', () => {
    expect(normalizeText('我查一下，一样的问题，万一不行，十分感谢，统一处理', 'zh').text).toBe('我查一下一样的问题万一不行十分感谢统一处理');
  });

  it('does not join numbers across a clause break', () => {
    expect(normalizeText('一百，二十', 'zh').text).toBe('10020');
    expect(normalizeText('一百，二十', 'zh').clauseBreaks).toEqual([3]);
  });

  it('writes spelled English numbers as digits', () => {
    expect(normalizeText('I told you three times', 'en').text).toBe('i told you 3 times');
    expect(normalizeText('twenty-five dollars', 'en').text).toBe('25 dollars');
    expect(normalizeText('a hundred and five', 'en').text).toBe('105');
    expect(normalizeText('call five five five, one two', 'en').text).toBe('call 555 12');
    expect(normalizeText('no one knows, that one', 'en').text).toBe('no one knows that one');
  });

  it('maps a converted number back to the words that said it', () => {
    const original = 'about twenty five minutes';
    const n = normalizeText(original, 'en');
    const at = n.text.indexOf('25');
    const span = originalSpan(n, at, at + 2);
    expect(original.slice(span.start, span.end)).toBe('twenty five');
  });

  it('reads any number written in words as the same digits as written in figures', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), (value) => {
        const units = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
        const teens = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
        const tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
        const words = value < 10 ? units[value] : value < 20 ? teens[value - 10] : `${tens[Math.floor(value / 10)]}${value % 10 ? ` ${units[value % 10]}` : ''}`;
        // A lone "one" is left as a word: it is more often a pronoun than a number.
        expect(normalizeText(`pay ${words as string} now`, 'en').text).toBe(`pay ${value === 1 ? 'one' : value} now`);
      }),
    );
  });

  // Without punctuation: normalised Chinese text no longer shows its clause breaks, and "一，零" is two words, "一零" a number.
  it('is idempotent on mixes of numerals and text', () => {
    const piece = fc.constantFrom('一', '二', '十', '百', '零', '两', '幺', '遍', '个', '下', '3', '第', '万');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const once = normalizeText(pieces.join(''), 'zh').text;
        expect(normalizeText(once, 'zh').text).toBe(once);
      }),
    );
  });
});
