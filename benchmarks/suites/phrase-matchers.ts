import { Mint } from 'mint-filter';
import { DataSet, englishRecommendedTransformers, parseRawPattern, RegExpMatcher } from 'obscenity';
import type { BenchContext, BenchSuite } from '../bench-suite.js';
import { agentFinals, loadCorpus } from '../support/corpus.js';
import { fixed, scores, table, timeInterleaved } from '../support/measure.js';
import { forbiddenPhraseList, packFlags, plainCleanup, shippedPack } from '../support/packs.js';
import { substringFlags } from '../support/substring-search.js';

interface Matcher {
  readonly name: string;
  /** True when the matcher flags the (raw) text. */
  readonly flags: (text: string) => boolean;
}

/**
 * The same corpus (agent final utterances, forbidden-phrase labels) through the exact-match tools used in practice,
 * fed the pack's own phrases, and through callcoach: precision, recall, and throughput as a ratio to a plain
 * substring search measured in the same run.
 */
export const phraseMatchers: BenchSuite = {
  name: 'phrase-matchers',
  title: 'Forbidden phrases: callcoach against exact-match tools',
  run(context: BenchContext): string {
    const corpus = loadCorpus(context.corpusDir);
    if (!corpus) return `Skipped: no corpus in \`${context.corpusDir}\`.`;
    const sections: string[] = [];
    for (const language of ['zh', 'en'] as const) {
      const items = agentFinals(corpus, language);
      const full = shippedPack(language, true);
      const exactOnly = shippedPack(language, false);
      const { phrases, gapped } = forbiddenPhraseList(full);
      const mint = new Mint(phrases);
      const matchers: Matcher[] = [
        { name: 'substring (`includes` over the phrase list)', flags: (t) => substringFlags(phrases, plainCleanup(t, language), language) },
        { name: 'mint-filter', flags: (t) => mint.filter(plainCleanup(t, language), { replace: false }).words.length > 0 },
      ];
      if (language === 'en') {
        const dataset = new DataSet<{ id: number }>();
        phrases.forEach((p, id) => dataset.addPhrase((phrase) => phrase.setMetadata({ id }).addPattern(parseRawPattern(`|${p}|`))));
        const obscenity = new RegExpMatcher({ ...dataset.build(), ...englishRecommendedTransformers });
        matchers.push({ name: 'obscenity (recommended English transformers)', flags: (t) => obscenity.hasMatch(plainCleanup(t, language)) });
      }
      matchers.push({ name: 'callcoach, exact only (fuzzy off)', flags: (t) => packFlags(exactOnly, t) });
      matchers.push({ name: 'callcoach (as shipped: normalisers, sounds, excepts)', flags: (t) => packFlags(full, t) });

      context.log(`phrase-matchers: ${language}, ${items.length} utterances, ${matchers.length} matchers`);
      const rows = matchers.map((m) => {
        let tp = 0;
        let fp = 0;
        let fn = 0;
        for (const item of items) {
          const flagged = m.flags(item.text);
          if (flagged && item.forbidden) tp++;
          else if (flagged) fp++;
          else if (item.forbidden) fn++;
        }
        return { name: m.name, tp, fp, fn, ...scores(tp, fp, fn) };
      });
      const rounds = context.quick ? 3 : 9;
      const times = timeInterleaved(
        matchers.map((m) => () => {
          for (const item of items) m.flags(item.text);
        }),
        rounds,
      );
      const base = times[0] as number;
      const chars = items.reduce((sum, i) => sum + i.text.length, 0);
      sections.push(
        `### ${language === 'zh' ? 'Chinese (zh-CN-standard)' : 'English (en-US-standard)'}\n\n` +
          `${items.length} agent final utterances (${items.filter((i) => i.forbidden).length} labelled forbidden), ${chars} characters; ` +
          `peers get the pack's ${phrases.length} literal phrases (${gapped} gapped variants cannot be expressed) and the text after a plain cleanup.\n\n` +
          table(
            ['matcher', 'TP', 'FP', 'FN', 'precision', 'recall', 'F1', 'utterances/s', 'speed vs substring'],
            rows.map((r, i) => [r.name, r.tp, r.fp, r.fn, fixed(r.precision), fixed(r.recall), fixed(r.f1), Math.round((items.length / (times[i] as number)) * 1000), `${fixed(base / (times[i] as number), 2)}×`]),
          ),
      );
    }
    return (
      sections.join('\n\n') +
      '\n\nThroughput is the median of interleaved rounds over all utterances (one core); the ratio column is the stable figure on a noisy machine. ' +
      "callcoach's time includes its normalisation, segmentation and sound matching; the peers' includes the plain cleanup."
    );
  },
};
