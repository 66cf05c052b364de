/**
 * A synthetic personal-data corpus for the redaction stage, generated from the formats (GB 11643 resident IDs, card
 * issuer ranges and Luhn, the Chinese and North American number plans, SSN issuance rules, e-mail addresses) by a
 * seeded PRNG, so the same seed always gives the same sentences. Every secret is rendered in every form it can be said
 * or written in and put into sentences with and without a word that says what it is. Beside it, an "ordinary numbers"
 * set (orders, amounts, dates, staff numbers …) that a redactor must leave alone.
 *
 * Nothing here is real data: the IDs, cards and numbers are random and only valid by their checksums and shapes.
 */
import { readDigitRuns } from '../../engine/privacy/digit-runs.js';

/** The secrets' kinds, as the redactor names them (a 15-digit old ID is a `cn_id` too). */
export type SecretKind = 'cn_id' | 'bank_card' | 'phone' | 'us_ssn' | 'email';

/** Finer than the kind: which format the secret follows. */
export type SecretFormat =
  | 'cn_id18'
  | 'cn_id15'
  | 'unionpay16'
  | 'unionpay19'
  | 'visa'
  | 'mastercard'
  | 'amex'
  | 'cn_mobile'
  | 'cn_landline'
  | 'us_phone'
  | 'us_ssn'
  | 'email';

/** How the secret was rendered in the sentence. */
export type SecretForm =
  | 'plain'
  | 'spaced'
  | 'dashed'
  | 'fullwidth'
  | 'zh_numerals'
  | 'en_words'
  | 'international'
  | 'parenthesised'
  | 'written'
  | 'spoken_en'
  | 'spoken_zh';

export const NUMBER_FORMS: readonly SecretForm[] = ['plain', 'spaced', 'dashed', 'fullwidth', 'zh_numerals', 'en_words', 'international', 'parenthesised'];
export const EMAIL_FORMS: readonly SecretForm[] = ['written', 'spoken_en', 'spoken_zh'];

export interface SecretItem {
  readonly text: string;
  readonly language: 'zh' | 'en';
  readonly kind: SecretKind;
  readonly format: SecretFormat;
  readonly form: SecretForm;
  /** Whether the sentence says what the number is (卡号…, "my social is …"). */
  readonly withContext: boolean;
  /** The canonical digits (an ID's check character stays X), or for an e-mail the address in lower case. */
  readonly secret: string;
  /** For an e-mail: the local part's words as said ("john", "smith"), which must not survive either. */
  readonly localWords?: readonly string[];
}

export type OrdinaryCategory =
  | 'order'
  | 'amount'
  | 'date'
  | 'time'
  | 'staff'
  | 'tracking'
  | 'verification'
  | 'quantity'
  | 'percentage'
  | 'model'
  | 'zip';

export const ORDINARY_CATEGORIES: readonly OrdinaryCategory[] = ['order', 'amount', 'date', 'time', 'staff', 'tracking', 'verification', 'quantity', 'percentage', 'model', 'zip'];

export interface OrdinaryItem {
  readonly text: string;
  readonly language: 'zh' | 'en';
  readonly category: OrdinaryCategory;
}

export interface PiiCorpus {
  readonly secrets: readonly SecretItem[];
  readonly ordinary: readonly OrdinaryItem[];
}

