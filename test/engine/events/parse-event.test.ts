import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { MAX_EVENT_BYTES, parseEvent } from '../../../engine/index.js';

const source = { file: 'calls.jsonl', line: 7 };

describe('parseEvent', () => {
  it('accepts every protocol v1 example', () => {
    const lines = [
      '{"type":"call.started","callId":"c-1","tMs":0,"agentId":"a-17","language":"zh-CN"}',
      '{"type":"utterance.partial","callId":"c-1","utteranceId":"u3","speaker":"agent","text":"您好，这里是","startMs":1200,"endMs":2100,"tMs":2150}',
      '{"type":"utterance.final","callId":"c-1","utteranceId":"u3","speaker":"agent","text":"您好","startMs":1200,"endMs":6100,"tMs":6400,"confidence":0.93,"words":[{"w":"您好","startMs":1200,"endMs":1800}]}',
      '{"type":"hold.started","callId":"c-1","tMs":50000}',
      '{"type":"hold.ended","callId":"c-1","tMs":62000}',
      '{"type":"call.ended","callId":"c-1","tMs":180000,"endedBy":"agent"}',
      '{"type":"stream.gap","callId":"c-1","tMs":90000,"fromMs":80000,"toMs":85000,"cause":"packet loss"}',
    ];
    for (const line of lines) expect(parseEvent(line, source).ok).toBe(true);
  });

  it('names the source when the JSON is malformed', () => {
    const result = parseEvent('{"type":"call.started",', source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('CALLCOACH_INGEST_MALFORMED_JSON');
    expect(result.error.source).toEqual(source);
  });

  it('names the field when a required one is missing', () => {
    const result = parseEvent('{"type":"utterance.final","callId":"c-1","speaker":"agent","text":"x","startMs":0,"endMs":1,"tMs":1}', source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'CALLCOACH_INGEST_INVALID_EVENT', field: 'utteranceId', callId: 'c-1' });
    expect(result.error.message).toContain('utteranceId');
  });

  it('names the field when its type is wrong, without echoing transcript text', () => {
    const result = parseEvent('{"type":"utterance.final","callId":"c-1","utteranceId":"u1","speaker":"agent","text":"我的手机号是13800000000","startMs":0,"endMs":1,"tMs":"12"}', source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.field).toBe('tMs');
    expect(result.error.message).not.toContain('13800000000');
  });

  it('rejects an unknown event type and lists the known ones', () => {
    const result = parseEvent('{"type":"call.paused","callId":"c-1","tMs":5}', source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain('call.started');
  });

  it('rejects an oversized message before parsing it', () => {
    const big = JSON.stringify({ type: 'call.started', callId: 'c', tMs: 0, language: 'zh-CN', agentId: 'x'.repeat(MAX_EVENT_BYTES) });
    const result = parseEvent(big, source);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('CALLCOACH_INGEST_OVERSIZED');
  });

  it('rejects an utterance whose end precedes its start', () => {
    const result = parseEvent('{"type":"utterance.final","callId":"c","utteranceId":"u1","speaker":"agent","text":"x","startMs":10,"endMs":5,"tMs":11}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.field).toBe('endMs');
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), (text) => {
        const result = parseEvent(text, source);
        if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
