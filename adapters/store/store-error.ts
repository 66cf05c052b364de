/** The store room's error catalogue. `retryable`: the same operation may succeed later (the server was down). */
export const STORE_ERRORS = {
  /** PostgreSQL refused or did not answer the connection (down, wrong host or port, auth). */
  UNREACHABLE: { code: 'CALLCOACH_ADAPTER_STORE_UNREACHABLE', retryable: true },
  /** The SQLite file cannot be opened or created (path, permissions, not a database). */
  OPEN_FAILED: { code: 'CALLCOACH_ADAPTER_STORE_OPEN_FAILED', retryable: false },
} as const;

export type StoreErrorKind = keyof typeof STORE_ERRORS;
export type StoreErrorCode = (typeof STORE_ERRORS)[StoreErrorKind]['code'];

/** A store failure with a stable code; the message names the store and what to check, never stored text. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly retryable: boolean;

  constructor(
    readonly kind: StoreErrorKind,
    detail: string,
  ) {
    super(`${STORE_ERRORS[kind].code}: ${detail}`);
    this.name = 'StoreError';
    this.code = STORE_ERRORS[kind].code;
    this.retryable = STORE_ERRORS[kind].retryable;
  }
}
