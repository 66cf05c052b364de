/**
 * G.711 μ-law, the telephony codec of Twilio Media Streams and Genesys AudioHook PCMU: one byte per sample, 8 kHz.
 * Each byte is an inverted sign bit, a 3-bit exponent (segment) and a 4-bit mantissa; decoding is a table lookup.
 */

const BIAS = 0x84;
const CLIP = 32635;

/** The linear sample of each μ-law byte (±32124 at most). */
const DECODE_TABLE: Int16Array = (() => {
  const table = new Int16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    const u = ~byte & 0xff;
    const exponent = (u >> 4) & 0x07;
    const magnitude = (((u & 0x0f) << 3) + BIAS) << exponent;
    table[byte] = u & 0x80 ? BIAS - magnitude : magnitude - BIAS;
  }
  return table;
})();

/** μ-law bytes to 16-bit little-endian PCM (two bytes per input byte). */
export function decodeMulaw(bytes: Uint8Array): Buffer {
  const pcm = Buffer.allocUnsafe(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) pcm.writeInt16LE(DECODE_TABLE[bytes[i] as number] as number, i * 2);
  return pcm;
}

/** One 16-bit linear sample to its μ-law byte (values past ±32635 are clipped, as G.711 does). */
export function encodeMulawSample(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(CLIP, Math.abs(Math.trunc(sample))) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = sign | (exponent << 4) | mantissa;
  return ~magnitude & 0xff;
}

/** 16-bit little-endian PCM to μ-law bytes (for sending audio to telephony, and for generating test sessions). */
export function encodeMulaw(pcm: Buffer): Buffer {
  const out = Buffer.allocUnsafe(pcm.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = encodeMulawSample(pcm.readInt16LE(i * 2));
  return out;
}
