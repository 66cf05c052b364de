import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Mint } from 'mint-filter';
import { replayOnVirtualClock } from '../../adapters/batch/virtual-replay.js';
import { createEngine, type CompiledPack, type Finding } from '../../engine/index.js';
import type { BenchContext, BenchSuite } from '../bench-suite.js';
import { table } from '../support/measure.js';
import { forbiddenPhraseList, plainCleanup, shippedPack } from '../support/packs.js';
import { PROBE_EXPECTATIONS, probeCall, type ProbeSentence } from '../support/probe-calls.js';
import { substringFlags } from '../support/substring-search.js';

const PHRASINGS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'benchmarks', 'phrasings');

type Verdict = (probe: ProbeSentence, index: number) => boolean;

/**
 * Sentences nobody tuned the packs on: hand-written from the standards (never from eval-dev) by writers who saw
 * neither the packs nor the corpus. Each sentence is played as a whole call through the engine, so greetings, closings
 * and hold etiquette are judged by the real rules; forbidden and innocent sentences also go through the exact-match
 * peers given the pack's own phrase list. benchmarks/phrasings/README.md says which sets the packs were broadened on.
 */
export const heldOutPhrasings: BenchSuite = {
  name: 'held-out-phrasings',
  title: 'Phrasings written from the standards, not from the corpus: does matching generalise?',
  run(context: BenchContext): string {
    const all = readdirSync(PHRASINGS_DIR).filter((f) => f.endsWith('.jsonl')).sort();
    // A quick run measures the newest set only: the one most likely still held out.
    const files = context.quick ? all.slice(-1) : all;
    const packs = { zh: [shippedPack('zh', true), shippedPack('zh', false)], en: [shippedPack('en', true), shippedPack('en', false)] } as const;
    const rows: Array<Array<string | number>> = [];
    for (const file of files) {
      const probes = readFileSync(join(PHRASINGS_DIR, file), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ProbeSentence);
      for (const language of ['zh', 'en'] as const) {
        const mine = probes.filter((p) => p.lang.startsWith(language));
        const [full, exactOnly] = packs[language];
        const { phrases } = forbiddenPhraseList(full);
        const mint = new Mint(phrases);
        // The peers are phrase lists: they have no notion of greetings or holds, so they judge only phrase sentences.
        const matchers: ReadonlyArray<{ readonly verdict: Verdict; readonly phrasesOnly: boolean }> = [
          { verdict: engineVerdict(mine, full), phrasesOnly: false },
          { verdict: engineVerdict(mine, exactOnly), phrasesOnly: false },
          { verdict: (p) => substringFlags(phrases, plainCleanup(p.text, language), language), phrasesOnly: true },
          { verdict: (p) => mint.filter(plainCleanup(p.text, language), { replace: false }).words.length > 0, phrasesOnly: true },
        ];
        for (const [what, select] of GROUPS) {
          const chosen = mine.map((p, i) => [p, i] as const).filter(([p]) => select(p));
          if (chosen.length === 0) continue;
          const cells = matchers.map(({ verdict, phrasesOnly }) => {
            if (phrasesOnly && chosen.some(([p]) => !isPhraseSet(p))) return '—';
            const right = chosen.filter(([p, i]) => verdict(p, i) === PROBE_EXPECTATIONS[p.set].flagged).length;
            return `${right}/${chosen.length}`;
          });
          rows.push([file.replace('.jsonl', ''), language, what, ...cells]);
        }
        context.log(`held-out-phrasings: ${file} ${language}: ${mine.length} sentences`);
      }
    }
    return (
      table(['set', 'language', 'sentences (judged right)', 'callcoach', 'callcoach, exact only', 'substring', 'mint-filter'], rows) +
      '\n\nEach cell counts the sentences judged right: a forbidden sentence flagged, an innocent one not, a compliant greeting, closing, ' +
      'wait request or thanks for waiting passed, a non-compliant one flagged. The peers get the pack\'s literal phrases and only judge ' +
      'forbidden and innocent sentences.'
    );
  },
};

const GROUPS: ReadonlyArray<[string, (p: ProbeSentence) => boolean]> = [
  ['forbidden, as in the standard', (p) => p.set === 'forbidden' && kindOf(p) === 'seed'],
  ['forbidden, paraphrased', (p) => p.set === 'forbidden' && kindOf(p) === 'paraphrase'],
  ['forbidden, misrecognised', (p) => p.set === 'forbidden' && kindOf(p) === 'asr'],
  ['innocent near misses', (p) => p.set === 'innocent'],
  ['compliant greeting / closing / wait request / thanks', (p) => ['greeting_ok', 'closing_ok', 'hold_ask', 'hold_thanks'].includes(p.set)],
  ['non-compliant ones', (p) => ['greeting_bad', 'closing_bad', 'hold_noask', 'hold_nothanks'].includes(p.set)],
];

function isPhraseSet(p: ProbeSentence): boolean {
  return p.set === 'forbidden' || p.set === 'innocent';
}

/** The writers tagged forbidden sentences "a"/"seed", "b"/"paraphrase", "c"/"ASR" at the start of the note. */
function kindOf(p: ProbeSentence): 'seed' | 'paraphrase' | 'asr' {
  const tag = (p.note ?? '').trim().split(/[\s:]/)[0]?.toLowerCase();
  if (tag === 'b' || tag === 'paraphrase') return 'paraphrase';
  if (tag === 'c' || tag === 'asr') return 'asr';
  return 'seed';
}

/** Plays every probe's call through the engine on a virtual clock; a verdict is whether the probe's category fired. */
function engineVerdict(probes: readonly ProbeSentence[], pack: CompiledPack): Verdict {
  const calls = probes.map((p, i) => probeCall(`probe-${i}`, p));
  const outputs = replayOnVirtualClock(
    calls.map((c) => c.events.map((event) => ({ event }))),
    (scheduler) => createEngine({ scheduler, packs: () => [pack] }),
  );
  const findings = new Map<string, Finding[]>();
  for (const o of outputs) if (o.type === 'finding') findings.set(o.finding.callId, [...(findings.get(o.finding.callId) ?? []), o.finding]);
  return (p, i) => {
    const { category } = PROBE_EXPECTATIONS[p.set];
    const probeUtteranceId = (calls[i] as { probeUtteranceId: string }).probeUtteranceId;
    return (findings.get(`probe-${i}`) ?? []).some((f) => f.category === category && (category !== 'forbidden_phrase' || f.utteranceId === probeUtteranceId));
  };
}
