import type { Evidence, FindingCategory } from '../findings/finding.js';
import type { TextLanguage } from '../text/text-language.js';

const DEFAULT_TEXT: Record<TextLanguage, Record<FindingCategory, string>> = {
  zh: {
    greeting_missing: '开场白不完整：请报公司名称或工号，并询问“请问有什么可以帮您？”',
    closing_missing: '结束前请询问“请问还有其他可以帮您的吗？”，并致谢道别',
    forbidden_phrase: '请避免服务禁语“{phrase}”',
    pace_fast: '语速偏快（{observed} 字/分钟，上限 {limit}），请放慢',
    pace_slow: '语速偏慢（{observed} 字/分钟，下限 {limit}）',
    hold_without_permission: '让客户等待前请先征询：“请您稍等片刻好吗？”',
    hold_no_apology: '客户已等待 {observed} 秒，请致歉：“很抱歉，让您久等了”',
    hold_too_long: '客户已等待 {observed} 秒，请尽快回到通话',
    agent_hangup_first: '请等客户先挂机',
    interruption: '请不要打断客户',
    dead_air: '已静默 {observed} 秒，请回应客户',
    pace_mismatch: '您的语速是客户的 {observed} 倍，请放慢，与客户语速匹配',
    surname_unused: '请用“X先生/女士”称呼客户',
    ladder_incomplete: '请按规范话术完成后再挂机',
    coaching: '{suggest}',
  },
  en: {
    greeting_missing: 'Complete the greeting: company or your name, and "how may I help you?"',
    closing_missing: 'Before closing, ask "Is there anything else I can help you with?" and thank the caller',
    forbidden_phrase: 'Avoid saying "{phrase}"',
    pace_fast: 'Slow down: {observed} words/min (limit {limit})',
    pace_slow: 'Pick up the pace: {observed} words/min (minimum {limit})',
    hold_without_permission: 'Ask before placing a hold: "May I place you on a brief hold?"',
    hold_no_apology: 'The customer waited {observed} s: thank them for holding',
    hold_too_long: 'The customer has waited {observed} s: return to the call',
    agent_hangup_first: 'Let the customer hang up first',
    interruption: 'Let the customer finish',
    dead_air: '{observed} s of silence: check in with the customer',
    pace_mismatch: 'You are talking {observed}x as fast as the customer: slow down to match them',
    surname_unused: 'Address the customer by name (Mr./Ms. ...)',
    ladder_incomplete: 'Finish the scripted steps before releasing the call',
    coaching: '{suggest}',
  },
};

/** Fills a nudge template's placeholders: {observed}, {limit}, {unit}, {phrase}, {suggest}. Unknown placeholders stay as written. */
export function renderNudgeText(
  template: string | undefined,
  category: FindingCategory,
  language: TextLanguage,
  evidence: Evidence,
  suggest: string | undefined,
): string {
  const text = template ?? DEFAULT_TEXT[language][category];
  const values: Record<string, string | undefined> = {
    observed: evidence.observed === undefined ? undefined : formatNumber(evidence.observed),
    limit: evidence.limit === undefined ? undefined : formatNumber(evidence.limit),
    unit: evidence.unit,
    phrase: evidence.quote ?? evidence.pattern,
    suggest,
  };
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
