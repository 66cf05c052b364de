import levenshtein from 'fast-levenshtein';

/** The closest candidate within a small edit distance, for "did you mean …?" hints. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein.get(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.round(word.length / 3));
  return bestDistance <= allowed ? best : undefined;
}
