import type { SchedulerLike } from 'rxjs';
import type { AudioSource } from './audio-source.js';
import { pcmDurationMs } from './pcm-format.js';
import { schedulerDelay } from './scheduler-delay.js';

/** One chunk of a call's audio and where it sits in call time. */
export interface TimedChunk {
  readonly pcm: Buffer;
  /** Call time of the chunk's first sample, in ms (fractional: sample-exact). */
  readonly atMs: number;
  readonly durationMs: number;
}

/** How fast to play a source. */
export interface PaceOptions {
  readonly chunkMs: number;
  /** 1 = real time (each chunk is released when it would have been fully spoken); Infinity = as fast as pulled. */
  readonly speed: number;
  readonly scheduler: SchedulerLike;
  readonly signal?: AbortSignal;
}

/**
 * Pulls a source's chunks and stamps them with call time, releasing them no faster than `speed` × real time.
 * When the consumer falls behind (a reconnect, backpressure), the schedule slips instead of bursting to catch up:
 * a recorded file has no deadline, and recognisers reject audio sent much faster than real time.
 */
export async function* paceChunks(source: AudioSource, options: PaceOptions): AsyncGenerator<TimedChunk> {
  const { speed, scheduler, signal } = options;
  let startedAt = scheduler.now();
  let atMs = 0;
  for await (const pcm of source.chunks(options.chunkMs)) {
    const durationMs = pcmDurationMs(source.format, pcm.length);
    if (Number.isFinite(speed)) {
      const waitMs = startedAt + (atMs + durationMs) / speed - scheduler.now();
      if (waitMs > 0) await schedulerDelay(scheduler, waitMs, signal);
      else startedAt -= waitMs;
    }
    signal?.throwIfAborted();
    yield { pcm, atMs, durationMs };
    atMs += durationMs;
  }
}
