import { describe, expect, it } from '@jest/globals';
import { AudioBacklogError, LiveAudioSource } from '../../../adapters/audio/live-audio-source.js';

const pcm = (...samples: number[]) => {
  const b = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => b.writeInt16LE(s, i * 2));
  return b;
};
const samplesOf = (b: Buffer) => Array.from({ length: b.length / 2 }, (_, i) => b.readInt16LE(i * 2));

async function drain(source: LiveAudioSource, chunkMs: number): Promise<number[][]> {
  const out: number[][] = [];
  for await (const chunk of source.chunks(chunkMs)) out.push(samplesOf(chunk));
  return out;
}

describe('LiveAudioSource', () => {
  it('interleaves two tracks chunk by chunk once both have the audio, and flushes the rest at the end', async () => {
    const source = new LiveAudioSource({ sampleRateHz: 1000, channels: 2 });
    const pulled = drain(source, 2);
    source.write(0, pcm(1, 2, 3));
    source.write(1, pcm(-1, -2));
    source.write(1, pcm(-3, -4, -5));
    source.end();
    // 2-sample chunks of frames [ch0, ch1]; the shorter track is padded with silence at the end.
    expect(await pulled).toEqual([[1, -1, 2, -2], [3, -3, 0, -4], [0, -5]]);
  });

  it('leaves silence where a packet skipped ahead and drops a stretch that was sent twice', async () => {
    const source = new LiveAudioSource({ sampleRateHz: 1000, channels: 1 });
    source.write(0, pcm(1, 2), 0);
    source.write(0, pcm(5, 6), 4);
    source.write(0, pcm(6, 7), 5);
    source.end();
    expect((await drain(source, 10)).flat()).toEqual([1, 2, 0, 0, 5, 6, 7]);
  });

  it('pads a track that stopped sending once the other is maxSkewMs ahead', async () => {
    const source = new LiveAudioSource({ sampleRateHz: 1000, channels: 2 }, { maxSkewMs: 3 });
    source.write(0, pcm(1, 2, 3, 4, 5, 6));
    // The silent track was moved on to 3 samples behind the leader, so what it sends next lands there.
    expect(source.availableMs).toBe(3);
    source.write(1, pcm(-9));
    source.end();
    const frames = (await drain(source, 100)).flat();
    expect(frames).toEqual([1, 0, 2, 0, 3, 0, 4, -9, 5, 0, 6, 0]);
  });

  it('fails the writer when the recogniser falls more than maxBufferedMs behind', () => {
    const source = new LiveAudioSource({ sampleRateHz: 1000, channels: 1 }, { maxBufferedMs: 5 });
    source.write(0, pcm(1, 2, 3, 4, 5));
    expect(() => source.write(0, pcm(6))).toThrow(AudioBacklogError);
  });

  it('ends its chunks with the error a connector fails it with', async () => {
    const source = new LiveAudioSource({ sampleRateHz: 1000, channels: 1 });
    source.write(0, pcm(1));
    source.fail(new Error('connection lost'));
    await expect(drain(source, 1)).rejects.toThrow('connection lost');
  });
});
