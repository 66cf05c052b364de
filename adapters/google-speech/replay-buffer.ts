/** A stretch of one channel's audio to send again, starting exactly at `startMs`. */
export interface Replay {
  readonly startMs: number;
  readonly chunks: readonly Buffer[];
}

interface Held {
  readonly pcm: Buffer;
  readonly atMs: number;
  readonly durationMs: number;
}

/**
 * One channel's audio that the recogniser has not settled yet (mono 16-bit PCM, keyed by call time), so a stream
 * that fails can be replaced without losing speech. Bounded: past `maxMs` the oldest audio is let go, and a replay
 * that needs it reports the hole instead.
 */
export class ReplayBuffer {
  private held: Held[] = [];
  private heldMs = 0;

  constructor(
    private readonly sampleRateHz: number,
    private readonly maxMs: number,
  ) {}

  /** Call time of the oldest audio still held; undefined when empty. */
  get startMs(): number | undefined {
    return this.held[0]?.atMs;
  }

  /** Keeps a chunk (call time `atMs`), letting the oldest go past the bound. */
  append(pcm: Buffer, atMs: number): void {
    const durationMs = (pcm.length / 2 / this.sampleRateHz) * 1000;
    this.held.push({ pcm, atMs, durationMs });
    this.heldMs += durationMs;
    while (this.heldMs > this.maxMs && this.held.length > 0) this.heldMs -= (this.held.shift() as Held).durationMs;
  }

  /** Lets go of audio that ends at or before `ms` (it is settled). */
  dropBefore(ms: number): void {
    while (this.held.length > 0 && (this.held[0] as Held).atMs + (this.held[0] as Held).durationMs <= ms) this.heldMs -= (this.held.shift() as Held).durationMs;
  }

  /** Empties the buffer. */
  clear(): void {
    this.held = [];
    this.heldMs = 0;
  }

  /** The audio from `fromMs` on, the first chunk cut at the sample; from the oldest held if `fromMs` is gone. */
  since(fromMs: number): Replay {
    const first = this.held.findIndex((h) => h.atMs + h.durationMs > fromMs);
    if (first < 0) return { startMs: fromMs, chunks: [] };
    const head = this.held[first] as Held;
    if (head.atMs >= fromMs) return { startMs: head.atMs, chunks: this.held.slice(first).map((h) => h.pcm) };
    const skipSamples = Math.round(((fromMs - head.atMs) * this.sampleRateHz) / 1000);
    const cut = head.pcm.subarray(skipSamples * 2);
    const startMs = head.atMs + (skipSamples * 1000) / this.sampleRateHz;
    return { startMs, chunks: [cut, ...this.held.slice(first + 1).map((h) => h.pcm)] };
  }
}
