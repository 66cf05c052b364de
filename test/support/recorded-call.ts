import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markedPcm, wavBytes } from './call-audio.js';
import type { FakeStep } from './fake-speech-server.js';

/** What "Google" hears on each channel of the recorded call: the agent deflects, as the zh-CN pack forbids. */
export const CALL_SCRIPT: Record<number, readonly FakeStep[]> = {
  0: [
    { atMs: 1500, results: [{ text: '您好', endMs: 1400 }] },
    { atMs: 1900, results: [{ text: '您好，星河客服', final: true, endMs: 1800 }] },
    { atMs: 3300, results: [{ text: '你问我', endMs: 3200 }] },
    { atMs: 4100, results: [{ text: '你问我，我问谁？', final: true, endMs: 4000, confidence: 0.91 }] },
  ],
  1: [{ atMs: 2700, results: [{ text: '我的快递一直没到', final: true, endMs: 2600 }] }],
};

/** A two-channel 8 kHz recording of the call, as a WAV file on disk. */
export function writeCallWav(durationMs = 6000): string {
  const format = { sampleRateHz: 8000, channels: 2 };
  const file = join(mkdtempSync(join(tmpdir(), 'callcoach-speech-')), 'call-42.wav');
  writeFileSync(file, wavBytes(format, markedPcm(format, durationMs)));
  return file;
}