export interface PiiCorpusOptions {
  /** Secrets drawn per format (each is rendered in every form, with and without context). Default 12. */
  readonly perFormat?: number;
  /** Ordinary sentences per category. Default 40. */
  readonly perCategory?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// The PRNG

/** mulberry32: a 32-bit state, good enough to draw test data, and the same sequence for the same seed everywhere. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Draw {
  constructor(private readonly next: () => number) {}
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  digits(count: number, first = '0123456789'): string {
    let out = count > 0 ? (first[this.int(0, first.length - 1)] as string) : '';
    for (let i = 1; i < count; i++) out += String(this.int(0, 9));
    return out;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

// ---------------------------------------------------------------------------------------------------------------
// The secrets, from their formats

// Real county-level division codes (GB/T 2260) across the provinces: the first six digits of a resident ID.
const ID_AREAS = [
  '110101', '110105', '110108', '120101', '130102', '140105', '150102', '210102', '220102', '230102', '310104', '310115',
  '320102', '320505', '330106', '340104', '350203', '360102', '370202', '410105', '420106', '430104', '440106', '440305',
  '450103', '460105', '500103', '510107', '520102', '530102', '540102', '610113', '620102', '630102', '640104', '650102',
];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return '10X98765432'[sum % 11] as string;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function birthDate(draw: Draw, fromYear: number, toYear: number): { year: number; month: number; day: number } {
  const year = draw.int(fromYear, toYear);
  const month = draw.int(1, 12);
  return { year, month, day: draw.int(1, daysIn(year, month)) };
}

/** An 18-character resident ID; `wantX` redraws the sequence until the check character is X. */
function residentId18(draw: Draw, wantX: boolean): string {
  for (;;) {
    const { year, month, day } = birthDate(draw, 1950, 2008);
    const first17 = draw.pick(ID_AREAS) + pad(year, 4) + pad(month, 2) + pad(day, 2) + draw.digits(3);
    const check = idCheckChar(first17);
    if (!wantX || check === 'X') return first17 + check;
  }
}

function residentId15(draw: Draw): string {
  const { year, month, day } = birthDate(draw, 1930, 1999);
  return draw.pick(ID_AREAS) + pad(year % 100, 2) + pad(month, 2) + pad(day, 2) + draw.digits(3);
}

/** The Luhn check digit that completes a number. */
export function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Counting from the right of the finished number, the check digit is position 0: the body's last digit is doubled.
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

// Issuer prefixes: UnionPay debit/credit BINs of the big Chinese banks, and the international schemes' ranges.
const UNIONPAY_BINS = ['622202', '622848', '621700', '621483', '622588', '621226', '622262', '623058', '621661', '622908'];

function card(draw: Draw, format: 'unionpay16' | 'unionpay19' | 'visa' | 'mastercard' | 'amex'): string {
  let prefix: string;
  let length: number;
  switch (format) {
    case 'unionpay16':
    case 'unionpay19':
      prefix = draw.pick(UNIONPAY_BINS);
      length = format === 'unionpay16' ? 16 : 19;
      break;
    case 'visa':
      prefix = '4';
      length = 16;
      break;
    case 'mastercard':
      prefix = draw.chance(0.6) ? String(draw.int(51, 55)) : String(draw.int(2221, 2720));
      length = 16;
      break;
    case 'amex':
      prefix = draw.pick(['34', '37']);
      length = 15;
      break;
  }
  const body = prefix + draw.digits(length - 1 - prefix.length);
  return body + luhnCheckDigit(body);
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '145', '147', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '173', '175', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '195', '198', '199'];

function chineseMobile(draw: Draw): string {
  return draw.pick(MOBILE_PREFIXES) + draw.digits(8);
}

// Area codes with eight-digit local numbers (the big cities), and a few with seven or eight.
const LANDLINE_AREAS = ['010', '020', '021', '022', '023', '024', '025', '027', '028', '029', '0755', '0571', '0512', '0531', '0532', '0591', '0731', '0871'];

function chineseLandline(draw: Draw): string {
  const area = draw.pick(LANDLINE_AREAS);
  const localLength = area.length === 3 ? 8 : draw.pick([7, 8]);
  return area + draw.digits(localLength, '2345678');
}

const US_AREAS = ['212', '646', '718', '415', '650', '312', '617', '206', '305', '702', '303', '404', '213', '202', '512', '469', '503', '602'];

function usPhone(draw: Draw): string {
  // Exchange: 2–9 first, and never an N11 service code.
  let exchange: string;
  do exchange = draw.digits(3, '23456789');
  while (exchange.slice(1) === '11');
  return draw.pick(US_AREAS) + exchange + draw.digits(4);
}

function usSsn(draw: Draw): string {
  let area: number;
  do area = draw.int(1, 899);
  while (area === 666);
  return pad(area, 3) + pad(draw.int(1, 99), 2) + pad(draw.int(1, 9999), 4);
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering a number

/** Where the speaker or writer breaks each format into groups. */
function groupsOf(format: SecretFormat, digits: string): number[] {
  switch (format) {
    case 'cn_id18':
      return [6, 8, 4];
    case 'cn_id15':
      return [6, 6, 3];
    case 'unionpay19':
      return [4, 4, 4, 4, 3];
    case 'amex':
      return [4, 6, 5];
    case 'unionpay16':
    case 'visa':
    case 'mastercard':
      return [4, 4, 4, 4];
    case 'cn_mobile':
      return [3, 4, 4];
    case 'cn_landline':
      return [digits.startsWith('01') || digits.startsWith('02') ? 3 : 4, digits.length - (digits.startsWith('01') || digits.startsWith('02') ? 3 : 4)];
    case 'us_phone':
      return [3, 3, 4];
    case 'us_ssn':
      return [3, 2, 4];
    case 'email':
      return [digits.length];
  }
}

function split(digits: string, groups: readonly number[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const g of groups) {
    out.push(digits.slice(at, at + g));
    at += g;
  }
  return out;
}

const FULL_WIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace(/X/g, 'Ｘ');

/** How a speaker reads 0, 1, 2 digit by digit: the textbook numerals, or the telephone ones (幺, 两, 洞). */
interface ZhStyle {
  readonly zero: string;
  readonly one: string;
  readonly two: string;
}
const ZH_STYLES: readonly ZhStyle[] = [
  { zero: '零', one: '一', two: '二' },
  { zero: '零', one: '幺', two: '二' },
  { zero: '〇', one: '一', two: '两' },
  { zero: '洞', one: '幺', two: '两' },
  { zero: '零', one: '幺', two: '两' },
];
const ZH_REST = ['', '', '', '三', '四', '五', '六', '七', '八', '九'];

function zhDigits(group: string, style: ZhStyle, checkX: string): string {
  return [...group].map((d) => (d === 'X' ? checkX : d === '0' ? style.zero : d === '1' ? style.one : d === '2' ? style.two : (ZH_REST[Number(d)] as string))).join('');
}

const EN_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** One group in English words: "oh" for a zero (or "zero"), "double five" / "triple seven" for repeats when the speaker does that. */
function enDigits(group: string, useOh: boolean, useRepeats: boolean): string {
  const words: string[] = [];
  let i = 0;
  while (i < group.length) {
    const d = group[i] as string;
    let run = 1;
    while (group[i + run] === d && run < 3) run++;
    const word = d === 'X' ? 'X' : d === '0' && useOh ? 'oh' : (EN_WORDS[Number(d)] as string);
    if (useRepeats && run >= 2 && d !== 'X') {
      words.push(`${run === 3 ? 'triple' : 'double'} ${word}`);
    } else {
      for (let k = 0; k < run; k++) words.push(word);
    }
    i += run;
  }
  return words.join(' ');
}

interface Rendered {
  readonly text: string;
  readonly language: 'zh' | 'en' | 'either';
}

/** The forms a format can take ('international' and 'parenthesised' only where the number plan has them). */
function formsFor(format: SecretFormat): SecretForm[] {
  const forms: SecretForm[] = ['plain', 'spaced', 'dashed', 'fullwidth', 'zh_numerals', 'en_words'];
  if (format === 'cn_mobile' || format === 'us_phone') forms.push('international');
  if (format === 'us_phone') forms.push('parenthesised');
  return forms;
}

function render(draw: Draw, format: SecretFormat, digits: string, form: SecretForm): Rendered {
  const groups = split(digits, groupsOf(format, digits));
  switch (form) {
    case 'plain':
      return { text: digits, language: 'either' };
    case 'spaced':
      return { text: groups.join(' '), language: 'either' };
    case 'dashed':
      return { text: groups.join('-'), language: 'either' };
    case 'fullwidth':
      return { text: FULL_WIDTH(draw.chance(0.5) ? digits : groups.join(draw.pick([' ', '　']))), language: 'zh' };
    case 'zh_numerals': {
      const style = draw.pick(ZH_STYLES);
      const checkX = draw.pick(['X', '叉']);
      const separator = draw.pick(['', '', '，', ' ', '、']);
      return { text: groups.map((g) => zhDigits(g, style, checkX)).join(separator), language: 'zh' };
    }
    case 'en_words': {
      const useOh = draw.chance(0.7);
      const useRepeats = draw.chance(0.6);
      const separator = draw.pick([', ', ' ', ' ... ', ' - ']);
      return { text: groups.map((g) => enDigits(g, useOh, useRepeats)).join(separator), language: 'en' };
    }
    case 'international':
      if (format === 'cn_mobile') return { text: draw.pick(['+86 ', '+86-', '+86', '0086 ']) + draw.pick([digits, groups.join(' '), groups.join('-')]), language: 'either' };
      return { text: draw.pick([`+1 ${groups.join('-')}`, `+1 (${groups[0]}) ${groups[1]}-${groups[2]}`, `1-${groups.join('-')}`, `+1 ${groups.join(' ')}`, `+1${digits}`]), language: 'en' };
    case 'parenthesised':
      return { text: `(${groups[0]}) ${groups[1]}-${groups[2]}`, language: 'en' };
    default:
      throw new Error(`not a number form: ${form}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Sentence templates: {} is the secret.

// Sentences without a context word: nothing in them says what the number is; the number's own shape must.
const BARE: Readonly<Record<'zh' | 'en', readonly string[]>> = {
  zh: ['{}，您记一下。', '嗯，是{}，对的。', '好的，{}，没错。', '稍等我看一下……{}，就这个。', '您核对一下，{}。', '{}，麻烦您帮我查查。'],
  en: ['yeah, it is {}, got that?', 'okay so {}.', 'uh, {}, that is right.', 'let me read it out: {}.', '{}, can you check that for me?', 'it should be {} I think.'],
};

const TEMPLATES: Readonly<Record<Exclude<SecretKind, 'email'> | 'landline', Readonly<Record<'zh' | 'en', readonly string[]>>>> = {
  cn_id: {
    zh: ['我的身份证号是{}。', '身份证号码{}，您核对一下。', '证件号是{}，对。', '我身份证是{}。', '好的，身份证{}，麻烦您了。'],
    en: ['my ID number is {}.', 'the ID card number is {}.', 'my Chinese ID card is {}, you can check.', 'identity number {}.'],
  },
  bank_card: {
    zh: ['我的卡号是{}。', '银行卡号{}，尾号您看一下。', '卡号是{}，对的。', '信用卡号码是{}。', '您把钱退到这张储蓄卡上，{}。'],
    en: ['my card number is {}.', 'the credit card is {}.', 'card number {}, expiry next May.', 'you can charge my debit card, {}.'],
  },
  phone: {
    zh: ['您可以打{}联系我。', '我的手机号是{}。', '我电话是{}，您回拨一下。', '座机{}，白天有人。', '联系方式{}，谢谢。'],
    en: ['call me back at {}.', 'my phone number is {}.', 'you can reach me at {}.', 'my cell is {}.', 'best number to call me on is {}.'],
  },
  landline: {
    zh: ['您可以打{}联系我。', '座机是{}，白天有人。', '我家电话{}。', '公司座机号码是{}，转前台。'],
    en: ['call me back at {}.', 'my office phone is {}.', 'the landline is {}.'],
  },
  us_ssn: {
    zh: ['我的社会安全号是{}，SSN。', 'SSN是{}。'],
    en: ['my social is {}.', 'my social security number is {}.', 'SSN {}, that is mine.', 'the last thing, my social security is {}.'],
  },
};

function templatesFor(format: SecretFormat): Readonly<Record<'zh' | 'en', readonly string[]>> {
  if (format === 'cn_id18' || format === 'cn_id15') return TEMPLATES.cn_id;
  if (format === 'cn_landline') return TEMPLATES.landline;
  if (format === 'cn_mobile' || format === 'us_phone') return TEMPLATES.phone;
  if (format === 'us_ssn') return TEMPLATES.us_ssn;
  return TEMPLATES.bank_card;
}

function kindOf(format: SecretFormat): SecretKind {
  if (format === 'cn_id18' || format === 'cn_id15') return 'cn_id';
  if (format === 'cn_mobile' || format === 'cn_landline' || format === 'us_phone') return 'phone';
  if (format === 'us_ssn') return 'us_ssn';
  if (format === 'email') return 'email';
  return 'bank_card';
}

/** The language a format is most often said in, when the form allows either. */
function homeLanguage(format: SecretFormat): 'zh' | 'en' {
  return format === 'us_phone' || format === 'us_ssn' || format === 'visa' || format === 'mastercard' || format === 'amex' ? 'en' : 'zh';
}

const fill = (template: string, secret: string) => template.replace('{}', secret);

// ---------------------------------------------------------------------------------------------------------------
// E-mail addresses

const FIRST_NAMES = ['john', 'mary', 'david', 'linda', 'kevin', 'susan', 'peter', 'grace', 'frank', 'helen'];
const LAST_NAMES = ['smith', 'walker', 'chen', 'nguyen', 'garcia', 'miller', 'turner', 'baker', 'brooks', 'parker'];
const PINYIN = ['zhangsan', 'lisi', 'wangwu', 'liuyang', 'chenjing', 'zhaolei', 'sunli', 'zhouxin', 'wuhao', 'xuming'];
const MAIL_HOSTS = ['gmail.com', 'qq.com', '163.com', '126.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'sina.com', 'foxmail.com', 'icloud.com'];

interface EmailParts {
  readonly localWords: readonly string[];
  readonly joiner: '.' | '_' | '';
  readonly host: string;
}

function emailParts(draw: Draw): EmailParts {
  const style = draw.int(0, 3);
  const host = draw.pick(MAIL_HOSTS);
  if (style === 0) return { localWords: [draw.pick(FIRST_NAMES), draw.pick(LAST_NAMES)], joiner: draw.pick(['.', '_'] as const), host };
  if (style === 1) return { localWords: [draw.pick(PINYIN)], joiner: '', host };
  if (style === 2) return { localWords: [draw.pick(PINYIN) + draw.digits(draw.int(2, 4))], joiner: '', host };
  // A QQ number as the address.
  return { localWords: [draw.digits(draw.int(8, 10), '123456789')], joiner: '', host: 'qq.com' };
}

const addressOf = (p: EmailParts) => `${p.localWords.join(p.joiner)}@${p.host}`;

function renderEmail(draw: Draw, p: EmailParts, form: SecretForm): string {
  const [hostName, ...tld] = p.host.split('.');
  if (form === 'written') return addressOf(p);
  if (form === 'spoken_en') {
    const joiner = p.joiner === '.' ? ' dot ' : p.joiner === '_' ? ' underscore ' : '';
    const local = p.localWords.map((w) => (/^\d+$/.test(w) ? [...w].map((d) => EN_WORDS[Number(d)]).join(' ') : w)).join(joiner);
    return `${local} at ${hostName} dot ${tld.join(' dot ')}`;
  }
  const joiner = p.joiner === '.' ? '点' : p.joiner === '_' ? '下划线' : '';
  const style = draw.pick(ZH_STYLES);
  const local = p.localWords.map((w) => (/^\d+$/.test(w) && draw.chance(0.5) ? zhDigits(w, style, 'X') : w)).join(joiner);
  return `${local}${draw.pick(['艾特', '@', ' 艾特 '])}${hostName}${draw.pick(['点', '.', ' 点 '])}${tld.join('点')}`;
}

const EMAIL_TEMPLATES: Readonly<Record<'zh' | 'en', { readonly context: readonly string[]; readonly bare: readonly string[] }>> = {
  zh: { context: ['我的邮箱是{}。', '邮箱地址{}，您发过来吧。', '发到我邮箱{}就行。', '电子邮件是{}。'], bare: ['就是{}，您记一下。', '{}，对的。', '好的，{}。'] },
  en: { context: ['my email is {}.', 'send it to my email address, {}.', 'email me at {}.', 'the e-mail on file should be {}.'], bare: ['it is {}.', 'okay, {}, got that?', 'yeah {} is fine.'] },
};

// ---------------------------------------------------------------------------------------------------------------
// Ordinary numbers

const ZH_UNITS = ['', '十', '百', '千'];
const ZH_PLAIN = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–9999 the way it is said as a quantity: 三百五十, 两千零八. */
function zhQuantity(n: number): string {
  if (n === 0) return '零';
  const digits = String(n).split('').map(Number);
  let out = '';
  let zeroPending = false;
  digits.forEach((d, i) => {
    const unit = ZH_UNITS[digits.length - 1 - i] as string;
    if (d === 0) {
      zeroPending = out.length > 0;
      return;
    }
    if (zeroPending) out += '零';
    zeroPending = false;
    const numeral = d === 2 && unit !== '' && unit !== '十' ? '两' : (ZH_PLAIN[d] as string);
    out += d === 1 && unit === '十' && i === 0 ? unit : numeral + unit;
  });
  return out;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const thousands = (n: number) => n.toLocaleString('en-US');

function ordinarySentence(draw: Draw, category: OrdinaryCategory): OrdinaryItem {
  const zh = draw.chance(0.5);
  const language = zh ? 'zh' : 'en';
  const item = (text: string): OrdinaryItem => ({ text, language, category });
  switch (category) {
    case 'order': {
      const { year, month, day } = birthDate(draw, 2021, 2025);
      const number = draw.pick([
        pad(year, 4) + pad(month, 2) + pad(day, 2) + draw.digits(draw.int(4, 10)),
        draw.digits(draw.int(8, 12), '123456789'),
        draw.pick(['A', 'DD', 'JD', 'TB']) + draw.digits(draw.int(8, 12)),
        // Marketplace order numbers: 13–19 random digits (some of them pass Luhn with a card prefix, as in life).
        draw.digits(draw.int(13, 19), '123456789'),
      ]);
      // Some sentences name the order only after the number.
      return item(zh ? fill(draw.pick(['订单号{}，已经发货了。', '您的订单号是{}。', '我查一下订单{}的状态。', '退款单号{}，三到五个工作日到账。', '{}这个订单到哪了？']), number) : fill(draw.pick(['your order number is {}.', 'order number {} has shipped.', 'I am looking at order {} now.', 'the reference number is {}.', 'I am calling about {}, the order from last week.']), number));
    }
    case 'amount': {
      const value = draw.pick([draw.int(1, 999), draw.int(1000, 99999), draw.int(100000, 9999999)]) + draw.int(0, 99) / 100;
      if (zh) {
        return item(draw.pick([`这个月一共是¥${money(value)}。`, `退您￥${money(value)}，请查收。`, `一共${zhQuantity(draw.int(1, 9999))}元。`, `扣了${Math.floor(value)}块钱。`, `信用卡本期账单金额是¥${money(value)}。`, `卡里还有${money(value)}元。`]));
      }
      return item(draw.pick([`the total is $${money(value)}.`, `you were charged $${money(value)} on the card.`, `a refund of ${money(value)} dollars is on its way.`, `your balance is $${thousands(Math.floor(value))}.`, `the plan costs USD ${money(value)} a year.`]));
    }
    case 'date': {
      const { year, month, day } = birthDate(draw, 2019, 2026);
      if (zh) {
        const zhYear = [...String(year)].map((d) => (d === '0' ? draw.pick(['零', '〇']) : ZH_PLAIN[Number(d)])).join('');
        return item(draw.pick([`${year}年${month}月${day}日发的货。`, `预计${year}-${pad(month, 2)}-${pad(day, 2)}送达。`, `${zhYear}年${zhQuantity(month)}月${zhQuantity(day)}号办的。`, `合同到${year}/${pad(month, 2)}/${pad(day, 2)}为止。`, `${year}.${pad(month, 2)}.${pad(day, 2)}那天我打过电话。`]));
      }
      return item(draw.pick([`it was delivered on ${month}/${day}/${year}.`, `the due date is ${year}-${pad(month, 2)}-${pad(day, 2)}.`, `on ${MONTHS[month - 1]} ${day}, ${year} I called you.`, `renewal is ${pad(month, 2)}/${pad(day, 2)}/${year}.`]));
    }
    case 'time': {
      const hour = draw.int(0, 23);
      const minute = draw.int(0, 59);
      if (zh) return item(draw.pick([`下午${zhQuantity((hour % 12) + 1)}点${minute === 0 ? '' : zhQuantity(minute) + '分'}给您回电。`, `${pad(hour, 2)}:${pad(minute, 2)}之前都可以。`, `明天${hour}点${pad(minute, 2)}分上门。`, `营业时间是9:00-${pad(hour, 2)}:${pad(minute, 2)}。`]));
      return item(draw.pick([`I can call you at ${(hour % 12) + 1}:${pad(minute, 2)} pm.`, `the technician arrives between ${pad(hour, 2)}:${pad(minute, 2)} and ${pad((hour + 2) % 24, 2)}:${pad(minute, 2)}.`, `we are open until ${(hour % 12) + 1} o'clock.`]));
    }
    case 'staff': {
      const number = draw.digits(draw.int(4, 6), '123456789');
      return item(zh ? fill(draw.pick(['您好，工号{}为您服务。', '我是客服{}号。', '我的工号是{}，有问题可以再找我。', '员工编号{}。']), number) : fill(draw.pick(['my employee ID is {}.', 'this is agent {} speaking.', 'my staff number is {}.', 'badge {} here.']), number));
    }
    case 'tracking': {
      const number = draw.pick([
        'SF' + draw.digits(12, '123456789'),
        'YT' + draw.digits(13),
        draw.pick(['73', '75', '78']) + draw.digits(13),
        '1Z' + draw.digits(3) + 'AA' + draw.digits(10),
        '9400' + draw.digits(18),
        'JD' + draw.digits(13, '0'),
      ]);
      return item(zh ? fill(draw.pick(['快递单号{}。', '运单号是{}，您可以查一下。', '物流单号{}已经到站了。', '{}这个快递一直没动。']), number) : fill(draw.pick(['the tracking number is {}.', 'tracking {} shows it in transit.', 'your parcel, tracking number {}, is out for delivery.']), number));
    }
    case 'verification': {
      const code = draw.digits(draw.pick([4, 6]));
      const spoken = draw.chance(0.3);
      if (zh) return item(fill(draw.pick(['验证码是{}，五分钟内有效。', '您收到的验证码{}。', '短信验证码{}，请勿告诉他人。']), spoken ? zhDigits(code, draw.pick(ZH_STYLES), 'X') : code));
      return item(fill(draw.pick(['your verification code is {}.', 'the one-time code is {}.', 'enter code {} to confirm.']), spoken ? enDigits(code, true, false) : code));
    }
    case 'quantity': {
      const n = draw.pick([draw.int(1, 99), draw.int(100, 9999), draw.int(10000, 999999)]);
      if (zh) return item(draw.pick([`我买了${n}件。`, `库存还剩${thousands(n)}个。`, `一共${zhQuantity(draw.int(1, 9999))}箱。`, `积分还有${n}分。`, `流量用了${n}MB。`]));
      return item(draw.pick([`I ordered ${n} units.`, `about ${thousands(n)} people signed up.`, `you have ${n} reward points.`, `we shipped ${thousands(n)} boxes last month.`]));
    }
    case 'percentage': {
      const p = draw.chance(0.5) ? String(draw.int(1, 99)) : `${draw.int(0, 30)}.${draw.int(0, 99)}`;
      if (zh) return item(draw.pick([`利率是${p}%。`, `打${draw.int(5, 9)}折，优惠百分之${zhQuantity(draw.int(1, 50))}。`, `完成率${p}%。`]));
      return item(draw.pick([`the rate is ${p}%.`, `you get ${p} percent off.`, `an APR of ${p}% applies.`]));
    }
    case 'model': {
      const model = draw.pick([`iPhone ${draw.int(11, 16)} Pro`, `RTX${draw.pick(['3060', '4070', '4090'])}`, `WH-1000XM${draw.int(3, 5)}`, `SM-G${draw.digits(4)}`, `小米${draw.int(10, 14)}`, `ThinkPad X1 Carbon Gen ${draw.int(8, 12)}`, `KFR-${draw.int(26, 72)}GW`, `model ${draw.digits(3, '123456789')}-${draw.digits(4)}`]);
      return item(zh ? fill(draw.pick(['型号是{}。', '我用的是{}。', '这台{}保修一年。']), model) : fill(draw.pick(['the model number is {}.', 'I have the {}.', 'it is a {}, bought last year.']), model));
    }
    case 'zip': {
      const zip = zh ? draw.pick(['100080', '200120', '518057', '310012', '610041', '430074']) : draw.digits(5, '123456789') + (draw.chance(0.3) ? `-${draw.digits(4)}` : '');
      return item(zh ? fill(draw.pick(['邮编{}。', '邮政编码是{}。', '地址写海淀区，邮编{}。']), zip) : fill(draw.pick(['the zip code is {}.', 'ZIP {}.', 'my postal code is {}.']), zip));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

const NUMBER_FORMATS: readonly SecretFormat[] = ['cn_id18', 'cn_id15', 'unionpay16', 'unionpay19', 'visa', 'mastercard', 'amex', 'cn_mobile', 'cn_landline', 'us_phone', 'us_ssn'];

function drawSecret(draw: Draw, format: SecretFormat, index: number): string {
  switch (format) {
    case 'cn_id18':
      // One in four ends in X (the check character is X for one ID in eleven; the corpus wants plenty of them).
      return residentId18(draw, index % 4 === 3);
    case 'cn_id15':
      return residentId15(draw);
    case 'unionpay16':
    case 'unionpay19':
    case 'visa':
    case 'mastercard':
    case 'amex':
      return card(draw, format);
    case 'cn_mobile':
      return chineseMobile(draw);
    case 'cn_landline':
      return chineseLandline(draw);
    case 'us_phone':
      return usPhone(draw);
    case 'us_ssn':
      return usSsn(draw);
    case 'email':
      throw new Error('e-mails are drawn by emailParts');
  }
}

/** The whole corpus for a seed: the same seed, the same sentences. */
export function generatePiiCorpus(seed: number, options: PiiCorpusOptions = {}): PiiCorpus {
  const draw = new Draw(mulberry32(seed));
  const perFormat = options.perFormat ?? 12;
  const perCategory = options.perCategory ?? 40;
  const secrets: SecretItem[] = [];

  for (const format of NUMBER_FORMATS) {
    const kind = kindOf(format);
    const templates = templatesFor(format);
    for (let i = 0; i < perFormat; i++) {
      const digits = drawSecret(draw, format, i);
      for (const form of formsFor(format)) {
        const rendered = render(draw, format, digits, form);
        const language = rendered.language === 'either' ? (draw.chance(0.7) ? homeLanguage(format) : homeLanguage(format) === 'zh' ? 'en' : 'zh') : rendered.language;
        for (const withContext of [true, false]) {
          const template = draw.pick(withContext ? templates[language] : BARE[language]);
          secrets.push({ text: fill(template, rendered.text), language, kind, format, form, withContext, secret: digits });
        }
      }
    }
  }

  for (let i = 0; i < perFormat * 3; i++) {
    const parts = emailParts(draw);
    for (const form of EMAIL_FORMS) {
      const language = form === 'spoken_zh' ? 'zh' : form === 'spoken_en' ? 'en' : draw.pick(['zh', 'en'] as const);
      const text = renderEmail(draw, parts, form);
      for (const withContext of [true, false]) {
        const template = draw.pick(withContext ? EMAIL_TEMPLATES[language].context : EMAIL_TEMPLATES[language].bare);
        secrets.push({ text: fill(template, text), language, kind: 'email', format: 'email', form, withContext, secret: addressOf(parts), localWords: parts.localWords });
      }
    }
  }

  const ordinary: OrdinaryItem[] = [];
  for (const category of ORDINARY_CATEGORIES) for (let i = 0; i < perCategory; i++) ordinary.push(ordinarySentence(draw, category));
  return { secrets, ordinary };
}

// ---------------------------------------------------------------------------------------------------------------
// Judging a redaction

/** Consecutive digits of a secret this long or longer, seen again in a redacted text, count as a leak. */
export const LEAK_RUN = 5;

/**
 * Whether a secret survives in a redacted text: any LEAK_RUN consecutive digits of it, after reading every number in
 * the text back to digits (full-width, Chinese numerals, English words), or for an e-mail the address or a word of
 * its local part (three letters or more).
 */
export function leaks(item: SecretItem, redacted: string): boolean {
  const runs = readDigitRuns(redacted).map((r) => r.digits);
  const digitLeak = (secret: string) => {
    if (secret.length < LEAK_RUN) return runs.some((r) => r.includes(secret));
    for (let i = 0; i + LEAK_RUN <= secret.length; i++) {
      const window = secret.slice(i, i + LEAK_RUN);
      if (runs.some((r) => r.includes(window))) return true;
    }
    return false;
  };
  if (item.kind !== 'email') return digitLeak(item.secret);
  const lower = redacted.toLowerCase();
  if (lower.includes(item.secret)) return true;
  return (item.localWords ?? []).some((word) => {
    if (/^\d+$/.test(word)) return digitLeak(word);
    const letters = word.replace(/\d+$/, '');
    return (letters.length >= 3 && new RegExp(`(?<![a-z])${letters}(?![a-z])`).test(lower)) || (letters !== word && digitLeak(word.slice(letters.length)) && word.length - letters.length >= LEAK_RUN);
  });
}
