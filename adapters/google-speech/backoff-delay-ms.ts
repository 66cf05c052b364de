import type { BackoffOptions } from './google-speech-config.js';

/** The wait before reconnect attempt `attempt` (1-based): initial × multiplier^(attempt−1), capped, jittered. */
export function backoffDelayMs(attempt: number, options: BackoffOptions, random: () => number): number {
  const nominal = Math.min(options.maxMs, options.initialMs * options.multiplier ** Math.max(0, attempt - 1));
  return Math.round(nominal * (1 - options.jitter + 2 * options.jitter * random()));
}
