import type { AudioSource } from './audio-source.js';
import { chunkBytes, frameBytes, pcmDurationMs, type PcmFormat } from './pcm-format.js';

/** Audio already in memory (interleaved 16-bit PCM) as an AudioSource; for callers that decode audio themselves. */
export function pcmBufferSource(format: PcmFormat, pcm: Buffer): AudioSource {
  const usable = pcm.length - (pcm.length % frameBytes(format));
  return {
    format,
    durationMs: pcmDurationMs(format, usable),
    async *chunks(chunkMs: number): AsyncIterable<Buffer> {
      const size = chunkBytes(format, chunkMs);
      for (let offset = 0; offset < usable; offset += size) yield pcm.subarray(offset, Math.min(usable, offset + size));
    },
  };
}
