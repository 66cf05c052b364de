/** Where an e-mail address is in a text: [start, end). */
export interface EmailSpan {
  readonly start: number;
  readonly end: number;
}

// The local part: letters, digits and . _ % + - (or spoken: "john dot smith", 张三 is never in one), Chinese numerals for QQ numbers.
const LOCAL = String.raw`[A-Za-z0-9._%+\-零〇洞一二三四五六七八九幺两]+(?:\s*(?:dot|点|underscore|下划线|dash|hyphen|杠)\s*[A-Za-z0-9零〇洞一二三四五六七八九幺两]+)*`;
const AT = String.raw`\s*(?:@|＠|艾特|圈a|at\s+sign|at)\s*`;
const LABEL = String.raw`[A-Za-z0-9\-]+`;
const DOT = String.raw`\s*(?:\.|。|点|dot)\s*`;
const TLD = String.raw`(?:com|cn|net|org|edu|gov|io|co|uk|hk|tw|mo|sg|us|ca|de|fr|jp|info|biz|me)`;
const EMAIL = new RegExp(String.raw`(?<![A-Za-z0-9._%+\-])(${LOCAL})${AT}(${LABEL}(?:${DOT}${LABEL})*?${DOT}${TLD})(?![A-Za-z])`, 'gi');
// Spoken "at" is an ordinary word too: "look at my bill dot com" is not an address, so spoken forms need a known
// mail domain or a written one.
const SPOKEN_AT = /^\s*(?:at\s+sign|at)\s*$/i;
const MAIL_DOMAINS = /^(?:gmail|qq|163|126|yeah|sina|sohu|foxmail|outlook|hotmail|live|msn|yahoo|icloud|me|aol|proton|protonmail|aliyun|139|189|wo|yandex|gmx|mail|comcast|verizon|att)\b/i;
// Single letters spelled out before the address ("j o h n at gmail dot com") belong to it.
const SPELLED_BEFORE = /(?:[A-Za-z0-9]\s+)+$/;
// So do the digits of a QQ-style address said as words ("nine eight zero … three at qq dot com").
const DIGIT_WORD = String.raw`(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple)`;
const DIGIT_WORD_LOCAL = new RegExp(String.raw`^${DIGIT_WORD}$`, 'i');
const DIGIT_WORDS_BEFORE = new RegExp(String.raw`(?<![A-Za-z])(?:${DIGIT_WORD}[\s,]+)+$`, 'i');

/** Every e-mail address in a text, written (a.b@qq.com) or spoken (john dot smith at gmail dot com, 张三艾特qq点com). */
export function findEmails(text: string): EmailSpan[] {
  const spans: EmailSpan[] = [];
  for (const m of text.matchAll(EMAIL)) {
    const local = m[1] as string;
    const domain = m[2] as string;
    const atWord = m[0].slice(local.length, m[0].length - domain.length);
    if (SPOKEN_AT.test(atWord) && !MAIL_DOMAINS.test(domain)) continue;
    let start = m.index ?? 0;
    const spelled = SPELLED_BEFORE.exec(text.slice(0, start));
    if (spelled && local.length <= 2) start -= spelled[0].length;
    const digitWords = DIGIT_WORD_LOCAL.test(local) ? DIGIT_WORDS_BEFORE.exec(text.slice(0, start)) : null;
    if (digitWords) start -= digitWords[0].length;
    spans.push({ start, end: (m.index ?? 0) + m[0].length });
  }
  return spans;
}
