import type { EngineOutput, Nudge, NudgePolicyOptions } from '../../engine/index.js';
import { analyzeFiles } from '../../adapters/batch/analyze-files.js';
import type { BenchContext, BenchSuite } from '../bench-suite.js';
import { loadCorpus, type Corpus } from '../support/corpus.js';
import { fixed, median, table } from '../support/measure.js';
import { shippedPack } from '../support/packs.js';

interface PolicyOutcome {
  readonly label: string;
  readonly provisionalShown: number;
  readonly retractedAfterShown: number;
  readonly trueFlagged: number;
  readonly early: number;
  readonly leadsMs: number[];
}

/**
 * The overlay's provisional policy on the corpus: nudges shown at once and retracted when the final disagrees, against
 * nudges held until stable for N ms. Counts the false alarms an agent sees (shown, then retracted) and the lead time
 * (final's tMs minus the nudge's atMs) that holding costs on true findings.
 */
export const provisionalPolicy: BenchSuite = {
  name: 'provisional-policy',
  title: 'Provisional nudges: show at once, or hold until stable',
  async run(context: BenchContext): Promise<string> {
    const corpus = loadCorpus(context.corpusDir);
    if (!corpus) return `Skipped: no corpus in \`${context.corpusDir}\`.`;
    const packs = [shippedPack('zh', true), shippedPack('en', true)];
    const holds = context.quick ? [300, 1000] : [200, 300, 500, 600, 800, 1000, 1500, 2000];
    const policies: Array<{ label: string; policy: Partial<NudgePolicyOptions> }> = [
      { label: 'show (retract on final)', policy: { provisional: 'show' } },
      ...holds.map((stableMs) => ({ label: `hold ${stableMs} ms`, policy: { provisional: 'hold' as const, stableMs } })),
      { label: 'final only (no provisional)', policy: { provisional: 'hold', stableMs: 3_600_000 } },
    ];
    const outcomes: PolicyOutcome[] = [];
    for (const { label, policy } of policies) {
      context.log(`provisional-policy: ${label}`);
      outcomes.push(await measure(label, policy, corpus, packs));
    }
    const show = outcomes[0] as PolicyOutcome;
    const rows = outcomes.map((o) => [
      o.label,
      o.provisionalShown,
      o.retractedAfterShown,
      fixed((o.retractedAfterShown / corpus.calls) * 100, 1),
      `${o.early}/${o.trueFlagged}`,
      fixed(o.trueFlagged ? o.early / o.trueFlagged : 0),
      Math.round(median(o.leadsMs)),
      Math.round(median(show.leadsMs) - median(o.leadsMs)),
    ]);
    return (
      `${corpus.calls} calls, ${corpus.forbidden.size} labelled forbidden-phrase utterances, shipped packs, default cool-down and budget.\n\n` +
      table(
        ['policy', 'provisional nudges shown', 'shown then retracted', 'retracted per 100 calls', 'true findings nudged before the final', 'early share', 'median lead (ms)', 'lead lost vs show (ms)'],
        rows,
      ) +
      '\n\nLead = the final result\'s tMs minus the time the agent first saw the nudge (negative: after the final). ' +
      'A retraction is a nudge the agent saw and then lost: the flicker the hold avoids.'
    );
  },
};

async function measure(label: string, nudgePolicy: Partial<NudgePolicyOptions>, corpus: Corpus, packs: ReturnType<typeof shippedPack>[]): Promise<PolicyOutcome> {
  const firstShown = new Map<string, Nudge>();
  let provisionalShown = 0;
  let retractedAfterShown = 0;
  await analyzeFiles([corpus.eventsFile], {
    packs,
    engine: { nudgePolicy },
    onOutput: (output: EngineOutput) => {
      if (output.type === 'nudge' && output.nudge.category === 'forbidden_phrase') {
        const key = `${output.nudge.callId}/${output.nudge.utteranceId ?? ''}`;
        if (!firstShown.has(key)) firstShown.set(key, output.nudge);
        if (output.nudge.status === 'provisional') provisionalShown++;
      } else if (output.type === 'nudge.retracted') retractedAfterShown++;
    },
  });
  const finals = new Map(corpus.utterances.map((u) => [`${u.callId}/${u.utteranceId}`, u.final?.tMs]));
  const leadsMs: number[] = [];
  let early = 0;
  for (const key of corpus.forbidden) {
    const nudge = firstShown.get(key);
    const finalMs = finals.get(key);
    if (!nudge || finalMs === undefined) continue;
    leadsMs.push(finalMs - nudge.atMs);
    if (nudge.atMs < finalMs) early++;
  }
  return { label, provisionalShown, retractedAfterShown, trueFlagged: leadsMs.length, early, leadsMs };
}
