import { GoogleSpeechError, type GoogleSpeechErrorKind } from './google-speech-error.js';

/** gRPC status codes by number (google.rpc.Code); the adapter needs only their names. */
const STATUS_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

const KIND_BY_STATUS: Partial<Record<(typeof STATUS_NAMES)[number], GoogleSpeechErrorKind>> = {
  CANCELLED: 'UNAVAILABLE',
  UNKNOWN: 'UNAVAILABLE',
  DEADLINE_EXCEEDED: 'UNAVAILABLE',
  ABORTED: 'UNAVAILABLE',
  INTERNAL: 'UNAVAILABLE',
  UNAVAILABLE: 'UNAVAILABLE',
  RESOURCE_EXHAUSTED: 'QUOTA',
  OUT_OF_RANGE: 'STREAM_LIMIT',
  UNAUTHENTICATED: 'CREDENTIALS_REJECTED',
  PERMISSION_DENIED: 'CREDENTIALS_REJECTED',
};

const HINTS: Record<GoogleSpeechErrorKind, string> = {
  CONFIG: '',
  CREDENTIALS_MISSING: '',
  CREDENTIALS_REJECTED: 'check that the service account exists and has the Cloud Speech client role, and that the API is enabled for its project',
  REQUEST_REJECTED: 'check the language code, model and audio format',
  AUDIO_MISMATCH: '',
  UNAVAILABLE: 'the service could not be reached or dropped the stream',
  QUOTA: 'the project is over its Speech-to-Text quota or rate limit',
  STREAM_LIMIT: 'the stream reached Google’s per-stream duration limit or went too long without audio',
  RETRIES_EXHAUSTED: '',
};

/** The largest service error text kept in a message: enough to act on, never a payload. */
const MAX_DETAIL_CHARS = 200;

/**
 * Turns an error from the client library (a gRPC status error: numeric `code`, `details`) into a catalogued
 * GoogleSpeechError. Errors without a gRPC code (a socket torn down under the library) count as UNAVAILABLE.
 */
export function classifyGrpcError(err: unknown, where: { callId?: string; channel?: number } = {}): GoogleSpeechError {
  if (err instanceof GoogleSpeechError) return err;
  const record = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; details?: unknown; message?: unknown };
  const grpcCode = typeof record.code === 'number' ? record.code : undefined;
  const grpcStatus = grpcCode === undefined ? undefined : (STATUS_NAMES[grpcCode] ?? `code ${grpcCode}`);
  const kind: GoogleSpeechErrorKind =
    grpcStatus === undefined ? 'UNAVAILABLE' : (KIND_BY_STATUS[grpcStatus as (typeof STATUS_NAMES)[number]] ?? 'REQUEST_REJECTED');
  const rawDetail = typeof record.details === 'string' && record.details ? record.details : typeof record.message === 'string' ? record.message : '';
  const detail = rawDetail.length > MAX_DETAIL_CHARS ? `${rawDetail.slice(0, MAX_DETAIL_CHARS)}…` : rawDetail;
  const message = `Google Speech ${grpcStatus ?? 'stream failed'}: ${HINTS[kind]}${detail ? ` (service said: ${detail})` : ''}`;
  return new GoogleSpeechError(kind, message, { ...where, ...(grpcCode !== undefined ? { grpcCode } : {}), ...(grpcStatus ? { grpcStatus } : {}) });
}
