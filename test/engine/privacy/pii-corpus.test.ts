import { describe, expect, it } from '@jest/globals';
import { generatePiiCorpus, leaks, ORDINARY_CATEGORIES, type SecretItem } from '../../../benchmarks/support/pii-corpus.js';
import { findPersonalData } from '../../../engine/privacy/find-personal-data.js';
import { PERSONAL_DATA_KINDS } from '../../../engine/privacy/personal-data-kind.js';
import { redactText, type RedactionSettings } from '../../../engine/privacy/redact-text.js';

const ALL: RedactionSettings = { kinds: new Set(PERSONAL_DATA_KINDS), keepLast: 4 };
const SEEDS = [20241123, 7, 4242];

// Measured over 50 seeds (22,000 ordinary sentences): 0.02 % falsely masked, at most one sentence (0.23 %) in any
// seed's 440. What remains are marketplace order numbers that happen to pass Luhn with a card prefix and length; they
// are masked on purpose (a leaked card costs more than a masked order number). The bounds leave room for that and
// nothing else: one in a hundred overall, two sentences in a category of forty.
const MAX_FALSE_RATE = 0.01;
const MAX_FALSE_PER_CATEGORY = 2;

const describeLeak = (item: SecretItem, redacted: string) => `${item.format}/${item.form}/${item.withContext ? 'context' : 'bare'}: ${item.text} -> ${redacted}`;

describe('the personal-data corpus', () => {
  it('is the same for the same seed and different for another', () => {
    expect(generatePiiCorpus(1, { perFormat: 2, perCategory: 3 })).toEqual(generatePiiCorpus(1, { perFormat: 2, perCategory: 3 }));
    expect(generatePiiCorpus(1, { perFormat: 2, perCategory: 3 })).not.toEqual(generatePiiCorpus(2, { perFormat: 2, perCategory: 3 }));
  });

  it('holds hundreds of secrets and ordinary numbers, in every format and form, with and without context', () => {
    const { secrets, ordinary } = generatePiiCorpus(SEEDS[0] as number);
    expect(secrets.length).toBeGreaterThan(1500);
    expect(ordinary.length).toBeGreaterThanOrEqual(400);
    const combos = new Set(secrets.map((s) => `${s.format}/${s.form}/${s.withContext}`));
    for (const format of ['cn_id18', 'cn_id15', 'unionpay16', 'unionpay19', 'visa', 'mastercard', 'amex', 'cn_mobile', 'cn_landline', 'us_phone', 'us_ssn']) {
      for (const form of ['plain', 'spaced', 'dashed', 'fullwidth', 'zh_numerals', 'en_words']) for (const ctx of [true, false]) expect(combos).toContain(`${format}/${form}/${ctx}`);
    }
    for (const form of ['written', 'spoken_en', 'spoken_zh']) expect(combos).toContain(`email/${form}/true`);
    expect(secrets.some((s) => s.format === 'cn_id18' && s.secret.endsWith('X'))).toBe(true);
    expect(new Set(ordinary.map((o) => o.category))).toEqual(new Set(ORDINARY_CATEGORIES));
  });
});

describe('redaction over the corpus', () => {
  it.each(SEEDS)('leaves no secret of seed %i in the redacted text, in any form', (seed) => {
    const leaked: string[] = [];
    for (const item of generatePiiCorpus(seed).secrets) {
      const redacted = redactText(item.text, ALL, item.language).text;
      if (leaks(item, redacted)) leaked.push(describeLeak(item, redacted));
    }
    expect(leaked).toEqual([]);
  });

  it.each(SEEDS)('masks almost no ordinary number of seed %i (orders, amounts, dates, staff numbers …)', (seed) => {
    const { ordinary } = generatePiiCorpus(seed);
    const falselyMasked = ordinary.filter((o) => findPersonalData(o.text, ALL.kinds).length > 0);
    expect(falselyMasked.length / ordinary.length).toBeLessThan(MAX_FALSE_RATE);
    for (const category of ORDINARY_CATEGORIES) expect(falselyMasked.filter((o) => o.category === category).map((o) => o.text).length).toBeLessThanOrEqual(MAX_FALSE_PER_CATEGORY);
  });

  it('catches a leak when the judge is shown one', () => {
    const item = generatePiiCorpus(1, { perFormat: 1, perCategory: 1 }).secrets.find((s) => s.format === 'cn_mobile' && s.form === 'plain') as SecretItem;
    expect(leaks(item, item.text)).toBe(true);
    expect(leaks(item, `好的，${item.secret.slice(2, 7).replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)] as string)}`)).toBe(true);
    expect(leaks(item, redactText(item.text, ALL, 'zh').text)).toBe(false);
  });
});
