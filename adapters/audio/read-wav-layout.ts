import { AUDIO_ERROR_CODES, AudioError } from './audio-error.js';
import type { PcmFormat } from './pcm-format.js';

/** Where the samples of a WAV file are and how they are laid out. */
export interface WavLayout {
  readonly format: PcmFormat;
  /** Byte offset of the first sample. */
  readonly dataOffset: number;
  /** Bytes of samples, whole frames only. */
  readonly dataBytes: number;
}

/** Sample rates the adapters feed recognisers: telephony narrowband and wideband. */
export const SUPPORTED_SAMPLE_RATES_HZ: readonly number[] = [8000, 16000];

const PCM = 1;
const EXTENSIBLE = 0xfffe;
const CODEC_NAMES: Record<number, string> = { 2: 'ADPCM', 3: '32-bit float', 6: 'A-law', 7: 'μ-law', 0x11: 'IMA ADPCM', 0x55: 'MP3' };
const TO_PCM16 = 'convert it to 16-bit linear PCM, for example `sox in.wav -e signed-integer -b 16 out.wav`';

/**
 * Walks a RIFF/WAVE file's chunks through `read` (only chunk headers and the fmt chunk are read, so a large LIST or
 * a 2 GB data chunk costs nothing) and checks that the samples are 16-bit PCM at 8 or 16 kHz, mono or two-channel.
 */
export async function readWavLayout(read: (offset: number, length: number) => Promise<Buffer>, totalBytes: number): Promise<WavLayout> {
  const riff = await read(0, 12);
  if (riff.length < 12) throw malformed(`only ${totalBytes} bytes: too short for a WAV header`);
  const magic = riff.toString('latin1', 0, 4);
  if (magic === 'RIFX') throw unsupported('big-endian WAV (RIFX); ' + TO_PCM16);
  if (magic === 'RF64') throw unsupported('RF64 (a WAV over 4 GiB); split the call into shorter files');
  if (magic !== 'RIFF' || riff.toString('latin1', 8, 12) !== 'WAVE') throw malformed('not a WAV file (no RIFF/WAVE header)');

  let format: PcmFormat | undefined;
  for (let offset = 12; offset + 8 <= totalBytes; ) {
    const header = await read(offset, 8);
    if (header.length < 8) break;
    const id = header.toString('latin1', 0, 4);
    const size = header.readUInt32LE(4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + size > totalBytes) throw malformed(`the fmt chunk is ${size} bytes; a PCM header needs 16`);
      format = parseFmt(await read(body, Math.min(size, 40)));
    } else if (id === 'data') {
      if (!format) throw malformed('the data chunk comes before the fmt chunk');
      const frame = format.channels * 2;
      // Recorders that stream to disk leave the size at 0 or 0xFFFFFFFF; a cut-short copy claims more than it has.
      const available = totalBytes - body;
      const claimed = size === 0 || size === 0xffffffff ? available : Math.min(size, available);
      return { format, dataOffset: body, dataBytes: claimed - (claimed % frame) };
    }
    offset = body + size + (size % 2);
  }
  throw malformed(format ? 'no data chunk: the file holds no samples' : 'no fmt chunk: the sample format is unknown');
}

function parseFmt(fmt: Buffer): PcmFormat {
  let codec = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRateHz = fmt.readUInt32LE(4);
  const blockAlign = fmt.readUInt16LE(12);
  const bits = fmt.readUInt16LE(14);
  // WAVE_FORMAT_EXTENSIBLE keeps the real codec in the first two bytes of its sub-format GUID.
  if (codec === EXTENSIBLE && fmt.length >= 26) codec = fmt.readUInt16LE(24);
  if (codec !== PCM) throw unsupported(`${CODEC_NAMES[codec] ?? `codec 0x${codec.toString(16)}`} samples; ${TO_PCM16}`);
  if (bits !== 16) throw unsupported(`${bits}-bit samples; ${TO_PCM16}`);
  if (channels !== 1 && channels !== 2) throw unsupported(`${channels} channels; give mono audio or two channels (agent and customer)`);
  if (!SUPPORTED_SAMPLE_RATES_HZ.includes(sampleRateHz)) {
    throw unsupported(`a sample rate of ${sampleRateHz} Hz; resample to 8000 or 16000 Hz, for example \`sox in.wav -r 16000 out.wav\``);
  }
  if (blockAlign !== channels * 2) throw malformed(`block align ${blockAlign} does not match ${channels} channel(s) of 16-bit samples`);
  return { sampleRateHz, channels, bitsPerSample: 16 };
}

function malformed(message: string): AudioError {
  return new AudioError(AUDIO_ERROR_CODES.MALFORMED, message);
}

function unsupported(message: string): AudioError {
  return new AudioError(AUDIO_ERROR_CODES.UNSUPPORTED, `unsupported format: ${message}`);
}
