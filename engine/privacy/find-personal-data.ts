import { chineseId15Valid, chineseId18Valid, luhnValid, ssnValid } from './checksums.js';
import { readDigitRuns, type DigitRun } from './digit-runs.js';
import { findEmails } from './find-emails.js';
import type { PersonalDataKind } from './personal-data-kind.js';

/** One piece of personal data in a text: [start, end) and, for numbers, the digits (for a "••1234" mask). */
export interface PersonalDataMatch {
  readonly kind: PersonalDataKind;
  readonly start: number;
  readonly end: number;
  readonly digits?: string;
}

// Words said just before a number that make it personal whatever its checksum (a misrecognised digit breaks Luhn).
const ID_CONTEXT = /(身份证|身分证|证件|id\s*(?:card|number)|identity|passport|护照)/i;
const CARD_CONTEXT = /(卡号|银行卡|信用卡|储蓄卡|借记卡|卡的?号码|card|credit|debit)/i;
const ACCOUNT_CONTEXT = /(账号|帐号|账户|帐户|户号|account|acct|routing|iban)/i;
// 打 alone is a phone word only right before the number (您可以打138…), not in 打折 / 打了.
const PHONE_CONTEXT = /(电话|手机|座机|联系方式|来电|回拨|打给|拨打|打(?=\s*$)|phone|mobile|cell|call\s*(?:me|you)?\s*(?:back|at|on)|reach\s*me|contact)/i;
// Only when nothing nearer says what the number is: "订单号码" is an order, "my number is" a phone.
const WEAK_PHONE_CONTEXT = /(号码|number)/i;
const SSN_CONTEXT = /(social\s*security|ssn|social|tax\s*id|taxpayer|社会安全|社安号)/i;
// Words that say a number is not the customer's: an order, a ticket, a staff number, an amount, a date.
const NOT_PERSONAL_CONTEXT = /(订单|单号|工号|编号|快递|物流|运单|投诉号|工单|流水|金额|验证码|order|ticket|case|reference|ref\b|tracking|invoice|confirmation|employee|staff|badge|extension|ext\b|amount|total|balance|code|zip|postal|model|serial)/i;
// Long enough for "my social security number is " and "the tracking number is A…"; the nearest word wins anyway.
const CONTEXT_WINDOW = 32;
// A currency or a unit beside a number makes it an amount or a quantity ($1,299.99, ¥128,000, 350元, 12.5%).
const MONEY_BEFORE = /(?:[$¥￥€£₩]|US\$|USD|RMB|CNY|HKD)\s*$/i;
const UNIT_AFTER = /^\s*(?:元|块|角|毛|美元|港币|人民币|万|亿|%|％|percent|dollars?|bucks|cents?|yuan|rmb|usd)/i;
// Thousands written with commas (1,280 / 12,800.00): how amounts and counts are written, never an ID, card or phone.
const THOUSANDS = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
// A date written with separators (2024-11-23, 2024.11.23, 11/23/2024, 23.11.2024) is a date, whatever is said near it.
const DATE_WRITTEN = /^(?:(?:19|20)\d\d([-./])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])([-./])(?:0?[1-9]|[12]\d|3[01])\2(?:19|20)\d\d)$/;
// A number written glued to Latin letters (SF1234567890, A31422319302, 1Z999AA1…) is a code: nobody writes their card or phone that way.
const LATIN = /[A-Za-z]/;
// 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81–83: the province codes that begin a resident ID.
const ID_REGIONS = new Set(['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83']);

/**
 * Every piece of personal data in one text, classified by what its digits are (checksums, number plans, how they were
 * grouped) and by the words said just before. Numbers that are plainly something else (an order number, an amount)
 * stay unless their checksum proves them an ID or a card. Written and spoken e-mail addresses too.
 */
