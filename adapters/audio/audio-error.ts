/** The audio room's error catalogue: stable codes, never retryable (the input itself is wrong). */
export const AUDIO_ERROR_CODES = {
  /** The file does not exist or cannot be read. */
  UNREADABLE: 'CALLCOACH_ADAPTER_AUDIO_UNREADABLE',
  /** Not a RIFF/WAVE file, or its header is cut short or inconsistent. */
  MALFORMED: 'CALLCOACH_ADAPTER_AUDIO_MALFORMED',
  /** A well-formed WAV file in a format the recognisers are not fed (compressed, 24-bit, 44.1 kHz, 6 channels…). */
  UNSUPPORTED: 'CALLCOACH_ADAPTER_AUDIO_UNSUPPORTED',
} as const;

/** One of the audio error codes. */
export type AudioErrorCode = (typeof AUDIO_ERROR_CODES)[keyof typeof AUDIO_ERROR_CODES];

/** A problem with an audio input; the message says what is wrong and how to fix the file. */
export class AudioError extends Error {
  /** Audio errors are about the input, so trying again with the same file cannot help. */
  readonly retryable = false;

  constructor(
    readonly code: AudioErrorCode,
    readonly detail: string,
    readonly file?: string,
  ) {
    super(`${code}: ${file ? `${file}: ` : ''}${detail}`);
    this.name = 'AudioError';
  }

  /** The same error, naming the file it is about. */
  inFile(file: string): AudioError {
    return new AudioError(this.code, this.detail, file);
  }
}
