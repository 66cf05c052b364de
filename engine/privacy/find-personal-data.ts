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
const PHONE_CONTEXT = /(电话|手机|座机|联系方式|来电|回拨|打给|phone|mobile|cell|call\s*(?:me|you)?\s*(?:back|at|on)|reach\s*me|contact)/i;
// Only when nothing nearer says what the number is: "订单号码" is an order, "my number is" a phone.
const WEAK_PHONE_CONTEXT = /(号码|number)/i;
const SSN_CONTEXT = /(social\s*security|ssn|social|tax\s*id|taxpayer)/i;
// Words that say a number is not the customer's: an order, a ticket, a staff number, an amount, a date.
const NOT_PERSONAL_CONTEXT = /(订单|单号|工号|编号|快递|物流|运单|投诉号|工单|流水|金额|验证码|order|ticket|case|reference|ref\b|tracking|invoice|confirmation|employee|staff|badge|extension|ext\b|amount|total|balance|code|zip|postal|model|serial)/i;
const CONTEXT_WINDOW = 16;
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
    const kind = classifyRun(run, text.slice(Math.max(0, run.start - CONTEXT_WINDOW), run.start));
    if (kind !== undefined && wanted(kind)) found.push({ kind, start: run.start, end: run.end, digits: run.digits });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** What one number is, given the words just before it; undefined for an ordinary number. */
export function classifyRun(run: DigitRun, before: string): PersonalDataKind | undefined {
  const d = run.digits;
  const n = d.length;
  const context = nearestContext(before);
  const plainlyOther = context === 'other';

  if (n === 18 && ID_REGIONS.has(d.slice(0, 2)) && chineseId18Valid(d)) return 'cn_id';
  if (d.includes('X')) return n === 18 || context === 'id' ? 'cn_id' : undefined;
  if ((n === 18 || n === 15) && context === 'id') return 'cn_id';
  if (n === 15 && !plainlyOther && ID_REGIONS.has(d.slice(0, 2)) && chineseId15Valid(d) && !luhnCard(d)) return 'cn_id';
  // A Luhn-valid number with a real issuer prefix is masked whatever was said before it: a leaked card costs more than a masked order number.
  if (n >= 13 && n <= 19 && luhnCard(d)) return 'bank_card';
  if (plainlyOther) return undefined;

  if (chineseMobile(d)) return 'phone';
  if (chineseLandline(d, run.groups)) return 'phone';
  if (northAmericanPhone(d) && (context === 'phone' || groupedAs(run.groups, [3, 3, 4]) || groupedAs(run.groups, [1, 3, 3, 4]) || spokenDigitByDigit(run))) return 'phone';
  if (n === 9 && ssnValid(d) && (context === 'ssn' || groupedAs(run.groups, [3, 2, 4]))) return 'us_ssn';
  if (context === 'id' && n >= 8) return 'cn_id';
  if (context === 'ssn' && n === 9) return 'us_ssn';
  if (context === 'card' && n >= 8) return 'bank_card';
  if (context === 'account' && n >= 6) return 'account_number';
  if (context === 'phone' && n >= 7 && n <= 13) return 'phone';
  return undefined;
}

type Context = 'id' | 'card' | 'account' | 'phone' | 'ssn' | 'other';

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

/** A payment card number: Luhn-valid with an issuer prefix that exists (Visa, Mastercard, Amex, UnionPay, JCB, Discover). */
function luhnCard(d: string): boolean {
  if (!luhnValid(d)) return false;
  const two = Number(d.slice(0, 2));
  const four = Number(d.slice(0, 4));
  return d[0] === '4' || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720) || two === 34 || two === 37 || two === 62 || two === 35 || two === 60 || two === 65 || two === 81;
}

function chineseMobile(d: string): boolean {
  return /^(?:0?86)?1[3-9]\d{9}$/.test(d);
}

/** 0 + area code (2–3 digits) + 7–8 digits, e.g. 010-12345678, 0755 1234 5678. */
function chineseLandline(d: string, groups: readonly number[]): boolean {
  if (!/^0[1-9]\d{8,10}$/.test(d)) return false;
  return groups.length === 1 || groups[0] === 3 || groups[0] === 4 || groups.every((g) => g === 1);
}

function northAmericanPhone(d: string): boolean {
  return /^1?[2-9]\d{2}[2-9]\d{6}$/.test(d);
}

function groupedAs(groups: readonly number[], shape: readonly number[]): boolean {
  return groups.length === shape.length && groups.every((g, i) => g === shape[i]);
}

/** Said one digit at a time ("five five five, one two one two…"): nobody reads an amount or a date that way. */
function spokenDigitByDigit(run: DigitRun): boolean {
  return run.groups.length === run.digits.length;
}
