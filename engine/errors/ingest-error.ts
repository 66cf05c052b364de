/** Stable codes for events the engine refuses. Operators can grep and alert on them. */
export const INGEST_ERROR_CODES = {
  MALFORMED_JSON: 'CALLCOACH_INGEST_MALFORMED_JSON',
  OVERSIZED: 'CALLCOACH_INGEST_OVERSIZED',
  INVALID_EVENT: 'CALLCOACH_INGEST_INVALID_EVENT',
  UNKNOWN_CALL: 'CALLCOACH_INGEST_UNKNOWN_CALL',
  DUPLICATE_EVENT: 'CALLCOACH_INGEST_DUPLICATE_EVENT',
  OUT_OF_ORDER: 'CALLCOACH_INGEST_OUT_OF_ORDER',
  CALL_ALREADY_STARTED: 'CALLCOACH_INGEST_CALL_ALREADY_STARTED',
  CALL_ALREADY_ENDED: 'CALLCOACH_INGEST_CALL_ALREADY_ENDED',
  UTTERANCE_ALREADY_FINAL: 'CALLCOACH_INGEST_UTTERANCE_ALREADY_FINAL',
  HOLD_STATE: 'CALLCOACH_INGEST_HOLD_STATE',
  NO_PACK: 'CALLCOACH_INGEST_NO_PACK',
  CALL_FAULTED: 'CALLCOACH_INGEST_CALL_FAULTED',
} as const;

export type IngestErrorCode = (typeof INGEST_ERROR_CODES)[keyof typeof INGEST_ERROR_CODES];

/** Where an event came from, so an error can point at it: a file and line, or a connection and message number. */
export interface EventSource {
  readonly file?: string;
  readonly line?: number;
  readonly connection?: string;
  readonly message?: number;
}

/**
 * An event the engine refused, and why. `message` is static text plus ids and field names:
 * it never carries transcript text (transcripts are personal data).
 */
export interface IngestError {
  readonly code: IngestErrorCode;
  readonly message: string;
  readonly source?: EventSource;
  readonly callId?: string;
  readonly eventType?: string;
  /** Dotted path of the offending field, when one field is to blame. */
  readonly field?: string;
  /** Duplicates are dropped on purpose: a warning, not a failure of the input. */
  readonly severity: 'error' | 'warning';
}

/** "file.jsonl:12", "connection 3 message 40", or "" when the source is unknown. */
export function describeSource(source: EventSource | undefined): string {
  if (!source) return '';
  if (source.file !== undefined) return source.line !== undefined ? `${source.file}:${source.line}` : source.file;
  if (source.line !== undefined) return `line ${source.line}`;
  const parts: string[] = [];
  if (source.connection !== undefined) parts.push(`connection ${source.connection}`);
  if (source.message !== undefined) parts.push(`message ${source.message}`);
  return parts.join(' ');
}

/** One line for a log or a terminal: "calls.jsonl:12: CALLCOACH_INGEST_INVALID_EVENT: field tMs ...". */
export function formatIngestError(error: IngestError): string {
  const where = describeSource(error.source);
  return `${where ? `${where}: ` : ''}${error.code}: ${error.message}`;
}

/** Builds an IngestError; the defaults keep call sites short. */
export function ingestError(
  code: IngestErrorCode,
  message: string,
  details: Omit<IngestError, 'code' | 'message' | 'severity'> & { severity?: 'error' | 'warning' } = {},
): IngestError {
  return { code, message, severity: details.severity ?? 'error', ...stripUndefined(details) };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
