import { checkSync } from 'recheck';

/** What the ReDoS checker concluded about one regex; `column` is a 0-based index into its source. */
export type RegexVerdict =
  | { readonly safe: true }
  | { readonly safe: false; readonly column: number; readonly reason: string };

/** How long the checker may think about one regex before the regex is refused as undecidable. */
export const REGEX_CHECK_TIMEOUT_MS = 5_000;

const cache = new Map<string, RegexVerdict>();

/**
 * Checks a pack regex for catastrophic backtracking with recheck (static analysis plus fuzzing), with the flags the
 * engine runs it with ('u'). Super-linear (polynomial or exponential) regexes are refused, and so are regexes the
 * checker cannot decide in time: a live engine runs them on every utterance, so "probably fine" is not enough.
 * Verdicts are cached per source, so hot reloads re-check only what changed.
 */
export function checkRegexSafety(source: string): RegexVerdict {
  const cached = cache.get(source);
  if (cached) return cached;
  const verdict = judge(source);
  cache.set(source, verdict);
  return verdict;
}

function judge(source: string): RegexVerdict {
  const d = checkSync(source, 'u', { timeout: REGEX_CHECK_TIMEOUT_MS });
  if (d.status === 'safe') return { safe: true };
  if (d.status === 'vulnerable') {
    const hot = d.hotspot.find((h) => h.temperature === 'heat') ?? d.hotspot[0];
    const growth = d.complexity.type === 'exponential' ? 'exponentially' : `polynomially (degree ${d.complexity.degree})`;
    return {
      safe: false,
      column: hot?.start ?? 0,
      reason:
        `open to catastrophic backtracking: matching time grows ${growth} with the text (an attack: ${JSON.stringify(d.attack.pattern.slice(0, 80))}); ` +
        'remove nested or overlapping repetition such as (a+)+ or (\\w|\\d)*, bound repeats with {m,n}, or use the pattern language',
    };
  }
  const why = d.error.kind === 'timeout' ? `not proven safe within ${REGEX_CHECK_TIMEOUT_MS / 1000} s` : `not checkable for backtracking (${d.error.kind}${'message' in d.error ? `: ${d.error.message}` : ''})`;
  return { safe: false, column: 0, reason: `${why}; simplify it so the ReDoS checker can prove it safe` };
}
