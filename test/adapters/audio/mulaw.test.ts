import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeMulaw, encodeMulaw, encodeMulawSample } from '../../../adapters/audio/mulaw.js';

const decode1 = (byte: number) => decodeMulaw(Uint8Array.of(byte)).readInt16LE(0);

describe('decodeMulaw', () => {
  it('decodes the G.711 reference points', () => {
    expect(decode1(0xff)).toBe(0);
    expect(decode1(0x7f)).toBe(0);
    expect(decode1(0x80)).toBe(32124);
    expect(decode1(0x00)).toBe(-32124);
    // Segment 0, mantissa 1 on each side: the smallest non-zero steps.
    expect(decode1(0xfe)).toBe(8);
    expect(decode1(0x7e)).toBe(-8);
    // Segment 3, mantissa 1: (2·(1·8+132))·4 − 132.
    expect(decode1(0xce)).toBe(988);
  });

  it('is the inverse of encoding for every code but negative zero', () => {
    for (let byte = 0; byte < 256; byte++) expect(encodeMulawSample(decode1(byte))).toBe(byte === 0x7f ? 0xff : byte);
  });

  it('writes two little-endian bytes per μ-law byte', () => {
    const pcm = decodeMulaw(Uint8Array.of(0x80, 0x00, 0xff));
    expect(pcm.length).toBe(6);
    expect([pcm.readInt16LE(0), pcm.readInt16LE(2), pcm.readInt16LE(4)]).toEqual([32124, -32124, 0]);
  });
});

describe('encodeMulaw', () => {
  it('keeps every 16-bit sample within half a quantisation step of its value, and in order', () => {
    let previous = -Infinity;
    const tooFar: number[] = [];
    const outOfOrder: number[] = [];
    for (let x = -32768; x <= 32767; x++) {
      const y = decode1(encodeMulawSample(x));
      const clipped = Math.max(-32635, Math.min(32635, x));
      // A segment's steps are 1/16 of its lower bound (bias included), so rounding costs at most half of that.
      if (Math.abs(clipped - y) > (Math.abs(clipped) + 132) / 32 + 1) tooFar.push(x);
      if (y < previous) outOfOrder.push(x);
      previous = y;
    }
    expect(tooFar).toEqual([]);
    expect(outOfOrder).toEqual([]);
  });

  it('encodes buffers sample by sample', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 200 }), (samples) => {
        const pcm = Buffer.alloc(samples.length * 2);
        samples.forEach((s, i) => pcm.writeInt16LE(s, i * 2));
        const encoded = encodeMulaw(pcm);
        expect([...encoded]).toEqual(samples.map(encodeMulawSample));
      }),
    );
  });
});
