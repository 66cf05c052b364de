import { findPersonalData } from '../../engine/privacy/find-personal-data.js';
import { PERSONAL_DATA_KINDS } from '../../engine/privacy/personal-data-kind.js';
import { redactText, type RedactionSettings } from '../../engine/privacy/redact-text.js';
import type { BenchContext, BenchSuite } from '../bench-suite.js';
import { fixed, table, timeInterleaved } from '../support/measure.js';
import { generatePiiCorpus, leaks, ORDINARY_CATEGORIES, type SecretItem } from '../support/pii-corpus.js';

const SEED = 20241123;
const ALL: RedactionSettings = { kinds: new Set(PERSONAL_DATA_KINDS), keepLast: 4 };

// The naive peer: what a redaction step is often first written as. Six or more digits (a space or dash allowed
// between them) and a written e-mail address are masked; nothing else is known.
const BASELINE_DIGITS = /\d(?:[\s-]?\d){5,}/g;
const BASELINE_EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const baseline = (text: string) => text.replace(BASELINE_EMAIL, '[email]').replace(BASELINE_DIGITS, '[redacted]');
const ours = (text: string, language: 'zh' | 'en') => redactText(text, ALL, language).text;

/**
 * A generated corpus of personal data (resident IDs, cards, phones, SSNs, e-mails) in every form it is said or
 * written, and of ordinary numbers that must stay: how much leaks, how much is masked for nothing, and at what speed,
 * beside a plain-regex redactor measured in the same run.
 */
