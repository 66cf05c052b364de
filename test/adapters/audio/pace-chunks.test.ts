import { describe, expect, it } from '@jest/globals';
import { paceChunks } from '../../../adapters/audio/pace-chunks.js';
import { pcmBufferSource } from '../../../adapters/audio/pcm-buffer-source.js';
import { splitChannels } from '../../../adapters/audio/split-channels.js';
import { markedPcm } from '../../support/call-audio.js';
import { SteppingScheduler } from '../../support/stepping-scheduler.js';

const format = { sampleRateHz: 8000, channels: 2, bitsPerSample: 16 as const };

describe('paceChunks', () => {
  it('stamps chunks with call time and, in real time, waits one chunk’s duration per chunk', async () => {
    const scheduler = new SteppingScheduler();
    const stamps: number[] = [];
    for await (const c of paceChunks(pcmBufferSource(format, markedPcm(format, 450)), { chunkMs: 100, speed: 1, scheduler })) stamps.push(c.atMs);
    expect(stamps).toEqual([0, 100, 200, 300, 400]);
    expect(scheduler.delays).toEqual([100, 100, 100, 100, 50]);
  });

  it('plays faster at a higher speed, and asks for no waits as fast as possible', async () => {
    const fast = new SteppingScheduler();
    for await (const _ of paceChunks(pcmBufferSource(format, markedPcm(format, 400)), { chunkMs: 100, speed: 4, scheduler: fast }));
    expect(fast.delays).toEqual([25, 25, 25, 25]);
    const max = new SteppingScheduler();
    for await (const _ of paceChunks(pcmBufferSource(format, markedPcm(format, 400)), { chunkMs: 100, speed: Infinity, scheduler: max }));
    expect(max.delays).toEqual([]);
  });

  it('stops with the abort reason when aborted while waiting', async () => {
    const abort = new AbortController();
    const chunks = paceChunks(pcmBufferSource(format, markedPcm(format, 400)), { chunkMs: 100, speed: 1, scheduler: new SteppingScheduler(), signal: abort.signal });
    await chunks.next();
    const next = chunks.next();
    abort.abort(new Error('stopped'));
    await expect(next).rejects.toThrow('stopped');
  });
});

describe('splitChannels', () => {
  it('de-interleaves stereo frames into one buffer per channel', () => {
    const [left, right] = splitChannels(markedPcm(format, 10), 2);
    expect(left?.readInt16LE(0)).toBe(1);
    expect(right?.readInt16LE(0)).toBe(-1);
    expect(left?.length).toBe(160);
  });
});
