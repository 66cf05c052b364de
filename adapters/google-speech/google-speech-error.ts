/**
 * The Google Speech adapter's error catalogue. `retryable` says whether the same call may succeed if tried again
 * later; the adapter itself retries the retryable ones (with backoff) before giving up.
 */
export const GOOGLE_SPEECH_ERRORS = {
  /** An option is out of range or inconsistent; fix the configuration. */
  CONFIG: { code: 'CALLCOACH_ADAPTER_GOOGLE_CONFIG', retryable: false },
  /** No Google credentials were found at start-up. */
  CREDENTIALS_MISSING: { code: 'CALLCOACH_ADAPTER_GOOGLE_CREDENTIALS_MISSING', retryable: false },
  /** Google refused the credentials (UNAUTHENTICATED, PERMISSION_DENIED). */
  CREDENTIALS_REJECTED: { code: 'CALLCOACH_ADAPTER_GOOGLE_CREDENTIALS_REJECTED', retryable: false },
  /** Google rejected the request: bad audio, unsupported language or model (INVALID_ARGUMENT and other permanent codes). */
  REQUEST_REJECTED: { code: 'CALLCOACH_ADAPTER_GOOGLE_REQUEST_REJECTED', retryable: false },
  /** The audio cannot be recognised with the call's settings (channel count against speakers, sample rate). */
  AUDIO_MISMATCH: { code: 'CALLCOACH_ADAPTER_GOOGLE_AUDIO_MISMATCH', retryable: false },
  /** The service was unreachable or dropped the stream (UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, INTERNAL…). */
  UNAVAILABLE: { code: 'CALLCOACH_ADAPTER_GOOGLE_UNAVAILABLE', retryable: true },
  /** Quota or rate limit (RESOURCE_EXHAUSTED). */
  QUOTA: { code: 'CALLCOACH_ADAPTER_GOOGLE_QUOTA', retryable: true },
  /** OUT_OF_RANGE: the stream outlived Google's per-stream limit, or got no audio for too long; the adapter restarts it. */
  STREAM_LIMIT: { code: 'CALLCOACH_ADAPTER_GOOGLE_STREAM_LIMIT', retryable: true },
  /** Retryable failures went on past the retry budget. */
  RETRIES_EXHAUSTED: { code: 'CALLCOACH_ADAPTER_GOOGLE_RETRIES_EXHAUSTED', retryable: true },
} as const;

/** One entry of the catalogue. */
export type GoogleSpeechErrorKind = keyof typeof GOOGLE_SPEECH_ERRORS;

/** One of the stable codes. */
export type GoogleSpeechErrorCode = (typeof GOOGLE_SPEECH_ERRORS)[GoogleSpeechErrorKind]['code'];

/**
 * An adapter failure with a stable code. Messages are static text plus ids, option names and the service's own
 * error text: never transcript text.
 */
export class GoogleSpeechError extends Error {
  readonly code: GoogleSpeechErrorCode;
  readonly retryable: boolean;

  constructor(
    readonly kind: GoogleSpeechErrorKind,
    message: string,
    readonly fields: { readonly grpcCode?: number; readonly grpcStatus?: string; readonly callId?: string; readonly channel?: number } = {},
  ) {
    super(`${GOOGLE_SPEECH_ERRORS[kind].code}: ${message}`);
    this.name = 'GoogleSpeechError';
    this.code = GOOGLE_SPEECH_ERRORS[kind].code;
    this.retryable = GOOGLE_SPEECH_ERRORS[kind].retryable;
  }
}
