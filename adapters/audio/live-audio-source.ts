import type { AudioSource } from './audio-source.js';
import type { PcmFormat } from './pcm-format.js';

/** How much the tracks of a live call may drift apart, and how much audio may wait for the recogniser. */
export interface LiveAudioOptions {
  /** One track this far ahead of another: the silent one is padded with silence so recognition is not held up. */
  readonly maxSkewMs: number;
  /** Audio written but not yet pulled beyond this fails the source: the recogniser has fallen behind the call. */
  readonly maxBufferedMs: number;
}

export const LIVE_AUDIO_DEFAULTS: LiveAudioOptions = { maxSkewMs: 1_000, maxBufferedMs: 30_000 };

/** Thrown by write() when the recogniser has fallen further behind than maxBufferedMs. */
export class AudioBacklogError extends Error {
  constructor(readonly bufferedMs: number) {
    super(`the recogniser is ${Math.round(bufferedMs)} ms behind the live audio`);
    this.name = 'AudioBacklogError';
  }
}

interface Track {
  readonly pending: Buffer[];
  /** Samples ever written (silence padding included): the track's position in call time. */
  written: number;
  /** Samples ever pulled. */
  pulled: number;
}

/**
 * A live call's audio, pushed by a telephony connector one packet at a time (per channel, each at its sample
 * position) and pulled by a recogniser as interleaved 16-bit PCM chunks (the AudioSource contract). A chunk is
 * released once every channel has audio for it; a packet that skips ahead leaves silence in the gap, a repeated
 * stretch is dropped, and a track that stops sending while the other goes on is padded with silence after
 * `maxSkewMs`. After end(), whatever is left comes out, the shorter tracks padded to the longest.
 */
export class LiveAudioSource implements AudioSource {
  readonly format: PcmFormat;
  private readonly tracks: Track[];
  private readonly options: LiveAudioOptions;
  private ended = false;
  private failure: unknown;
  private wake: (() => void) | undefined;

  constructor(format: { sampleRateHz: number; channels: number }, options: Partial<LiveAudioOptions> = {}) {
    this.format = { sampleRateHz: format.sampleRateHz, channels: format.channels, bitsPerSample: 16 };
    this.options = { ...LIVE_AUDIO_DEFAULTS, ...options };
    this.tracks = Array.from({ length: format.channels }, () => ({ pending: [], written: 0, pulled: 0 }));
  }

  /** Mono 16-bit PCM for one channel; `atSample` is where its first sample sits (default: right after the last). */
  write(channel: number, pcm: Buffer, atSample?: number): void {
    if (this.ended) return;
    const track = this.tracks[channel];
    if (!track) throw new RangeError(`no channel ${channel} in a ${this.tracks.length}-channel source`);
    let samples = pcm.subarray(0, pcm.length - (pcm.length % 2));
    const at = atSample ?? track.written;
    if (at > track.written) this.pad(track, at - track.written);
    else if (at < track.written) samples = samples.subarray(Math.min(samples.length, (track.written - at) * 2));
    if (samples.length > 0) {
      track.pending.push(samples);
      track.written += samples.length / 2;
    }
    const lead = Math.max(...this.tracks.map((t) => t.written));
    const skew = (this.options.maxSkewMs * this.format.sampleRateHz) / 1000;
    for (const other of this.tracks) if (lead - other.written > skew) this.pad(other, lead - skew - other.written);
    const bufferedMs = ((lead - Math.min(...this.tracks.map((t) => t.pulled))) * 1000) / this.format.sampleRateHz;
    this.notify();
    if (bufferedMs > this.options.maxBufferedMs) throw new AudioBacklogError(bufferedMs);
  }

  /** No more audio: the recogniser gets the rest and its chunks end. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  /** Ends the chunks with an error (the connection broke in a way the recogniser should hear about). */
  fail(error: unknown): void {
    this.failure = error;
    this.ended = true;
    this.notify();
  }

  /** Call time covered so far by every track, in ms. */
  get availableMs(): number {
    return (Math.min(...this.tracks.map((t) => t.written)) * 1000) / this.format.sampleRateHz;
  }

  async *chunks(chunkMs: number): AsyncIterable<Buffer> {
    const size = Math.max(1, Math.round((this.format.sampleRateHz * chunkMs) / 1000));
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      const ready = Math.min(...this.tracks.map((t) => t.written - t.pulled));
      if (ready >= size) {
        yield this.take(size);
        continue;
      }
      if (this.ended) {
        const longest = Math.max(...this.tracks.map((t) => t.written - t.pulled));
        if (longest === 0) return;
        for (const track of this.tracks) this.pad(track, longest - (track.written - track.pulled));
        while (Math.min(...this.tracks.map((t) => t.written - t.pulled)) > 0) yield this.take(Math.min(size, this.tracks[0]!.written - this.tracks[0]!.pulled));
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private pad(track: Track, samples: number): void {
    const n = Math.floor(samples);
    if (n <= 0) return;
    track.pending.push(Buffer.alloc(n * 2));
    track.written += n;
  }

  /** The next `samples` frames of every track, interleaved. */
  private take(samples: number): Buffer {
    const planes = this.tracks.map((track) => {
      const out = Buffer.allocUnsafe(samples * 2);
      let filled = 0;
      while (filled < out.length) {
        const head = track.pending[0] as Buffer;
        const n = Math.min(head.length, out.length - filled);
        head.copy(out, filled, 0, n);
        filled += n;
        if (n === head.length) track.pending.shift();
        else track.pending[0] = head.subarray(n);
      }
      track.pulled += samples;
      return out;
    });
    if (planes.length === 1) return planes[0] as Buffer;
    const frame = planes.length * 2;
    const out = Buffer.allocUnsafe(samples * frame);
    for (let i = 0; i < samples; i++) planes.forEach((plane, c) => plane.copy(out, i * frame + c * 2, i * 2, i * 2 + 2));
    return out;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
