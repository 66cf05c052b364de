import { performance } from 'node:perf_hooks';
import type { BenchContext, BenchSuite } from '../bench-suite.js';
import { loadCorpus } from '../support/corpus.js';
import { fixed, median, table } from '../support/measure.js';
import { shippedPack } from '../support/packs.js';

/**
 * What matching every partial of every call costs: each utterance revision is analysed once per pack, from scratch.
 * Measures the cost per revision (partials and finals), how much of each partial repeats the previous one (what an
 * incremental analysis could skip at best), and the load that implies per 1,000 live calls.
 */
export const partialAnalysis: BenchSuite = {
  name: 'partial-analysis',
  title: 'Matching interim results: cost of re-analysing growing partials',
  run(context: BenchContext): string {
    const corpus = loadCorpus(context.corpusDir);
    if (!corpus) return `Skipped: no corpus in \`${context.corpusDir}\`.`;
    const rows: Array<Array<string | number>> = [];
    const notes: string[] = [];
    for (const language of ['zh', 'en'] as const) {
      const pack = shippedPack(language, true);
      const utterances = corpus.utterances.filter((u) => u.language === language);
      const partials = utterances.flatMap((u) => u.partials.map((p) => p.text));
      const finals = utterances.flatMap((u) => (u.final ? [u.final.text] : []));
      let repeated = 0;
      let total = 0;
      for (const u of utterances) {
        let previous = '';
        for (const text of [...u.partials.map((p) => p.text), ...(u.final ? [u.final.text] : [])]) {
          total += text.length;
          repeated += commonPrefix(previous, text);
          previous = text;
        }
      }
      const rounds = context.quick ? 3 : 7;
      const perPartial = timePer(partials, (t) => pack.phrases.analyze(t), rounds);
      const perFinal = timePer(finals, (t) => pack.phrases.analyze(t), rounds);
      const durationMs = callSeconds(corpus, language) * 1000;
      const revisionsPerCallSecond = (partials.length + finals.length) / (durationMs / 1000);
      const coreShare = (revisionsPerCallSecond * 1000 * ((perPartial * partials.length + perFinal * finals.length) / (partials.length + finals.length))) / 1e6;
      rows.push([language, partials.length, finals.length, fixed(perPartial, 1), fixed(perFinal, 1), fixed(repeated / total, 2), fixed(revisionsPerCallSecond, 2), fixed(coreShare, 3)]);
      notes.push(`${language}: ${fixed(repeated / total, 2)} of revision text repeats the previous revision`);
      context.log(`partial-analysis: ${language} done`);
    }
    return (
      table(['language', 'partials', 'finals', 'µs per partial', 'µs per final', 'share repeated from the previous revision', 'revisions per call-second', 'cores per 1,000 live calls'], rows) +
      '\n\nAt most the repeated share could be saved by analysing only the new text of a growing partial, and less in practice: ' +
      'a partial is a whole new hypothesis (its prefix can change), Chinese segmentation and clause anchors look past the ' +
      'boundary, and the per-character caches (pinyin readings, phonetic keys, word comparisons) already make repeated text ' +
      'cheap. The decision and its reasons are in benchmarks/README.md.'
    );
  },
};

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function timePer(texts: readonly string[], work: (text: string) => unknown, rounds: number): number {
  for (const t of texts) work(t);
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const t of texts) work(t);
    samples.push(((performance.now() - t0) * 1000) / Math.max(1, texts.length));
  }
  return median(samples);
}

/** Total call time of one language (sum over calls of the last event time), in seconds. */
function callSeconds(corpus: ReturnType<typeof loadCorpus> & object, language: 'zh' | 'en'): number {
  const lastMs = new Map<string, number>();
  for (const u of corpus.utterances) {
    if (u.language !== language) continue;
    const end = u.final?.tMs ?? u.partials[u.partials.length - 1]?.tMs ?? 0;
    lastMs.set(u.callId, Math.max(lastMs.get(u.callId) ?? 0, end));
  }
  let sum = 0;
  for (const ms of lastMs.values()) sum += ms;
  return sum / 1000;
}
