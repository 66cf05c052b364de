/** Raw PCM layout: signed 16-bit little-endian samples, channels interleaved frame by frame. */
export interface PcmFormat {
  readonly sampleRateHz: number;
  readonly channels: number;
  readonly bitsPerSample: 16;
}

/** Bytes in one frame (one sample of every channel). */
export function frameBytes(format: PcmFormat): number {
  return format.channels * (format.bitsPerSample / 8);
}

/** Duration of `bytes` of interleaved PCM, in ms (fractional: sample-exact). */
export function pcmDurationMs(format: PcmFormat, bytes: number): number {
  return ((bytes / frameBytes(format)) * 1000) / format.sampleRateHz;
}

/** Bytes in a chunk of about `chunkMs`, rounded to whole frames (at least one). */
export function chunkBytes(format: PcmFormat, chunkMs: number): number {
  return Math.max(1, Math.round((format.sampleRateHz * chunkMs) / 1000)) * frameBytes(format);
}
