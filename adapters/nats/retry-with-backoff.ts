/** How a failed write is tried again. */
export interface BackoffOptions {
  readonly initialMs?: number;
  readonly maxMs?: number;
  /** Stop trying (resolve without success): the work is no longer ours to do. */
  readonly cancelled: () => boolean;
  /** Told about each failure before the wait (log it, count it). */
  readonly onFailure?: (err: unknown, attempt: number, waitMs: number) => void;
}

/**
 * Runs `work` until it succeeds, waiting initialMs, 2×, 4×… up to maxMs (with ±20 % jitter so workers do not retry
 * in step) between tries: a store or relay outage delays acknowledgements instead of losing what they cover.
 * Resolves true once done, false if cancelled first.
 */
export async function retryWithBackoff(work: () => Promise<void>, options: BackoffOptions): Promise<boolean> {
  let waitMs = options.initialMs ?? 100;
  const maxMs = options.maxMs ?? 5_000;
  for (let attempt = 1; ; attempt++) {
    if (options.cancelled()) return false;
    try {
      await work();
      return true;
    } catch (err) {
      const jittered = Math.round(waitMs * (0.8 + Math.random() * 0.4));
      options.onFailure?.(err, attempt, jittered);
      await new Promise((resolve) => setTimeout(resolve, jittered));
      waitMs = Math.min(maxMs, waitMs * 2);
    }
  }
}
