import { performance } from 'node:perf_hooks';

/** Precision, recall and F1 from counts. */
export function scores(tp: number, fp: number, fn: number): { precision: number; recall: number; f1: number } {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/**
 * Times several workloads the same number of rounds, interleaved (A B C, A B C, ...) so drift on a noisy machine hits
 * them alike; returns the median milliseconds of each.
 */
export function timeInterleaved(workloads: ReadonlyArray<() => void>, rounds: number): number[] {
  const samples = workloads.map(() => [] as number[]);
  for (const w of workloads) w(); // warm up
  for (let r = 0; r < rounds; r++) {
    workloads.forEach((w, i) => {
      const t0 = performance.now();
      w();
      (samples[i] as number[]).push(performance.now() - t0);
    });
  }
  return samples.map(median);
}

/** Median of a list (0 when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A Markdown table. */
export function table(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const line = (cells: ReadonlyArray<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** 0.9876 -> "0.988". */
export function fixed(value: number, digits = 3): string {
  return value.toFixed(digits);
}
