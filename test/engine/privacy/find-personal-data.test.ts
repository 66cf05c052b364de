import { describe, expect, it } from '@jest/globals';
import { chineseId18Valid, luhnValid, ssnValid } from '../../../engine/privacy/checksums.js';
import { readDigitRuns } from '../../../engine/privacy/digit-runs.js';
import { findEmails } from '../../../engine/privacy/find-emails.js';
import { findPersonalData } from '../../../engine/privacy/find-personal-data.js';

// Synthetic numbers, valid only by their checksums: 11010519491231002X is the standard's worked example,
// 4111111111111111 and 378282246310005 are the schemes' published test cards.
const ID18 = '11010519491231002X';
const ID18_DIGIT = '440305199001011248';
const ID15 = '110105491231002';
const VISA = '4111111111111111';
const AMEX = '378282246310005';
const UNIONPAY19 = '6222021234567890128';

const kinds = (text: string) => findPersonalData(text).map((m) => m.kind);
const digitsOf = (text: string) => findPersonalData(text).map((m) => m.digits);

describe('the fixtures', () => {
  it('are valid by their checksums', () => {
    expect(chineseId18Valid(ID18)).toBe(true);
    expect(chineseId18Valid(ID18_DIGIT)).toBe(true);
    for (const card of [VISA, AMEX, UNIONPAY19]) expect(luhnValid(card)).toBe(true);
    expect(ssnValid('123456789')).toBe(true);
    expect(ssnValid('666123456')).toBe(false);
  });
});

describe('reading numbers', () => {
  it('does not fail on a number followed by separators to the end of the text', () => {
    expect(readDigitRuns('okay so 2125550199.').map((r) => r.digits)).toEqual(['2125550199']);
    expect(readDigitRuns('138 1234 5678 - ').map((r) => r.digits)).toEqual(['13812345678']);
  });

  it('keeps groups paused with " ... " or an ellipsis in one number', () => {
    expect(readDigitRuns('one one oh ... one oh five').map((r) => r.digits)).toEqual(['110105']);
    expect(readDigitRuns('幺三八……一二三四')[0]?.digits).toBe('1381234');
  });

  it('groups English words by their pauses, not by the spaces every word needs', () => {
    const [run] = readDigitRuns('two one two, five five five, oh one nine nine');
    expect(run?.digits).toBe('2125550199');
    expect(run?.groups).toEqual([3, 3, 4]);
    expect(run?.spoken).toBe(true);
    expect(readDigitRuns('212 555 0199')[0]?.spoken).toBe(false);
  });

  it('keeps an "oh" said in the flow of the digits, drops one set off as an interjection', () => {
    expect(readDigitRuns('four seven nine oh.')[0]?.digits).toBe('4790');
    expect(readDigitRuns('oh two eight three')[0]?.digits).toBe('0283');
    expect(readDigitRuns('oh, one two three')[0]?.digits).toBe('123');
    expect(readDigitRuns('oh I see')).toEqual([]);
  });

  it('reads the X of an ID after 17 digits even when "double" said two of them', () => {
    expect(readDigitRuns('one one oh one oh five one nine four nine one two three one double oh two X')[0]?.digits).toBe(ID18);
  });
});

describe('resident IDs', () => {
  it.each([
    ['plain', `我的身份证号是${ID18}。`],
    ['bare', `${ID18_DIGIT}，您记一下。`],
    ['spaced', '身份证 110105 19491231 002X'],
    ['dashed', '110105-19491231-002X，对。'],
    ['full-width', '证件号是１１０１０５１９４９１２３１００２Ｘ'],
    ['Chinese numerals', '我身份证是幺幺零幺零五幺九四九幺两三幺零零两叉'],
    ['English words with a pause', 'it is one one oh one oh five ... one nine four nine one two three one ... oh oh two X'],
    ['15 digits', `身份证号${ID15}`],
  ])('masks one written %s', (_form, text) => {
    expect(kinds(text)).toEqual(['cn_id']);
  });

  it('leaves an 18-digit number whose checksum fails when nothing says it is an ID', () => {
    expect(kinds('订单号110105194912310021')).toEqual([]);
  });
});

describe('bank cards', () => {
  it.each([
    ['plain', `我的卡号是${UNIONPAY19}。`],
    ['bare, by Luhn and prefix', `${VISA}，您记一下。`],
    ['spaced', '卡号 6222 0212 3456 7890 128'],
    ['dashed', 'card number 4111-1111-1111-1111'],
    ['full-width', '卡号４１１１１１１１１１１１１１１１'],
    ['Chinese numerals', '银行卡号四幺幺幺，幺幺幺幺，幺幺幺幺，幺幺幺幺'],
    ['English words', 'my card is four triple one, one one one one, one one one one, one one one one'],
    ['Amex', `the credit card is ${AMEX}.`],
  ])('masks one written %s', (_form, text) => {
    expect(kinds(text)).toEqual(['bank_card']);
  });

  it('masks a Luhn-valid card even after an order word, but only at a length its scheme issues', () => {
    expect(kinds(`订单号${VISA}`)).toEqual(['bank_card']);
    // 14 digits with the Amex prefix and a passing Luhn: Amex cards are 15 digits, so an order number.
    expect(luhnValid('37798312991637')).toBe(true);
    expect(kinds('I am calling about 37798312991637, the order from last week.')).toEqual([]);
  });
});

