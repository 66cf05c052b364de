import { existsSync } from 'node:fs';
import { GoogleSpeechError } from './google-speech-error.js';
import { resolveGoogleCredentials, type GoogleCredentialSource } from './resolve-google-credentials.js';

/** Reconnect policy for retryable failures: exponential, capped, with jitter so many calls do not retry in step. */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly multiplier: number;
  /** Consecutive failed attempts before giving up with CALLCOACH_ADAPTER_GOOGLE_RETRIES_EXHAUSTED. */
  readonly maxAttempts: number;
  /** 0–1: each delay is spread uniformly over ±jitter of its nominal value. */
  readonly jitter: number;
}

/** Where the Speech service is; unset means Google's public endpoint. */
export interface GoogleSpeechEndpoint {
  readonly host: string;
  readonly port: number;
  /** False only for a local emulator or test server: plaintext, no credentials. */
  readonly tls: boolean;
}

/** The adapter's one configuration shape, validated once by resolveGoogleSpeechConfig. */
export interface GoogleSpeechConfig {
  readonly endpoint?: GoogleSpeechEndpoint;
  readonly credentials: GoogleCredentialSource;
  /** Google model name (e.g. `telephony`, `phone_call`, `latest_long`); unset lets Google pick for the language. */
  readonly model?: string;
  readonly useEnhanced: boolean;
  readonly punctuation: boolean;
  /** Ask for word time offsets and word confidence (they become `words` on finals). */
  readonly wordTimes: boolean;
  /** Audio per request message: ~100 ms is Google's recommendation; a request may not exceed 25,600 bytes. */
  readonly chunkMs: number;
  /** Audio sent on one stream before it is closed and a new one opened; Google ends streams after about 305 s. */
  readonly streamLimitMs: number;
  /** After this much audio on a stream, restart at the first moment no hypothesis is open (no words are cut). */
  readonly restartAfterMs: number;
  /** Unrecognised audio kept per channel to replay into a replacement stream after a failure. */
  readonly maxReplayMs: number;
  readonly backoff: BackoffOptions;
}

/** What a caller may set; everything else takes GOOGLE_SPEECH_DEFAULTS. */
export type GoogleSpeechOverrides = Partial<Omit<GoogleSpeechConfig, 'credentials' | 'endpoint' | 'backoff'>> & {
  readonly backoff?: Partial<BackoffOptions>;
  /** A service-account key file; otherwise Application Default Credentials. */
  readonly keyFile?: string;
  /** `host:port` (TLS), `https://host:port`, or `http://host:port` for a plaintext emulator. */
  readonly endpoint?: string;
};

/** Environment variable naming a non-default Speech endpoint (an emulator, a regional or private endpoint). */
export const ENDPOINT_ENV = 'CALLCOACH_GOOGLE_SPEECH_ENDPOINT';

/** The defaults: real-time friendly, restarts well inside Google's 305 s stream limit. */
export const GOOGLE_SPEECH_DEFAULTS = {
  useEnhanced: false,
  punctuation: true,
  wordTimes: true,
  chunkMs: 100,
  streamLimitMs: 290_000,
  restartAfterMs: 240_000,
  maxReplayMs: 60_000,
  backoff: { initialMs: 500, maxMs: 10_000, multiplier: 2, maxAttempts: 6, jitter: 0.2 },
} as const satisfies Omit<GoogleSpeechConfig, 'credentials'>;

/**
 * Validates overrides against the defaults and resolves endpoint and credentials from the environment
 * (CALLCOACH_GOOGLE_SPEECH_ENDPOINT, GOOGLE_APPLICATION_CREDENTIALS, gcloud ADC). Throws a GoogleSpeechError naming
 * the option or variable to fix; call it at start-up, before any audio is read.
 */
export function resolveGoogleSpeechConfig(
  overrides: GoogleSpeechOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
  fileExists: (path: string) => boolean = existsSync,
): GoogleSpeechConfig {
  const { keyFile, endpoint: endpointText, backoff: backoffOverrides, ...rest } = overrides;
  const merged = { ...GOOGLE_SPEECH_DEFAULTS, ...definedOnly(rest) };
  const backoff = { ...GOOGLE_SPEECH_DEFAULTS.backoff, ...definedOnly(backoffOverrides ?? {}) };
  range('chunkMs', merged.chunkMs, 20, 500, 'Google recommends about 100 ms per request');
  range('streamLimitMs', merged.streamLimitMs, 1_000, 300_000, 'Google ends a stream after about 305 s');
  range('restartAfterMs', merged.restartAfterMs, 0, merged.streamLimitMs, 'it must not exceed streamLimitMs');
  range('maxReplayMs', merged.maxReplayMs, 0, 300_000, 'it bounds the audio kept in memory per channel');
  range('backoff.initialMs', backoff.initialMs, 0, 600_000);
  range('backoff.maxMs', backoff.maxMs, backoff.initialMs, 600_000, 'it must be at least backoff.initialMs');
  range('backoff.multiplier', backoff.multiplier, 1, 10);
  range('backoff.maxAttempts', backoff.maxAttempts, 0, 100);
  range('backoff.jitter', backoff.jitter, 0, 1);
  if (!Number.isInteger(backoff.maxAttempts)) throw invalid(`backoff.maxAttempts must be a whole number; got ${backoff.maxAttempts}`);
  if (merged.model !== undefined && !/^[a-z0-9_.-]{1,64}$/i.test(merged.model)) throw invalid(`model must be a Google model name such as latest_long; got ${JSON.stringify(merged.model)}`);
  const endpoint = parseEndpoint(endpointText ?? env[ENDPOINT_ENV], endpointText === undefined ? ENDPOINT_ENV : 'endpoint');
  const credentials = resolveGoogleCredentials({ ...(keyFile !== undefined ? { keyFile } : {}), plaintext: endpoint?.tls === false }, env, fileExists);
  return { ...merged, backoff, credentials, ...(endpoint ? { endpoint } : {}) };
}

/** `host:port`, `https://host[:port]` or `http://host:port`; undefined or empty means Google's endpoint. */
function parseEndpoint(text: string | undefined, name: string): GoogleSpeechEndpoint | undefined {
  if (!text) return undefined;
  const match = /^(?:(https?):\/\/)?(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?\/?$/i.exec(text.trim());
  const port = match?.[3] === undefined ? (match?.[1] === 'http' ? undefined : 443) : Number(match[3]);
  if (!match || port === undefined || port < 1 || port > 65535) {
    throw invalid(`${name} must look like speech.googleapis.com:443, https://host:port or http://127.0.0.1:port; got ${JSON.stringify(text)}`);
  }
  return { host: (match[2] as string).replace(/^\[|\]$/g, ''), port, tls: match[1]?.toLowerCase() !== 'http' };
}

function range(name: string, value: number, min: number, max: number, why?: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalid(`${name} must be a number from ${min} to ${max}${why ? ` (${why})` : ''}; got ${String(value)}`);
  }
}

function invalid(sentence: string): GoogleSpeechError {
  return new GoogleSpeechError('CONFIG', sentence);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
