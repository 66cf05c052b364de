import type { CallScore } from '../../rules/scorecard/score-call.js';

/** How far reviewers who scored the same call agree, item by item. */
export interface CalibrationSpread {
  readonly reviewers: readonly string[];
  readonly totals: Readonly<Record<string, number | undefined>>;
  /** Population variance of the totals (points²); undefined with fewer than two totals. */
  readonly totalVariance?: number;
  readonly items: ReadonlyArray<{
    readonly itemId: string;
    readonly title: string;
    readonly points: number;
    /** Points each reviewer gave (undefined: not applicable or not scored). */
    readonly earned: Readonly<Record<string, number | undefined>>;
    readonly mean?: number;
    readonly variance?: number;
    /** Highest minus lowest. */
    readonly range?: number;
  }>;
}

/** Per item mean, variance and range of the points several reviewers gave the same call on the same scorecard. */
export function calibrationSpread(scores: ReadonlyArray<{ reviewer: string; score: CallScore }>): CalibrationSpread {
  const reviewers = scores.map((s) => s.reviewer);
  const first = scores[0]?.score;
  const items = (first?.sections ?? []).flatMap((section) =>
    section.items.map((item) => {
      const earned = Object.fromEntries(scores.map((s) => [s.reviewer, s.score.sections.flatMap((x) => x.items).find((i) => i.id === item.id)?.earned]));
      return { itemId: item.id, title: item.title, points: item.points, earned, ...stats(Object.values(earned)) };
    }),
  );
  const totals = Object.fromEntries(scores.map((s) => [s.reviewer, s.score.total]));
  const totalStats = stats(Object.values(totals));
  return { reviewers, totals, ...(totalStats.variance !== undefined ? { totalVariance: totalStats.variance } : {}), items };
}

function stats(values: ReadonlyArray<number | undefined>): { mean?: number; variance?: number; range?: number } {
  const xs = values.filter((v): v is number => v !== undefined);
  if (xs.length < 2) return xs.length === 1 ? { mean: xs[0] as number } : {};
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean: round2(mean), variance: round2(variance), range: round2(Math.max(...xs) - Math.min(...xs)) };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
