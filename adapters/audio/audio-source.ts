import type { PcmFormat } from './pcm-format.js';

/**
 * A call's audio, pulled chunk by chunk: the consumer asks for the next chunk only when it can take it, so a slow
 * recogniser slows the reader instead of filling memory (backpressure by construction).
 */
export interface AudioSource {
  readonly format: PcmFormat;
  /** Length of the audio when known up front (a file), in ms. */
  readonly durationMs?: number;
  /** Interleaved PCM in whole frames, `chunkMs` long each (the last one may be shorter). */
  chunks(chunkMs: number): AsyncIterable<Buffer>;
}