describe('phones', () => {
  it.each([
    ['a mobile, plain', '我的手机号是13812345678。'],
    ['a mobile, bare', '13812345678，您记一下。'],
    ['a mobile, spaced', '138 1234 5678'],
    ['a mobile, full-width', '１３８１２３４５６７８'],
    ['a mobile, Chinese numerals', '幺三八幺两三四五六七八'],
    ['a mobile after 0086', 'okay so 0086 138 1234 5678.'],
    ['a mobile after +86', '您可以打+86-138-1234-5678联系我'],
    ['a landline', '座机010-12345678'],
    ['a landline in English words with double', 'zero two seven - eight double four eight two nine two one'],
    ['a US number, parenthesised', 'call me back at (212) 555-0199.'],
    ['a US number, bare and plain', 'it should be 7189735873 I think.'],
    ['a US number after +1', 'uh, +12125269331, that is right.'],
    ['a US number after 打', '您可以打4158698557联系我。'],
    ['a US number in Chinese numerals, bare', '好的，两幺两三五七洞六洞六，没错。'],
    ['a US number in words, bare', 'uh, three one two, eight double five, two four five two, that is right.'],
    ['a number followed by what it is', '4158698557 is my cell.'],
  ])('masks %s', (_form, text) => {
    expect(kinds(text)).toEqual(['phone']);
  });

  it('keeps the mobile digits without the country code', () => {
    expect(digitsOf('0086 138 1234 5678')).toEqual(['008613812345678']);
  });
});

describe('US social security numbers', () => {
  it.each([
    ['dashed, bare', '123-45-6789'],
    ['plain, after a long context', 'the last thing, my social security is 388941161.'],
    ['plain, bare', 'okay so 602515204.'],
    ['after 社会安全号', '我的社会安全号是517844976'],
    ['in English words', 'my social is six zero two, five one, five two zero four.'],
    ['in English words, bare', 'okay so three eight eight - nine four - one one six one.'],
    ['full-width', 'SSN是５９５４３９１１７。'],
  ])('masks one written %s', (_form, text) => {
    expect(kinds(text)).toEqual(['us_ssn']);
  });

  it('leaves a number that could never be issued', () => {
    expect(kinds('okay so 666123456.')).toEqual([]);
  });
});

describe('e-mail addresses', () => {
  it.each([
    ['written', 'my email is john.smith@gmail.com.', 'john.smith@gmail.com'],
    ['spoken', 'john dot smith at gmail dot com', 'john dot smith at gmail dot com'],
    ['Chinese', '我的邮箱是zhangsan艾特qq点com。', 'zhangsan艾特qq点com'],
    ['a QQ number in English words', 'email me at nine eight zero one seven zero eight three at qq dot com.', 'nine eight zero one seven zero eight three at qq dot com'],
    ['a QQ number in Chinese numerals with 洞', '邮箱幺二洞四五六七八九艾特qq点com', '幺二洞四五六七八九艾特qq点com'],
  ])('finds the whole address, %s', (_form, text, address) => {
    const spans = findEmails(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual([address]);
  });

  it('leaves "at" and "dot" in ordinary speech', () => {
    expect(findEmails('look at my bill dot com')).toEqual([]);
  });
});

describe('ordinary numbers', () => {
  it.each([
    ['an order number', '您的订单号是2024112312345678。'],
    ['an order number named after it', '580734370这个订单到哪了？'],
    ['an order number glued to letters', 'your order number is A31422319302.'],
    ['a tracking number glued to letters', 'your parcel, tracking number YT6085283880912, is out for delivery.'],
    ['a UPS tracking number', 'tracking 1Z544AA8352754334 shows it in transit.'],
    ['an amount in yuan', '一共是128000元。'],
    ['an amount with a currency sign', 'the plan costs USD 8,865,402.46 a year.'],
    ['an amount after a card word', '信用卡本期账单金额是¥1,574,966.48。'],
    ['an amount written with thousands', 'we shipped 1,234,567,890 boxes.'],
    ['a percentage', '完成率99.5%。'],
    ['a dotted date before a phone word', '2022.12.18那天我打过电话。'],
    ['a dashed date', 'the due date is 2024-11-23.'],
    ['a US date', 'it was delivered on 11/23/2024.'],
    ['a staff number', '您好，工号1024为您服务。'],
    ['an employee ID', 'my employee ID is 58213.'],
    ['a verification code in words', 'your verification code is two oh nine five four five.'],
    ['a zip+4', 'ZIP 94105-1234.'],
    ['a model number', 'the model number is WH-1000XM5.'],
  ])('leaves %s', (_what, text) => {
    expect(findPersonalData(text)).toEqual([]);
  });
});
