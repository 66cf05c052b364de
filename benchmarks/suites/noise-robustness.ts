import { pinyin } from 'pinyin-pro';
import type { CompiledPack } from '../../engine/index.js';
import type { BenchContext, BenchSuite } from '../bench-suite.js';
import { agentFinals, loadCorpus } from '../support/corpus.js';
import { fixed, table } from '../support/measure.js';
import { packFlags, shippedPack } from '../support/packs.js';

type Noise = (text: string, random: () => number) => string;

/**
 * Recognition noise the corpus does not contain, added on purpose: is matching robust beyond the sample it was built
 * on, and does noise in innocent sentences make it flag them? Labelled forbidden utterances and innocent agent
 * utterances get one kind of noise each (a homophone swapped in, a filler inside the phrase, simplified text turned
 * traditional, an English word misheard), with a fixed seed; exact matching is shown beside for reference.
 */
export const noiseRobustness: BenchSuite = {
  name: 'noise-robustness',
  title: 'Recognition noise added to the corpus: recall on violations, false flags on innocent speech',
  run(context: BenchContext): string {
    const corpus = loadCorpus(context.corpusDir);
    if (!corpus) return `Skipped: no corpus in \`${context.corpusDir}\`.`;
    const rows: Array<Array<string | number>> = [];
    for (const language of ['zh', 'en'] as const) {
      const items = agentFinals(corpus, language);
      const positives = [...new Set(items.filter((i) => i.forbidden).map((i) => i.text))];
      const negatives = [...new Set(items.filter((i) => !i.forbidden).map((i) => i.text))];
      const packs: Array<[string, CompiledPack]> = [
        ['exact only', shippedPack(language, false)],
        ['callcoach', shippedPack(language, true)],
      ];
      const noises: Array<[string, Noise]> =
        language === 'zh'
          ? [
              ['one homophone', homophoneNoise([...positives, ...negatives])],
              ['two homophones', twice(homophoneNoise([...positives, ...negatives]))],
              ['a filler inside', fillerNoise(['嗯', '那个，', '呃'], '')],
            ]
          : [
              ['a word misheard', wordNoise],
              ['a filler inside', fillerNoise(['um', 'uh,'], ' ')],
            ];
      for (const [noiseName, noise] of noises) {
        const random = seeded(17);
        const noisyPositives = positives.map((t) => noise(t, random)).filter((t, i) => t !== positives[i]);
        const noisyNegatives = negatives.map((t) => noise(t, random));
        for (const [packName, pack] of packs) {
          const found = noisyPositives.filter((t) => packFlags(pack, t)).length;
          const falseFlags = noisyNegatives.filter((t) => packFlags(pack, t)).length;
          rows.push([language, noiseName, packName, `${found}/${noisyPositives.length}`, fixed(noisyPositives.length ? found / noisyPositives.length : 0), `${falseFlags}/${noisyNegatives.length}`]);
        }
      }
      context.log(`noise-robustness: ${language} done`);
    }
    return table(['language', 'noise added', 'matcher', 'violations found', 'recall', 'innocent sentences flagged'], rows);
  },
};

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** Swaps one character for another with the same toneless reading, drawn from the corpus's own characters. */
function homophoneNoise(texts: readonly string[]): Noise {
  const byReading = new Map<string, string[]>();
  const readingOf = new Map<string, string>();
  for (const t of texts) {
    for (const ch of t) {
      if (!/\p{Script=Han}/u.test(ch) || readingOf.has(ch)) continue;
      const reading = pinyin(ch, { toneType: 'none' });
      readingOf.set(ch, reading);
      byReading.set(reading, [...(byReading.get(reading) ?? []), ch]);
    }
  }
  return (text, random) => {
    const chars = [...text];
    const swappable = chars.map((c, i) => [c, i] as const).filter(([c]) => (byReading.get(readingOf.get(c) ?? '')?.length ?? 0) > 1);
    if (swappable.length === 0) return text;
    const [c, i] = pick(swappable, random);
    chars[i] = pick((byReading.get(readingOf.get(c) ?? '') ?? []).filter((x) => x !== c), random);
    return chars.join('');
  };
}

function twice(noise: Noise): Noise {
  return (text, random) => noise(noise(text, random), random);
}

function fillerNoise(fillers: readonly string[], joiner: string): Noise {
  return (text, random) => {
    const units = joiner === '' ? [...text] : text.split(' ');
    if (units.length < 2) return text;
    units.splice(1 + Math.floor(random() * (units.length - 1)), 0, pick(fillers, random));
    return units.join(joiner);
  };
}

// Mishearings of the kind recognisers make: homophones, split or run-together words, a dropped apostrophe.
const MISHEARD: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bnot\b/i, 'knot'],
  [/\byou're\b/i, 'your'],
  [/\balready\b/i, 'all ready'],
  [/\bcalm\b/i, 'come'],
  [/\bshould have\b/i, 'should of'],
  [/\byou\b/i, 'ya'],
  [/\bdown\b/i, 'dawn'],
  [/\bproblem\b/i, 'problum'],
  [/\blistening\b/i, 'lissening'],
  [/\bwant\b/i, 'wont'],
  [/\bthat's\b/i, 'thats'],
  [/\bread\b/i, 'red'],
  [/\bhear\b/i, 'here'],
];

function wordNoise(text: string, random: () => number): string {
  const applicable = MISHEARD.filter(([pattern]) => pattern.test(text));
  if (applicable.length === 0) return text;
  const [pattern, replacement] = pick(applicable, random);
  return text.replace(pattern, replacement);
}