export const redactionAccuracy: BenchSuite = {
  name: 'redaction-accuracy',
  title: 'Redaction: personal data leaked and ordinary numbers masked, against a plain regex',
  run(context: BenchContext): string {
    const corpus = generatePiiCorpus(SEED, context.quick ? { perFormat: 4, perCategory: 20 } : { perFormat: 20, perCategory: 60 });
    context.log(`redaction-accuracy: ${corpus.secrets.length} secret sentences, ${corpus.ordinary.length} ordinary ones`);

    // Secrets, per format and form.
    type Cell = { n: number; leakedOurs: number; typedRight: number; leakedBaseline: number };
    const cells = new Map<string, Cell>();
    const leakExamples: string[] = [];
    const verdicts = corpus.secrets.map((item) => {
      const redacted = ours(item.text, item.language);
      return { item, redacted, leakedOurs: leaks(item, redacted), typedRight: typedAs(item), leakedBaseline: leaks(item, baseline(item.text)) };
    });
    for (const v of verdicts) {
      const { item } = v;
      if (v.leakedOurs && leakExamples.length < 10) leakExamples.push(`${item.format}/${item.form}: \`${item.text}\` → \`${v.redacted}\``);
      for (const key of [`${item.format} | ${item.form}`, `${item.format} | all`, `all | ${item.form}`, 'all | all']) {
        const cell = cells.get(key) ?? { n: 0, leakedOurs: 0, typedRight: 0, leakedBaseline: 0 };
        cells.set(key, cell);
        cell.n++;
        if (v.leakedOurs) cell.leakedOurs++;
        if (v.typedRight) cell.typedRight++;
        if (v.leakedBaseline) cell.leakedBaseline++;
      }
    }
    const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${fixed((100 * part) / whole, 1)} %`);
    const secretRows = [...cells.entries()]
      .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
      .map(([key, c]) => {
        const [format, form] = key.split(' | ') as [string, string];
        const bold = (x: string | number) => (format === 'all' || form === 'all' ? `**${x}**` : x);
        return [bold(format), bold(form), c.n, c.n - c.leakedOurs, c.leakedOurs, pct(c.typedRight, c.n), c.leakedBaseline, pct(c.leakedBaseline, c.n)];
      });

    // Ordinary numbers, per category.
    const ordinaryRows: Array<Array<string | number>> = [];
    const falseExamples: string[] = [];
    let oursFalse = 0;
    let baselineFalse = 0;
    for (const category of ORDINARY_CATEGORIES) {
      const items = corpus.ordinary.filter((o) => o.category === category);
      const mine = items.filter((o) => findPersonalData(o.text, ALL.kinds).length > 0);
      const theirs = items.filter((o) => baseline(o.text) !== o.text);
      for (const o of mine) if (falseExamples.length < 10) falseExamples.push(`${category}: \`${o.text}\` → \`${ours(o.text, o.language)}\``);
      oursFalse += mine.length;
      baselineFalse += theirs.length;
      ordinaryRows.push([category, items.length, mine.length, pct(mine.length, items.length), theirs.length, pct(theirs.length, items.length)]);
    }
    const n = corpus.ordinary.length;
    ordinaryRows.push(['**all**', n, oursFalse, pct(oursFalse, n), baselineFalse, pct(baselineFalse, n)]);

    // Throughput, interleaved with the peer on the same sentences.
    const sentences = [...corpus.secrets.map((s) => [s.text, s.language] as const), ...corpus.ordinary.map((o) => [o.text, o.language] as const)];
    const [oursMs, baselineMs] = timeInterleaved(
      [
        () => {
          for (const [text, language] of sentences) ours(text, language);
        },
        () => {
          for (const [text] of sentences) baseline(text);
        },
      ],
      context.quick ? 3 : 15,
    ) as [number, number];
    const perSecond = (ms: number) => Math.round((sentences.length / ms) * 1000).toLocaleString('en-US');

    const total = cells.get('all | all') as Cell;
    const oursLeaked = total.leakedOurs;
    const baselineLeaked = total.leakedBaseline;
    return [
      `Corpus: \`generatePiiCorpus(${SEED})\` (benchmarks/support/pii-corpus.ts), ${corpus.secrets.length} sentences holding a secret and ${n} holding only ordinary numbers, Chinese and English. ` +
        'A secret leaks when any five consecutive digits of it (after reading full-width digits, Chinese numerals and English number words back to digits) or its e-mail address or local-part name survive. ' +
        `The peer is a plain regex: \`${BASELINE_DIGITS.source}\` and \`${BASELINE_EMAIL.source}\`, masked.`,
      '',
      '| | callcoach | plain regex |',
      '| --- | --- | --- |',
      `| secrets leaked | ${oursLeaked} / ${corpus.secrets.length} (${pct(oursLeaked, corpus.secrets.length)}) | ${baselineLeaked} / ${corpus.secrets.length} (${pct(baselineLeaked, corpus.secrets.length)}) |`,
      `| ordinary numbers masked | ${oursFalse} / ${n} (${pct(oursFalse, n)}) | ${baselineFalse} / ${n} (${pct(baselineFalse, n)}) |`,
      `| sentences / s | ${perSecond(oursMs)} | ${perSecond(baselineMs)} |`,
      '',
      '### Secrets, per format and form',
      '',
      table(['format', 'form', 'sentences', 'masked', 'leaked', 'typed right', 'regex leaked', 'regex leak rate'], secretRows),
      '',
      '"Typed right": the mask over the secret names its kind (a Luhn-valid card said after 账号 counts as wrong though it is masked).',
      '',
      '### Ordinary numbers masked, per category',
      '',
      table(['category', 'sentences', 'callcoach masked', 'rate', 'regex masked', 'regex rate'], ordinaryRows),
      '',
      leakExamples.length > 0 ? `Leaks:\n\n${leakExamples.map((e) => `- ${e}`).join('\n')}` : 'No secret leaked.',
      '',
      falseExamples.length > 0 ? `Ordinary numbers masked:\n\n${falseExamples.map((e) => `- ${e}`).join('\n')}` : 'No ordinary number was masked.',
      '',
      `Throughput: ${sentences.length} sentences redacted per round, median of ${context.quick ? 3 : 15} interleaved rounds (callcoach ${fixed(oursMs, 1)} ms, regex ${fixed(baselineMs, 1)} ms).`,
    ].join('\n');
  },
};

/** Whether the mask placed over the secret names the secret's kind. */
function typedAs(item: SecretItem): boolean {
  return findPersonalData(item.text, ALL.kinds).some((m) => m.kind === item.kind);
}

/** Rows grouped by format in the corpus's order, with the "all" rows last. */
function order(key: string): number {
  const format = key.split(' | ')[0] as string;
  const formats = ['cn_id18', 'cn_id15', 'unionpay16', 'unionpay19', 'visa', 'mastercard', 'amex', 'cn_mobile', 'cn_landline', 'us_phone', 'us_ssn', 'email', 'all'];
  return formats.indexOf(format) * 2 + (key.endsWith('| all') ? 1 : 0);
}
