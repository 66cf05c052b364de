import { describe, expect, it } from '@jest/globals';
import { backoffDelayMs } from '../../../adapters/google-speech/backoff-delay-ms.js';
import { classifyGrpcError } from '../../../adapters/google-speech/classify-grpc-error.js';
import { GOOGLE_SPEECH_ERRORS } from '../../../adapters/google-speech/google-speech-error.js';
import { recognizerLanguage } from '../../../adapters/google-speech/recognizer-language.js';
import { ReplayBuffer } from '../../../adapters/google-speech/replay-buffer.js';
import { rotationDue } from '../../../adapters/google-speech/rotation-due.js';

describe('recognizerLanguage', () => {
  it('maps Chinese tags to the codes Google lists and leaves others alone', () => {
    expect(['zh-CN', 'zh', 'zh-Hans-CN', 'zh-TW', 'zh-HK', 'en-US', 'cmn-Hans-CN'].map(recognizerLanguage)).toEqual(['cmn-Hans-CN', 'cmn-Hans-CN', 'cmn-Hans-CN', 'cmn-Hant-TW', 'yue-Hant-HK', 'en-US', 'cmn-Hans-CN']);
  });
});

describe('classifyGrpcError', () => {
  it('sorts gRPC statuses into retryable and permanent codes of the catalogue', () => {
    const kinds = [14, 4, 8, 10, 13, 11, 3, 7, 16, 5, 12].map((code) => classifyGrpcError({ code, details: 'x' }));
    expect(kinds.map((e) => [e.fields.grpcStatus, e.code, e.retryable])).toEqual([
      ['UNAVAILABLE', 'CALLCOACH_ADAPTER_GOOGLE_UNAVAILABLE', true],
      ['DEADLINE_EXCEEDED', 'CALLCOACH_ADAPTER_GOOGLE_UNAVAILABLE', true],
      ['RESOURCE_EXHAUSTED', 'CALLCOACH_ADAPTER_GOOGLE_QUOTA', true],
      ['ABORTED', 'CALLCOACH_ADAPTER_GOOGLE_UNAVAILABLE', true],
      ['INTERNAL', 'CALLCOACH_ADAPTER_GOOGLE_UNAVAILABLE', true],
      ['OUT_OF_RANGE', 'CALLCOACH_ADAPTER_GOOGLE_STREAM_LIMIT', true],
      ['INVALID_ARGUMENT', 'CALLCOACH_ADAPTER_GOOGLE_REQUEST_REJECTED', false],
      ['PERMISSION_DENIED', 'CALLCOACH_ADAPTER_GOOGLE_CREDENTIALS_REJECTED', false],
      ['UNAUTHENTICATED', 'CALLCOACH_ADAPTER_GOOGLE_CREDENTIALS_REJECTED', false],
      ['NOT_FOUND', 'CALLCOACH_ADAPTER_GOOGLE_REQUEST_REJECTED', false],
      ['UNIMPLEMENTED', 'CALLCOACH_ADAPTER_GOOGLE_REQUEST_REJECTED', false],
    ]);
  });

  it('treats an error without a status as a dropped connection and keeps the service text short', () => {
    expect(classifyGrpcError(new Error('socket hang up'))).toMatchObject({ code: 'CALLCOACH_ADAPTER_GOOGLE_UNAVAILABLE', retryable: true });
    expect(classifyGrpcError({ code: 3, details: 'y'.repeat(1000) }).message.length).toBeLessThan(400);
  });

  it('has a stable CALLCOACH_ADAPTER_GOOGLE_ code and a retryable flag for every entry', () => {
    for (const entry of Object.values(GOOGLE_SPEECH_ERRORS)) {
      expect(entry.code).toMatch(/^CALLCOACH_ADAPTER_GOOGLE_[A-Z_]+$/);
      expect(typeof entry.retryable).toBe('boolean');
    }
  });
});

describe('backoffDelayMs', () => {
  it('grows exponentially to its cap and spreads by the jitter', () => {
    const options = { initialMs: 500, maxMs: 4000, multiplier: 2, maxAttempts: 9, jitter: 0.2 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, options, () => 0.5))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(backoffDelayMs(1, options, () => 0)).toBe(400);
    expect(backoffDelayMs(1, options, () => 1)).toBe(600);
  });
});

describe('rotationDue', () => {
  const limits = { streamLimitMs: 290_000, restartAfterMs: 240_000 };
  it('ends a stream before the hard limit even mid-hypothesis', () => {
    expect(rotationDue({ audioMs: 289_950, idle: false }, 100, limits)).toBe(true);
    expect(rotationDue({ audioMs: 289_900, idle: false }, 100, limits)).toBe(false);
  });
  it('after the soft limit, ends it only when no hypothesis is open', () => {
    expect(rotationDue({ audioMs: 250_000, idle: false }, 100, limits)).toBe(false);
    expect(rotationDue({ audioMs: 250_000, idle: true }, 100, limits)).toBe(true);
    expect(rotationDue({ audioMs: 200_000, idle: true }, 100, limits)).toBe(false);
  });
});

describe('ReplayBuffer', () => {
  const rate = 8000;
  const chunk = (ms: number) => Buffer.alloc((rate * ms) / 1000 * 2, 1);
  it('replays from an exact sample inside a chunk', () => {
    const buffer = new ReplayBuffer(rate, 10_000);
    buffer.append(chunk(100), 0);
    buffer.append(chunk(100), 100);
    buffer.append(chunk(100), 200);
    const replay = buffer.since(150);
    expect(replay.startMs).toBe(150);
    expect(replay.chunks.map((c) => c.length)).toEqual([800, 1600]);
  });
  it('lets settled audio go, and the oldest past its bound', () => {
    const buffer = new ReplayBuffer(rate, 300);
    for (let i = 0; i < 5; i++) buffer.append(chunk(100), i * 100);
    expect(buffer.startMs).toBe(200);
    buffer.dropBefore(350);
    expect(buffer.startMs).toBe(300);
    expect(buffer.since(0).startMs).toBe(300);
  });
});
