import type { z } from 'zod';
import type { CallEvent } from './call-event.js';
import { callEventSchema, MAX_EVENT_BYTES } from './event-schema.js';
import { INGEST_ERROR_CODES, ingestError, type EventSource, type IngestError } from '../errors/ingest-error.js';

/** The outcome of parsing one message or line. */
export type ParseResult = { readonly ok: true; readonly event: CallEvent } | { readonly ok: false; readonly error: IngestError };

/**
 * Parses and validates one protocol v1 event from JSON text.
 * Never throws: a bad message becomes an IngestError that names the field and the source.
 */
export function parseEvent(text: string, source?: EventSource): ParseResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_EVENT_BYTES) {
    return fail(ingestError(INGEST_ERROR_CODES.OVERSIZED, `event is ${bytes} bytes; the limit is ${MAX_EVENT_BYTES}`, { source }));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof SyntaxError ? err.message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*$/s, '') : 'unparsable';
    return fail(ingestError(INGEST_ERROR_CODES.MALFORMED_JSON, `not valid JSON (${detail})`, { source }));
  }
  return validateEvent(raw, source);
}

/** Validates an already-decoded value against the protocol v1 schema. */
export function validateEvent(raw: unknown, source?: EventSource): ParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(ingestError(INGEST_ERROR_CODES.INVALID_EVENT, `an event must be a JSON object, got ${kindOf(raw)}`, { source }));
  }
  const record = raw as Record<string, unknown>;
  const callId = typeof record.callId === 'string' ? record.callId : undefined;
  const eventType = typeof record.type === 'string' ? record.type : undefined;
  const parsed = callEventSchema.safeParse(raw);
  if (parsed.success) return { ok: true, event: parsed.data as CallEvent };
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const field = issue.path.map(String).join('.');
  return fail(
    ingestError(INGEST_ERROR_CODES.INVALID_EVENT, describeIssue(issue, record, field), {
      source,
      callId,
      eventType,
      field: field || undefined,
    }),
  );
}

function describeIssue(issue: z.core.$ZodIssue, record: Record<string, unknown>, field: string): string {
  if (field === 'type' || (issue.code === 'invalid_union' && issue.path.length === 0)) {
    const got = record.type;
    return got === undefined
      ? 'field "type" is missing'
      : `field "type" is ${JSON.stringify(typeof got === 'string' ? got.slice(0, 40) : kindOf(got))}; expected one of call.started, utterance.partial, utterance.final, hold.started, hold.ended, call.ended, stream.gap`;
  }
  const value = issue.path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined), record);
  if (value === undefined && issue.code === 'invalid_type') return `field "${field}" is missing (${String(record.type)} events require it)`;
  return `field "${field}" ${issue.message.replace(/^Invalid input: /, '')} (got ${kindOf(value)})`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a fractional number';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function fail(error: IngestError): ParseResult {
  return { ok: false, error };
}
