import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { normalizeText, originalSpan } from '../../../engine/index.js';

describe('normalizeText', () => {
  it('folds width, case, punctuation and spaces in Chinese, and maps back to the original', () => {
    const original = '您好，ＡＢＣ 這裡！';
    const n = normalizeText(original, 'zh');
    expect(n.text).toBe('您好abc这里');
    const at = n.text.indexOf('这里');
    const span = originalSpan(n, at, at + 2);
    expect(original.slice(span.start, span.end)).toBe('這裡');
    expect(n.clauseBreaks).toEqual([2, 5]);
  });

  it('keeps single spaces between English words and drops apostrophes', () => {
    const n = normalizeText("  That's NOT  my problem, OK? ", 'en');
    expect(n.text).toBe('thats not my problem ok');
    const at = n.text.indexOf('not my problem');
    const span = originalSpan(n, at, at + 'not my problem'.length);
    expect("  That's NOT  my problem, OK? ".slice(span.start, span.end)).toBe('NOT  my problem');
  });

  it('splits hyphenated words without marking a clause break', () => {
    const n = normalizeText('a follow-up call', 'en');
    expect(n.text).toBe('a follow up call');
    expect(n.clauseBreaks).toEqual([]);
  });

  it('maps every normalised character inside the original, in order', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.constantFrom('zh' as const, 'en' as const), (text, language) => {
        const n = normalizeText(text, language);
        expect(n.originStart).toHaveLength(n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          const start = n.originStart[i] as number;
          const end = n.originEnd[i] as number;
          expect(start).toBeGreaterThanOrEqual(0);
          expect(end).toBeLessThanOrEqual(text.length);
          expect(start).toBeLessThanOrEqual(end);
          if (i > 0) expect(start).toBeGreaterThanOrEqual(n.originStart[i - 1] as number);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.constantFrom('zh' as const, 'en' as const), (text, language) => {
        const once = normalizeText(text, language).text;
        expect(normalizeText(once, language).text).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
