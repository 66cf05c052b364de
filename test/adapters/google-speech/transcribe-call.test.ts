import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import * as grpc from '@grpc/grpc-js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { splitChannels } from '../../../adapters/audio/split-channels.js';
import { createSpeechClient, type SpeechCall, type SpeechStreamClient } from '../../../adapters/google-speech/create-speech-client.js';
import { resolveGoogleSpeechConfig } from '../../../adapters/google-speech/google-speech-config.js';
import { GoogleSpeechError } from '../../../adapters/google-speech/google-speech-error.js';
import { parseEvent, type CallEvent } from '../../../engine/index.js';
import { startFakeSpeechServer, type FakeSpeechServer, type FakeStep, type FakeStreamInfo } from '../../support/fake-speech-server.js';
import { SteppingScheduler } from '../../support/stepping-scheduler.js';
import { byIndex, monoOffset, transcribeMarked, utterances } from './support.js';

let server: FakeSpeechServer | undefined;
let metadata: Server;
let metadataHits = 0;
const savedEnv = { host: process.env.GCE_METADATA_HOST, ip: process.env.GCE_METADATA_IP };

// The auth library finds the metadata server through these variables: pointing them at a local recorder shows
// whether anything tried to reach it (off Google Cloud that would be traffic off the machine).
beforeAll(async () => {
  metadata = createServer((_req, res) => {
    metadataHits++;
    res.end();
  });
  await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(metadata.address() as AddressInfo).port}`;
  process.env.GCE_METADATA_HOST = address;
  process.env.GCE_METADATA_IP = address;
});

afterAll(async () => {
  await new Promise((resolve) => metadata.close(resolve));
  for (const [key, value] of [['GCE_METADATA_HOST', savedEnv.host], ['GCE_METADATA_IP', savedEnv.ip]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(script: (info: FakeStreamInfo) => readonly FakeStep[], options: { limitMs?: number } = {}): Promise<FakeSpeechServer> {
  server = await startFakeSpeechServer(script, options);
  return server;
}

function expectValidProtocol(events: readonly CallEvent[]): void {
  for (const event of events) expect(parseEvent(JSON.stringify(event))).toMatchObject({ ok: true });
  const times = events.map((e) => e.tMs);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(events[0]?.type).toBe('call.started');
  expect(events[events.length - 1]?.type).toBe('call.ended');
  // Every hypothesis shown is settled by a final: nothing is left dangling.
  const partialIds = new Set(events.flatMap((e) => (e.type === 'utterance.partial' ? [e.utteranceId] : [])));
  const finalIds = events.flatMap((e) => (e.type === 'utterance.final' ? [e.utteranceId] : []));
  expect(new Set(finalIds).size).toBe(finalIds.length);
  for (const id of partialIds) expect(finalIds).toContain(id);
}

describe('transcribeCall', () => {
  it('turns interim results into partials and the final into a final, in call time, for mono audio', async () => {
    const fake = await serve(() => [
      { atMs: 600, results: [{ text: '您好', endMs: 600 }] },
      { atMs: 1200, results: [{ text: '您好，请问', pieces: ['您好，', '请问'], endMs: 1200 }] },
      {
        atMs: 2000,
        results: [
          {
            text: '您好，请问有什么可以帮您？',
            final: true,
            endMs: 1900,
            confidence: 0.92,
            words: [
              ['您好', 300, 700, 0.95],
              ['请问', 800, 1100, 0.9],
            ],
          },
        ],
      },
    ]);
    const { pcm, run } = transcribeMarked(fake, { sampleRateHz: 8000, channels: 1, durationMs: 3000 }, { call: { agentId: 'a-7' } });
    const { events, error } = await run();
    expect(error).toBeUndefined();
    expectValidProtocol(events);
    expect(events).toEqual([
      { type: 'call.started', callId: 'c-1', tMs: 0, language: 'zh-CN', agentId: 'a-7' },
      { type: 'utterance.partial', callId: 'c-1', utteranceId: 'ch1-u1', speaker: 'agent', text: '您好', startMs: 0, endMs: 600, tMs: 600 },
      { type: 'utterance.partial', callId: 'c-1', utteranceId: 'ch1-u1', speaker: 'agent', text: '您好，请问', startMs: 0, endMs: 1200, tMs: 1200 },
      {
        type: 'utterance.final',
        callId: 'c-1',
        utteranceId: 'ch1-u1',
        speaker: 'agent',
        text: '您好，请问有什么可以帮您？',
        startMs: 300,
        endMs: 1900,
        tMs: 1900,
        confidence: 0.92,
        words: [
          { w: '您好', startMs: 300, endMs: 700, confidence: 0.95 },
          { w: '请问', startMs: 800, endMs: 1100, confidence: 0.9 },
        ],
      },
      { type: 'call.ended', callId: 'c-1', tMs: 3000, endedBy: 'unknown' },
    ]);
    const [stream] = fake.streams;
    expect(stream?.config).toMatchObject({
      config: { encoding: 'LINEAR16', sampleRateHertz: 8000, audioChannelCount: 1, languageCode: 'cmn-Hans-CN', enableWordTimeOffsets: true, maxAlternatives: 1 },
      interimResults: true,
      singleUtterance: false,
    });
    expect(Buffer.concat(stream?.audio ?? []).equals(pcm)).toBe(true);
    expect(stream?.halfClosed).toBe(true);
    // ~100 ms per request, far below Google's 25,600-byte cap.
    expect(Math.max(...(stream?.audio ?? []).map((b) => b.length))).toBe(1600);
  });

  it('recognises each channel of two-channel audio on its own stream, speaker taken from the channel', async () => {
    const fake = await serve((info) =>
      info.channel === 0 ? [{ atMs: 1600, results: [{ text: '我要退款', final: true, endMs: 1500 }] }] : [{ atMs: 2100, results: [{ text: '你问我，我问谁？', final: true, endMs: 2000 }] }],
    );
    const { pcm, run } = transcribeMarked(fake, { sampleRateHz: 16000, channels: 2, durationMs: 2500 }, { call: { speakers: ['customer', 'agent'], language: 'en-US' } });
    const { events, error } = await run();
    expect(error).toBeUndefined();
    expectValidProtocol(events);
    // The two streams race, so only the content is fixed; tMs is each result's end unless the other channel's
    // later result came first (then it takes that time, so tMs never goes back).
    const finals = events.flatMap((e) => (e.type === 'utterance.final' ? [e] : []));
    expect(finals.map(({ utteranceId, speaker, text, startMs, endMs }) => ({ utteranceId, speaker, text, startMs, endMs })).sort((a, b) => a.endMs - b.endMs)).toEqual([
      { utteranceId: 'ch1-u1', speaker: 'customer', text: '我要退款', startMs: 0, endMs: 1500 },
      { utteranceId: 'ch2-u1', speaker: 'agent', text: '你问我，我问谁？', startMs: 0, endMs: 2000 },
    ]);
    for (const final of finals) expect(final.tMs).toBeGreaterThanOrEqual(final.endMs);
    const planes = splitChannels(pcm, 2);
    expect(fake.streams).toHaveLength(2);
    for (const stream of fake.streams) {
      expect(stream.config).toMatchObject({ config: { sampleRateHertz: 16000, audioChannelCount: 1, languageCode: 'en-US' }, interimResults: true });
      expect(Buffer.concat(stream.audio).equals(planes[stream.channel] as Buffer)).toBe(true);
    }
  });

  it('restarts the stream before the time limit, keeps call time continuous and settles a hypothesis cut by the restart', async () => {
    const fake = await serve(
      byIndex(
        [
          { atMs: 800, results: [{ text: '第一', endMs: 800 }] },
          { atMs: 1500, results: [{ text: '第一句话', final: true, endMs: 1400 }] },
          { atMs: 2600, results: [{ text: '第二', endMs: 2600 }] },
          // Google settles the open hypothesis when the client half-closes.
          { onEnd: [{ text: '第二句', final: true, endMs: 3000 }] },
        ],
        // This stream ends without settling its hypothesis: the adapter must not leave it dangling.
        [{ atMs: 500, results: [{ text: '第三', endMs: 500 }] }],
        [{ atMs: 1000, results: [{ text: '第四句', final: true, endMs: 900, words: [['第四句', 100, 900]] }] }],
      ),
      { limitMs: 3050 },
    );
    const { run } = transcribeMarked(fake, { sampleRateHz: 8000, channels: 1, durationMs: 7000 }, { config: { streamLimitMs: 3000, restartAfterMs: 3000 } });
    const { events, error } = await run();
    expect(error).toBeUndefined();
    expectValidProtocol(events);
    expect(fake.streams.map((s) => [s.startMs, s.receivedMs, s.failedWith])).toEqual([
      [0, 3000, undefined],
      [3000, 3000, undefined],
      [6000, 1000, undefined],
    ]);
    expect(utterances(events)).toEqual([
      { type: 'partial', id: 'ch1-u1', text: '第一', startMs: 0, endMs: 800, tMs: 800 },
      { type: 'final', id: 'ch1-u1', text: '第一句话', startMs: 0, endMs: 1400, tMs: 1400 },
      { type: 'partial', id: 'ch1-u2', text: '第二', startMs: 1400, endMs: 2600, tMs: 2600 },
      { type: 'final', id: 'ch1-u2', text: '第二句', startMs: 1400, endMs: 3000, tMs: 3000 },
      { type: 'partial', id: 'ch1-u3', text: '第三', startMs: 3000, endMs: 3500, tMs: 3500 },
      { type: 'final', id: 'ch1-u3', text: '第三', startMs: 3000, endMs: 3500, tMs: 3500 },
      { type: 'final', id: 'ch1-u4', text: '第四句', startMs: 6100, endMs: 6900, tMs: 6900 },
    ]);
    expect(events[events.length - 1]).toMatchObject({ type: 'call.ended', tMs: 7000 });
  });

  it('restarts early, after restartAfterMs, at a moment when no hypothesis is open', async () => {
    // No results at all: every moment is quiet, so each stream ends as soon as it has restartAfterMs of audio.
    const fake = await serve(() => []);
    const { run } = transcribeMarked(fake, { sampleRateHz: 16000, channels: 1, durationMs: 2500 }, { config: { streamLimitMs: 5000, restartAfterMs: 1000 } });
    const { events, error } = await run();
    expect(error).toBeUndefined();
    expectValidProtocol(events);
    expect(fake.streams.map((s) => [s.startMs, s.receivedMs, s.halfClosed])).toEqual([
      [0, 1000, true],
      [1000, 1000, true],
      [2000, 500, true],
    ]);
  });

  it('restarts at once when Google ends a stream for its duration, replaying the unsettled audio under the same utterance', async () => {
    const fake = await serve(
      byIndex(
        [
          { atMs: 1000, results: [{ text: '你好', final: true, endMs: 900 }] },
          { atMs: 1800, results: [{ text: '请问', endMs: 1800 }] },
        ],
        [
          { atMs: 700, results: [{ text: '请问您', endMs: 600 }] },
          { atMs: 1200, results: [{ text: '请问您贵姓', final: true, endMs: 1100 }] },
        ],
      ),
      { limitMs: 2000 },
    );
    const scheduler = new SteppingScheduler();
    const { pcm, run } = transcribeMarked(fake, { sampleRateHz: 8000, channels: 1, durationMs: 4000 }, { config: { streamLimitMs: 10_000, restartAfterMs: 10_000 }, deps: { scheduler } });
    const { events, error } = await run();
    expect(error).toBeUndefined();
    expectValidProtocol(events);
    // Each replacement starts where the recogniser had settled the audio, not where the failed stream stopped.
    expect(fake.streams.map((s) => [s.startMs, s.failedWith])).toEqual([
      [0, grpc.status.OUT_OF_RANGE],
      [900, grpc.status.OUT_OF_RANGE],
      [2000, undefined],
    ]);
    expect(Buffer.concat(fake.streams[2]?.audio ?? []).equals(pcm.subarray(monoOffset(8000, 2000)))).toBe(true);
    expect(utterances(events)).toEqual([
      { type: 'final', id: 'ch1-u1', text: '你好', startMs: 0, endMs: 900, tMs: 900 },
      { type: 'partial', id: 'ch1-u2', text: '请问', startMs: 900, endMs: 1800, tMs: 1800 },
      // The replayed audio is recognised again: same utterance, its end in call time, tMs never going back.
      { type: 'partial', id: 'ch1-u2', text: '请问您', startMs: 900, endMs: 1500, tMs: 1800 },
      { type: 'final', id: 'ch1-u2', text: '请问您贵姓', startMs: 900, endMs: 2000, tMs: 2000 },
    ]);
    expect(scheduler.delays).toEqual([]);
  });

  it('reconnects with backoff after UNAVAILABLE and continues the interrupted utterance', async () => {
    const fake = await serve(
      byIndex(
        [
          { atMs: 1000, results: [{ text: '您好', final: true, endMs: 1000 }] },
          { atMs: 1200, results: [{ text: '请', endMs: 1200 }] },
          { atMs: 1500, fail: { code: grpc.status.UNAVAILABLE, details: 'Connection reset by peer' } },
        ],
        [
          { atMs: 400, results: [{ text: '请稍等', endMs: 400 }] },
          { atMs: 1000, results: [{ text: '请稍等一下', final: true, endMs: 900 }] },
        ],
      ),
    );
    const scheduler = new SteppingScheduler();
    const { pcm, run } = transcribeMarked(fake, { sampleRateHz: 8000, channels: 1, durationMs: 3000 }, { config: { backoff: { initialMs: 500, jitter: 0 } }, deps: { scheduler } });
    const { events, error } = await run();
    expect(error).toBeUndefined();
    expectValidProtocol(events);
    expect(scheduler.delays).toEqual([500]);
    expect(fake.streams.map((s) => s.startMs)).toEqual([0, 1000]);
    expect(Buffer.concat(fake.streams[1]?.audio ?? []).equals(pcm.subarray(monoOffset(8000, 1000)))).toBe(true);
    expect(utterances(events)).toEqual([
      { type: 'final', id: 'ch1-u1', text: '您好', startMs: 0, endMs: 1000, tMs: 1000 },
      { type: 'partial', id: 'ch1-u2', text: '请', startMs: 1000, endMs: 1200, tMs: 1200 },
      { type: 'partial', id: 'ch1-u2', text: '请稍等', startMs: 1000, endMs: 1400, tMs: 1400 },
      { type: 'final', id: 'ch1-u2', text: '请稍等一下', startMs: 1000, endMs: 1900, tMs: 1900 },
    ]);
  });

  it('gives up with a retryable RETRIES_EXHAUSTED after the retry budget, backing off exponentially', async () => {
    const fake = await serve(() => [{ atMs: 200, fail: { code: grpc.status.UNAVAILABLE, details: 'upstream connect error' } }]);
    const scheduler = new SteppingScheduler();
    const { run } = transcribeMarked(fake, { sampleRateHz: 8000, channels: 1, durationMs: 2000 }, { config: { backoff: { initialMs: 100, multiplier: 2, maxAttempts: 3, jitter: 0 } }, deps: { scheduler } });
    const { events, error } = await run();
    expect(error).toBeInstanceOf(GoogleSpeechError);
    expect(error).toMatchObject({ code: 'CALLCOACH_ADAPTER_GOOGLE_RETRIES_EXHAUSTED', retryable: true });
    expect((error as Error).message).toContain('CALLCOACH_ADAPTER_GOOGLE_UNAVAILABLE');
    expect(scheduler.delays).toEqual([100, 200, 400]);
    expect(fake.streams).toHaveLength(4);
    expect(events.map((e) => e.type)).toEqual(['call.started']);
  });

  it('fails at once with a non-retryable error when Google refuses the credentials', async () => {
    const fake = await serve(() => [{ atMs: 100, fail: { code: grpc.status.PERMISSION_DENIED, details: 'Cloud Speech-to-Text API has not been used in project 123' } }]);
    const scheduler = new SteppingScheduler();
    const { run } = transcribeMarked(fake, { sampleRateHz: 8000, channels: 1, durationMs: 2000 }, { deps: { scheduler } });
    const { error } = await run();
    expect(error).toMatchObject({ code: 'CALLCOACH_ADAPTER_GOOGLE_CREDENTIALS_REJECTED', retryable: false, fields: { grpcStatus: 'PERMISSION_DENIED', callId: 'c-1', channel: 0 } });
    expect(fake.streams).toHaveLength(1);
    expect(scheduler.delays).toEqual([]);
  });

  it('fails without retrying when Google rejects the audio as malformed, naming what the service said', async () => {
    const fake = await serve(() => [{ atMs: 100, fail: { code: grpc.status.INVALID_ARGUMENT, details: 'Invalid audio content: bad encoding' } }]);
    const { run } = transcribeMarked(fake, { sampleRateHz: 8000, channels: 1, durationMs: 1000 });
    const { error } = await run();
    expect(error).toMatchObject({ code: 'CALLCOACH_ADAPTER_GOOGLE_REQUEST_REJECTED', retryable: false });
    expect((error as Error).message).toContain('Invalid audio content: bad encoding');
    expect(fake.streams).toHaveLength(1);
  });

  it('reports a stream.gap when a reconnect needs audio older than the replay buffer kept', async () => {
    const fake = await serve(
      byIndex(
        [
          { atMs: 300, results: [{ text: '喂', endMs: 300 }] },
          { atMs: 1500, fail: { code: grpc.status.UNAVAILABLE, details: 'reset' } },
        ],
        [{ atMs: 200, results: [{ text: '喂您好', final: true, endMs: 200 }] }],
      ),
    );
    const { run } = transcribeMarked(fake, { sampleRateHz: 8000, channels: 1, durationMs: 3000 }, { config: { maxReplayMs: 500, backoff: { initialMs: 0 } } });
    const { events, error } = await run();
    expect(error).toBeUndefined();
    expectValidProtocol(events);
    const gap = events.find((e) => e.type === 'stream.gap');
    expect(gap).toMatchObject({ fromMs: 0, cause: expect.stringContaining('recogniser reconnect') });
    const toMs = (gap as { toMs: number }).toMs;
    expect(toMs).toBeGreaterThanOrEqual(1000);
    // The replacement stream started exactly where the kept audio began.
    expect(fake.streams[1]?.startMs).toBe(Math.floor(toMs / 10) * 10);
    expect(utterances(events).map((u) => [u.type, u.id, u.text])).toEqual([
      ['partial', 'ch1-u1', '喂'],
      ['final', 'ch1-u1', '喂您好'],
    ]);
  });

  it('cancels the gRPC call and emits nothing more when unsubscribed mid-call', async () => {
    const fake = await serve(() => [{ atMs: 300, results: [{ text: '您好', endMs: 300 }] }]);
    const scheduler = new SteppingScheduler();
    // A caller-owned client, watched: each call's final gRPC status is recorded.
    const real = await createSpeechClient(resolveGoogleSpeechConfig({ endpoint: fake.endpoint }, {}));
    const statuses: number[] = [];
    const client: SpeechStreamClient = {
      open: () => real.open().once('status', (status: { code: number }) => statuses.push(status.code)) as SpeechCall,
      close: () => real.close(),
    };
    let released: () => void = () => undefined;
    const allReleased = new Promise<void>((resolve) => (released = resolve));
    const { events$ } = transcribeMarked(fake, { sampleRateHz: 8000, channels: 1, durationMs: 200_000 }, { call: { speed: 1 }, deps: { scheduler, client, onReleased: released } });
    const events: CallEvent[] = [];
    await new Promise<void>((resolve) => {
      const subscription = events$.subscribe((event) => {
        events.push(event);
        if (event.type === 'utterance.partial') {
          subscription.unsubscribe();
          resolve();
        }
      });
    });
    await allReleased;
    await client.close();
    expect(statuses).toEqual([grpc.status.CANCELLED]);
    expect(events.map((e) => e.type)).toEqual(['call.started', 'utterance.partial']);
    expect(fake.streams).toHaveLength(1);
    // Paced in real time on the virtual clock: one 100 ms wait per chunk, and no backoff.
    expect(new Set(scheduler.delays)).toEqual(new Set([100]));
  });

  it('never contacts the cloud metadata server', () => {
    expect(metadataHits).toBe(0);
  });
});

