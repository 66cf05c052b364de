import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { normalizeText, originalSpan } from '../../../engine/index.js';

describe('normalizeColloquial (through normalizeText)', () => {
  it('spells colloquial Chinese the standard way and maps it back to what was said', () => {
    const original = '我哪儿知道啊，你自个儿去问吧。嚷嚷啥？';
    const n = normalizeText(original, 'zh');
    expect(n.text).toBe('我哪知道你自己去问吧嚷嚷什么');
    const at = n.text.indexOf('什么');
    const span = originalSpan(n, at, at + 2);
    expect(original.slice(span.start, span.end)).toBe('啥');
    expect(normalizeText('咋办，甭担心', 'zh').text).toBe('怎么办不用担心');
  });

  it('maps dialect words to Mandarin', () => {
    expect(normalizeText('我咋个晓得嘛', 'zh').text).toBe('我怎么知道嘛');
    expect(normalizeText('你说啥子', 'zh').text).toBe('你说什么');
    expect(normalizeText('这事儿我也不晓得', 'zh').text).toBe('这事我也不知道');
  });

  it('spells negations out and contracts a pronoun with its verb, so said-apart and contracted forms are one', () => {
    expect(normalizeText("I didn't say that", 'en').text).toBe(normalizeText('I did not say that', 'en').text);
    expect(normalizeText("That isn't my job", 'en').text).toBe(normalizeText("That's not my job", 'en').text);
    expect(normalizeText("That's not my job", 'en').text).toBe('thats not my job');
    expect(normalizeText('We cannot do that', 'en').text).toBe('we can not do that');
    // "we're" and "were" cannot be told apart: left alone.
    expect(normalizeText("We're closed", 'en').text).toBe('were closed');
  });

  it('spells run-together English in full and drops empty intensifiers, keeping single spaces', () => {
    expect(normalizeText("I dunno, I'm gonna check", 'en').text).toBe('i do not know im going to check');
    expect(normalizeText("I've literally told you", 'en').text).toBe('ive told you');
    expect(normalizeText('told you basically', 'en').text).toBe('told you');
    expect(normalizeText('literally', 'en').text).toBe('');
    // Whole words only.
    expect(normalizeText('Gonnad wannabe', 'en').text).toBe('gonnad wannabe');
  });

  it('leaves no double space behind and is idempotent, whatever the mix', () => {
    const word = fc.constantFrom('gonna', 'literally', 'basically', 'i', 'told', 'you', 'dunno', 'um', ',', '.', 'dont', 'im', 'like', 'know');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), (words) => {
        const once = normalizeText(words.join(' '), 'en').text;
        expect(once).not.toMatch(/ {2}|^ | $/);
        expect(normalizeText(once, 'en').text).toBe(once);
      }),
    );
    const piece = fc.constantFrom('啥', '咋', '哪儿', '自个儿', '你', '儿', '，', '嗯', '甭', '晓得', '子', '个', '事');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const once = normalizeText(pieces.join(''), 'zh').text;
        expect(normalizeText(once, 'zh').text).toBe(once);
      }),
    );
  });
});
