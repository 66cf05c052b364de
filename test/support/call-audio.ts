import type { PcmFormat } from '../../adapters/audio/pcm-format.js';

/**
 * Deterministic call audio whose samples say where they are: channel 0 holds +(1 + 10-ms tick since call start),
 * channel 1 the negative. A server that sees one sample knows the channel and the call time (to 10 ms), so tests
 * can check which audio reached which stream, and where a replacement stream started.
 */
export function markedPcm(format: Pick<PcmFormat, 'sampleRateHz' | 'channels'>, durationMs: number): Buffer {
  const frames = Math.round((format.sampleRateHz * durationMs) / 1000);
  const pcm = Buffer.alloc(frames * format.channels * 2);
  for (let frame = 0; frame < frames; frame++) {
    const tick = 1 + Math.floor((frame * 1000) / format.sampleRateHz / 10);
    for (let channel = 0; channel < format.channels; channel++) pcm.writeInt16LE(channel === 0 ? tick : -tick, (frame * format.channels + channel) * 2);
  }
  return pcm;
}

/** What a marked sample says: its channel and the call time (ms, to 10 ms) it was taken at. */
export function readMark(sample: number): { channel: number; atMs: number } {
  return { channel: sample > 0 ? 0 : 1, atMs: (Math.abs(sample) - 1) * 10 };
}

/** A WAV file (RIFF header + samples) for PCM; `fmt` overrides let tests build unsupported or broken files. */
export function wavBytes(
  format: Pick<PcmFormat, 'sampleRateHz' | 'channels'>,
  pcm: Buffer,
  fmt: Partial<{ codec: number; bits: number; blockAlign: number; dataSize: number; extraChunk: Buffer }> = {},
): Buffer {
  const bits = fmt.bits ?? 16;
  const blockAlign = fmt.blockAlign ?? format.channels * (bits / 8);
  const header = Buffer.alloc(16);
  header.writeUInt16LE(fmt.codec ?? 1, 0);
  header.writeUInt16LE(format.channels, 2);
  header.writeUInt32LE(format.sampleRateHz, 4);
  header.writeUInt32LE(format.sampleRateHz * blockAlign, 8);
  header.writeUInt16LE(blockAlign, 12);
  header.writeUInt16LE(bits, 14);
  const chunks = [chunk('fmt ', header), ...(fmt.extraChunk ? [fmt.extraChunk] : []), chunk('data', pcm, fmt.dataSize)];
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), ...chunks]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/** One RIFF chunk, padded to an even length. */
export function chunk(id: string, body: Buffer, size = body.length): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(size, 4);
  return Buffer.concat([head, body, Buffer.alloc(body.length % 2)]);
}
