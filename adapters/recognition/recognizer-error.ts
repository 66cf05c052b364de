/** The recogniser room's error catalogue (choice of recogniser and on-prem models); vendors keep their own. */
export const RECOGNIZER_ERRORS = {
  /** The recogniser named in the configuration does not exist, or its options are malformed. */
  CONFIG: { code: 'CALLCOACH_ADAPTER_RECOGNIZER_CONFIG', retryable: false },
  /** An on-prem recogniser was chosen but its model files are not configured, or not there. */
  MODEL_MISSING: { code: 'CALLCOACH_ADAPTER_RECOGNIZER_MODEL_MISSING', retryable: false },
  /** The recogniser's runtime package is not installed on this machine. */
  RUNTIME_MISSING: { code: 'CALLCOACH_ADAPTER_RECOGNIZER_RUNTIME_MISSING', retryable: false },
  /** The recogniser's runtime failed while recognising (it refused the model or the audio). */
  FAILED: { code: 'CALLCOACH_ADAPTER_RECOGNIZER_FAILED', retryable: false },
} as const;

export type RecognizerErrorKind = keyof typeof RECOGNIZER_ERRORS;

/** A recogniser set-up or run failure; the message names the option, file or package to fix, never transcript text. */
export class RecognizerError extends Error {
  readonly code: (typeof RECOGNIZER_ERRORS)[RecognizerErrorKind]['code'];
  readonly retryable: boolean;

  constructor(
    readonly kind: RecognizerErrorKind,
    message: string,
  ) {
    super(`${RECOGNIZER_ERRORS[kind].code}: ${message}`);
    this.name = 'RecognizerError';
    this.code = RECOGNIZER_ERRORS[kind].code;
    this.retryable = RECOGNIZER_ERRORS[kind].retryable;
  }
}
