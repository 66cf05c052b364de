import { open, stat } from 'node:fs/promises';
import { AUDIO_ERROR_CODES, AudioError } from './audio-error.js';
import type { AudioSource } from './audio-source.js';
import { chunkBytes, pcmDurationMs } from './pcm-format.js';
import { readWavLayout } from './read-wav-layout.js';

/**
 * Opens a WAV file (16-bit PCM, 8 or 16 kHz, mono or two-channel) as an AudioSource. The header is checked now, so
 * an unsupported file fails before anything is sent anywhere; samples are read lazily, one chunk per pull.
 */
export async function openWavFile(file: string): Promise<AudioSource> {
  let totalBytes: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    totalBytes = info.size;
  } catch {
    throw new AudioError(AUDIO_ERROR_CODES.UNREADABLE, 'no such file, or not readable', file);
  }
  const handle = await open(file, 'r');
  let layout;
  try {
    layout = await readWavLayout(async (offset, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    }, totalBytes);
  } catch (err) {
    throw err instanceof AudioError ? err.inFile(file) : err;
  } finally {
    await handle.close();
  }
  const { format, dataOffset, dataBytes } = layout;
  return {
    format,
    durationMs: pcmDurationMs(format, dataBytes),
    async *chunks(chunkMs: number): AsyncIterable<Buffer> {
      const size = chunkBytes(format, chunkMs);
      const reader = await open(file, 'r');
      try {
        for (let done = 0; done < dataBytes; ) {
          const buffer = Buffer.alloc(Math.min(size, dataBytes - done));
          const { bytesRead } = await reader.read(buffer, 0, buffer.length, dataOffset + done);
          done += bytesRead;
          if (bytesRead === buffer.length) {
            yield buffer;
            continue;
          }
          // The file shrank since it was opened: keep the whole frames that are left and stop.
          const whole = bytesRead - (bytesRead % (format.channels * 2));
          if (whole > 0) yield buffer.subarray(0, whole);
          break;
        }
      } finally {
        await reader.close();
      }
    },
  };
}
