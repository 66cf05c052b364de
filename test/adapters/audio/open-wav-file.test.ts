import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudioError } from '../../../adapters/audio/audio-error.js';
import { openWavFile } from '../../../adapters/audio/open-wav-file.js';
import { chunk, markedPcm, wavBytes } from '../../support/call-audio.js';

const dir = mkdtempSync(join(tmpdir(), 'callcoach-wav-'));
let files = 0;
function wavFile(bytes: Buffer): string {
  const file = join(dir, `f${++files}.wav`);
  writeFileSync(file, bytes);
  return file;
}

async function readAll(file: string, chunkMs = 100): Promise<Buffer[]> {
  const source = await openWavFile(file);
  const chunks: Buffer[] = [];
  for await (const c of source.chunks(chunkMs)) chunks.push(c);
  return chunks;
}

async function failure(file: string): Promise<AudioError> {
  try {
    await openWavFile(file);
  } catch (err) {
    return err as AudioError;
  }
  throw new Error('expected openWavFile to fail');
}

describe('openWavFile', () => {
  it('reads 16-bit PCM, mono or stereo, at 8 or 16 kHz, in whole-frame chunks', async () => {
    for (const format of [
      { sampleRateHz: 8000, channels: 1 },
      { sampleRateHz: 16000, channels: 2 },
    ]) {
      const pcm = markedPcm(format, 1050);
      const file = wavFile(wavBytes(format, pcm));
      const source = await openWavFile(file);
      expect(source.format).toEqual({ ...format, bitsPerSample: 16 });
      expect(source.durationMs).toBe(1050);
      const chunks = await readAll(file);
      expect(chunks.map((c) => c.length)).toEqual([...Array(10).fill((format.sampleRateHz / 10) * format.channels * 2), (format.sampleRateHz / 20) * format.channels * 2]);
      expect(Buffer.concat(chunks).equals(pcm)).toBe(true);
    }
  });

  it('skips chunks it does not know (LIST, odd-sized with padding) and takes the samples after them', async () => {
    const pcm = markedPcm({ sampleRateHz: 8000, channels: 1 }, 200);
    const file = wavFile(wavBytes({ sampleRateHz: 8000, channels: 1 }, pcm, { extraChunk: chunk('LIST', Buffer.from('INFOabc', 'latin1')) }));
    expect(Buffer.concat(await readAll(file)).equals(pcm)).toBe(true);
  });

  it('reads a file whose recorder never filled in the data size, and a copy cut short mid-frame', async () => {
    const format = { sampleRateHz: 8000, channels: 2 };
    const pcm = markedPcm(format, 300);
    expect(Buffer.concat(await readAll(wavFile(wavBytes(format, pcm, { dataSize: 0xffffffff })))).equals(pcm)).toBe(true);
    const cut = wavBytes(format, pcm).subarray(0, 44 + 1000 + 3);
    expect(Buffer.concat(await readAll(wavFile(cut))).equals(pcm.subarray(0, 1000))).toBe(true);
  });

  it('refuses formats the recognisers are not fed, saying how to convert', async () => {
    const pcm = Buffer.alloc(1600);
    const cases: Array<[Buffer, RegExp]> = [
      [wavBytes({ sampleRateHz: 44100, channels: 1 }, pcm), /a sample rate of 44100 Hz; resample to 8000 or 16000 Hz/],
      [wavBytes({ sampleRateHz: 16000, channels: 1 }, pcm, { bits: 24 }), /24-bit samples; convert it to 16-bit linear PCM/],
      [wavBytes({ sampleRateHz: 8000, channels: 1 }, pcm, { codec: 7, bits: 8 }), /μ-law samples/],
      [wavBytes({ sampleRateHz: 16000, channels: 1 }, pcm, { codec: 3, bits: 32 }), /32-bit float samples/],
      [wavBytes({ sampleRateHz: 16000, channels: 6 }, pcm), /6 channels; give mono audio or two channels/],
    ];
    for (const [bytes, message] of cases) {
      const error = await failure(wavFile(bytes));
      expect(error).toBeInstanceOf(AudioError);
      expect(error.code).toBe('CALLCOACH_ADAPTER_AUDIO_UNSUPPORTED');
      expect(error.message).toMatch(message);
      expect(error.retryable).toBe(false);
    }
  });

  it('names the file and what is wrong with a malformed or missing one', async () => {
    const notWav = wavFile(Buffer.from('ID3\u0004 this is an mp3', 'latin1'));
    expect(await failure(notWav)).toMatchObject({ code: 'CALLCOACH_ADAPTER_AUDIO_MALFORMED', message: `CALLCOACH_ADAPTER_AUDIO_MALFORMED: ${notWav}: not a WAV file (no RIFF/WAVE header)` });
    const header = wavBytes({ sampleRateHz: 8000, channels: 1 }, Buffer.alloc(0)).subarray(0, 36);
    expect((await failure(wavFile(header))).message).toContain('no data chunk');
    expect((await failure(wavFile(Buffer.alloc(5)))).message).toContain('too short for a WAV header');
    expect(await failure(join(dir, 'missing.wav'))).toMatchObject({ code: 'CALLCOACH_ADAPTER_AUDIO_UNREADABLE' });
  });
});