export function findPersonalData(text: string, kinds?: ReadonlySet<PersonalDataKind>): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  const wanted = (kind: PersonalDataKind) => kinds === undefined || kinds.has(kind);
  if (wanted('email')) for (const e of findEmails(text)) found.push({ kind: 'email', start: e.start, end: e.end });
  for (const run of readDigitRuns(text)) {
    if (found.some((f) => f.start < run.end && run.start < f.end)) continue;
    const kind = classifyRun(run, text.slice(Math.max(0, run.start - CONTEXT_WINDOW), run.start), text.slice(run.end, run.end + CONTEXT_WINDOW), text.slice(run.start, run.end));
    if (kind !== undefined && wanted(kind)) found.push({ kind, start: run.start, end: run.end, digits: run.digits });
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * What one number is, given the words just before it (and, when known, the text right after it and the number as
 * written); undefined for an ordinary number.
 */
export function classifyRun(run: DigitRun, before: string, after = '', written = ''): PersonalDataKind | undefined {
  const d = run.digits;
  const n = d.length;
  if (!run.spoken && gluedToCode(before, after, d)) return undefined;
  if (MONEY_BEFORE.test(before) || UNIT_AFTER.test(after) || THOUSANDS.test(written) || DATE_WRITTEN.test(written)) return undefined;
  // With nothing said before it, the words right after it say what it is ("580734370这个订单", "… is my cell").
  const context = nearestContext(before) ?? firstContext(after.slice(0, FOLLOWING_WINDOW));
  const plainlyOther = context === 'other';
  // A leading + is a country code (+86 138…, +1 212…): an international phone number.
  const international = /\+\s*$/.test(before);

  if (n === 18 && ID_REGIONS.has(d.slice(0, 2)) && chineseId18Valid(d)) return 'cn_id';
  if (d.includes('X')) return n === 18 || context === 'id' ? 'cn_id' : undefined;
  if ((n === 18 || n === 15) && context === 'id') return 'cn_id';
  if (n === 15 && !plainlyOther && ID_REGIONS.has(d.slice(0, 2)) && chineseId15Valid(d) && !luhnCard(d)) return 'cn_id';
  // A Luhn-valid number with a real issuer prefix is masked whatever was said before it: a leaked card costs more than a masked order number.
  if (n >= 13 && n <= 19 && luhnCard(d)) return 'bank_card';
  if (plainlyOther) return undefined;

  if (chineseMobile(d)) return 'phone';
  if (chineseLandline(d, run)) return 'phone';
  if (international && n >= 8 && n <= 15) return 'phone';
  // With no word at all before it, a number shaped like a phone or an SSN is taken for one: a leak costs more than a mask.
  const bare = context === undefined;
  if (northAmericanPhone(d) && (context === 'phone' || bare || groupedAs(run.groups, [3, 3, 4]) || groupedAs(run.groups, [1, 3, 3, 4]) || run.spoken)) return 'phone';
  if (n === 9 && ssnValid(d) && (context === 'ssn' || bare || groupedAs(run.groups, [3, 2, 4]))) return 'us_ssn';
  if (context === 'id' && n >= 8) return 'cn_id';
  if (context === 'ssn' && n === 9) return 'us_ssn';
  if (context === 'card' && n >= 8) return 'bank_card';
  if (context === 'account' && n >= 6) return 'account_number';
  if (context === 'phone' && n >= 7 && n <= 13) return 'phone';
  return undefined;
}

type Context = 'id' | 'card' | 'account' | 'phone' | 'ssn' | 'other';

const FOLLOWING_WINDOW = 24;
const CONTEXTS: ReadonlyArray<readonly [RegExp, Context]> = [
  [NOT_PERSONAL_CONTEXT, 'other'],
  [PHONE_CONTEXT, 'phone'],
  [ACCOUNT_CONTEXT, 'account'],
  [CARD_CONTEXT, 'card'],
  [SSN_CONTEXT, 'ssn'],
  [ID_CONTEXT, 'id'],
];

/** The context word said first after a number (weak words such as 号码 / number do not count here). */
function firstContext(after: string): Context | undefined {
  let best: { at: number; context: Context } | undefined;
  for (const [pattern, context] of CONTEXTS) {
    // 打(?=\s*$) only means a phone right before a number.
    const m = new RegExp(pattern.source.replace('|打(?=\\s*$)', ''), 'i').exec(after);
    if (m && (!best || m.index < best.at)) best = { at: m.index, context };
  }
  return best?.context;
}

/** The context word nearest the number wins ("订单号是… 我的手机号是 138…" is a phone). */
function nearestContext(before: string): Context | undefined {
  let best: { at: number; context: Context } | undefined;
  const consider = (pattern: RegExp, context: Context) => {
    const global = new RegExp(pattern.source, 'gi');
    for (const m of before.matchAll(global)) {
      const at = (m.index ?? 0) + m[0].length;
      if (!best || at > best.at || (at === best.at && context !== 'other')) best = { at, context };
    }
  };
  consider(NOT_PERSONAL_CONTEXT, 'other');
  consider(PHONE_CONTEXT, 'phone');
  consider(ACCOUNT_CONTEXT, 'account');
  consider(CARD_CONTEXT, 'card');
  consider(SSN_CONTEXT, 'ssn');
  consider(ID_CONTEXT, 'id');
  if (best === undefined && WEAK_PHONE_CONTEXT.test(before)) return 'phone';
  return best?.context;
}

/**
 * A payment card number: Luhn-valid, with an issuer prefix that exists and a length that scheme issues (Visa 13/16/19,
 * Mastercard 16, Amex 15, UnionPay 16–19, JCB and Discover 16–19).
 */
function luhnCard(d: string): boolean {
  if (!luhnValid(d)) return false;
  const n = d.length;
  const two = Number(d.slice(0, 2));
  const four = Number(d.slice(0, 4));
  if (d[0] === '4') return n === 13 || n === 16 || n === 19;
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return n === 16;
  if (two === 34 || two === 37) return n === 15;
  if (two === 62 || two === 81) return n >= 16 && n <= 19;
  if (two === 35 || two === 60 || two === 65) return n >= 16 && n <= 19;
  return false;
}

/** Written glued to Latin letters that are not a context word (SF1234…, A3142…, …AA10123 but not SSN123…, Tel138…). */
function gluedToCode(before: string, after: string, d: string): boolean {
  if (LATIN.test(after.charAt(0)) && !d.endsWith('X')) return true;
  const letters = /[A-Za-z]+$/.exec(before)?.[0];
  if (letters === undefined) return false;
  if (/^(?:tel|ph|mob|no|nr|num|id)$/i.test(letters)) return false;
  const context = nearestContext(letters);
  return context === undefined || context === 'other';
}

/** 1[3-9] and nine digits, after 86 / 086 / 0086 when the country code was said. */
function chineseMobile(d: string): boolean {
  return /^(?:0{0,2}86)?1[3-9]\d{9}$/.test(d);
}

/** 0 + area code (2–3 digits) + 7–8 digits, e.g. 010-12345678, 0755 1234 5678. */
function chineseLandline(d: string, run: DigitRun): boolean {
  if (!/^0[1-9]\d{8,10}$/.test(d)) return false;
  const { groups } = run;
  return groups.length === 1 || groups[0] === 3 || groups[0] === 4 || run.spoken;
}

function northAmericanPhone(d: string): boolean {
  return /^1?[2-9]\d{2}[2-9]\d{6}$/.test(d);
}

function groupedAs(groups: readonly number[], shape: readonly number[]): boolean {
  return groups.length === shape.length && groups.every((g, i) => g === shape[i]);
}
