import { afterEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { filter, firstValueFrom, timeout } from 'rxjs';
import WebSocket from 'ws';
import { audiohookConnector } from '../../../adapters/genesys-audiohook/audiohook-connector.js';
import { decodeMulaw, encodeMulaw } from '../../../adapters/audio/mulaw.js';
import { resolveGoogleSpeechConfig } from '../../../adapters/google-speech/google-speech-config.js';
import { googleSpeechRecognizer } from '../../../adapters/google-speech/google-speech-recognizer.js';
import { silentLogger } from '../../../adapters/log/logger.js';
import { startServer, type RunningServer } from '../../../adapters/server/create-server.js';
import type { EngineOutput } from '../../../engine/index.js';
import { AudiohookTestClient } from '../../support/audiohook-client.js';
import { testAuth, tokenFor } from '../../support/auth.js';
import { startFakeSpeechServer, type FakeSpeechServer, type FakeStep } from '../../support/fake-speech-server.js';
import { shippedPack } from '../../support/packs.js';
import { tones } from '../../support/twilio-session.js';

let speech: FakeSpeechServer | undefined;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  await speech?.close();
  server = undefined;
  speech = undefined;
});

// Internal (agent) audio starts positive, external (customer) negative: the scripted Speech server tells them apart.
const AGENT_AUDIO = tones(2_400, [[6_000, 300], [1_500, 1_100]]);
const CUSTOMER_AUDIO = tones(2_400, [[-5_000, 450], [-800, 900]]);
const AGENT_SCRIPT: FakeStep[] = [{ atMs: 1_000, results: [{ text: 'I already told you.', final: true, endMs: 900 }] }];

async function start() {
  speech = await startFakeSpeechServer((info) => (info.firstSample > 0 ? AGENT_SCRIPT : []));
  const recognizer = googleSpeechRecognizer(resolveGoogleSpeechConfig({ endpoint: speech.endpoint }, {}));
  server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [shippedPack('en-US-standard')], log: silentLogger, auth: testAuth, connectors: [audiohookConnector({ recognizer, closeTimeoutMs: 2_000 })] });
}


async function client(): Promise<AudiohookTestClient> {
  return AudiohookTestClient.connect(`${(server as RunningServer).url.replace('http', 'ws')}/connectors/genesys`, { 'x-api-key': await tokenFor('ingest') });
}

/** Interleaves mono PCM planes into one PCMU frame per `frameMs` (Genesys sends external first, then internal). */
function pcmuFrames(planes: readonly Buffer[], frameMs: number): Buffer[] {
  const samplesPerFrame = (8000 * frameMs) / 1000;
  const total = (planes[0] as Buffer).length / 2;
  const frames: Buffer[] = [];
  for (let start = 0; start < total; start += samplesPerFrame) {
    const n = Math.min(samplesPerFrame, total - start);
    const pcm = Buffer.alloc(n * 2 * planes.length);
    for (let i = 0; i < n; i++) planes.forEach((p, c) => pcm.writeInt16LE(p.readInt16LE((start + i) * 2), (i * planes.length + c) * 2));
    frames.push(encodeMulaw(pcm));
  }
  return frames;
}

/** Resolves once `condition` holds (checked every 20 ms, for at most 10 s). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(condition()).toBe(true);
}

const awaitOutput = (predicate: (o: EngineOutput) => boolean) => firstValueFrom((server as RunningServer).outputs.pipe(filter(predicate), timeout(20_000)));

describe('audiohookConnector', () => {
  it('runs the documented session: open/opened with the media chosen, ping/pong, stereo PCMU audio to the recogniser and the engine, close/closed', async () => {
    await start();
    const conversationId = randomUUID();
    const opened = awaitOutput((o) => o.type === 'call.opened');
    const nudge = awaitOutput((o) => o.type === 'nudge' && o.nudge.ruleId === 'en.forbidden.already_told');
    const c = await client();
    c.open({ conversationId, customConfig: { agentId: 'a-42' } });
    const reply = await c.next('opened');
    expect(reply).toMatchObject({ version: '2', type: 'opened', seq: 1, clientseq: 1, id: c.id, parameters: { media: [{ type: 'audio', format: 'PCMU', channels: ['external', 'internal'], rate: 8000 }], startPaused: false } });
    c.send('ping', {});
    expect(await c.next('pong')).toMatchObject({ seq: 2, clientseq: 2, parameters: {} });
    for (const frame of pcmuFrames([CUSTOMER_AUDIO, AGENT_AUDIO], 200)) c.sendAudio(frame, 2, 1);
    expect(await opened).toMatchObject({ callId: conversationId, agentId: 'a-42', language: 'en-US' });
    expect(await nudge).toMatchObject({ nudge: { callId: conversationId } });
    c.send('close', { reason: 'end' });
    expect(await c.next('closed')).toMatchObject({ seq: 3, clientseq: 3, parameters: {} });
    // The channels reached their own streams decoded exactly: external as the customer, internal as the agent.
    const streams = (speech as FakeSpeechServer).streams;
    await Promise.all(streams.map((s) => s.closed));
    expect(streams).toHaveLength(2);
    const agent = streams.find((s) => s.firstSample > 0);
    const customer = streams.find((s) => s.firstSample < 0);
    expect(Buffer.concat(agent?.audio ?? []).equals(decodeMulaw(encodeMulaw(AGENT_AUDIO)))).toBe(true);
    expect(Buffer.concat(customer?.audio ?? []).equals(decodeMulaw(encodeMulaw(CUSTOMER_AUDIO)))).toBe(true);
    c.socket.close();
  });

  it('answers Genesys Cloud’s connection probe without starting a call', async () => {
    await start();
    const c = await client();
    c.open({ conversationId: '00000000-0000-0000-0000-000000000000' });
    expect(await c.next('opened')).toMatchObject({ seq: 1, clientseq: 1 });
    c.send('close', { reason: 'end' });
    expect(await c.next('closed')).toMatchObject({ seq: 2, clientseq: 2 });
    expect((speech as FakeSpeechServer).opened()).toBe(0);
    c.socket.close();
  });

  it('drops audio while the client has paused and takes it again once resumed', async () => {
    await start();
    const c = await client();
    c.open({ media: [{ type: 'audio', format: 'L16', channels: ['internal'], rate: 8000 }] });
    expect((await c.next('opened')).parameters.media).toEqual([{ type: 'audio', format: 'L16', channels: ['internal'], rate: 8000 }]);
    const first = AGENT_AUDIO.subarray(0, 3200);
    const paused = tones(200, [[-3_000, 700]]);
    const after = AGENT_AUDIO.subarray(3200, 6400);
    c.sendAudio(first, 1, 2);
    c.send('paused', {});
    c.sendAudio(paused, 1, 2);
    c.send('resumed', { start: 'PT0.2S', discarded: 'PT0.2S' });
    c.sendAudio(after, 1, 2);
    c.send('close', { reason: 'end' });
    await c.next('closed');
    // closed is answered at once; the recogniser drains the call's audio after it.
    const streams = (speech as FakeSpeechServer).streams;
    await until(() => streams.length === 1);
    await streams[0]?.closed;
    // L16 is taken as is (little-endian), and the paused frame never reached the recogniser.
    const got = Buffer.concat(streams[0]?.audio ?? []);
    expect(got.equals(Buffer.concat([first, after]))).toBe(true);
    c.socket.close();
  });

  it('acknowledges a language update and ignores a message type it does not know, keeping the sequence', async () => {
    await start();
    const c = await client();
    c.open();
    await c.next('opened');
    c.send('update', { language: 'es-US' });
    expect(await c.next('updated')).toMatchObject({ seq: 2, clientseq: 2 });
    c.send('future-feature', {});
    c.send('ping', {});
    expect(await c.next('pong')).toMatchObject({ seq: 3, clientseq: 4 });
    c.send('close', { reason: 'end' });
    await c.next('closed');
    c.socket.close();
  });

  const violations: Array<[string, (c: AudiohookTestClient) => void, string]> = [
    ['a seq that skips', (c) => c.send('ping', {}, { seq: 5 }), 'CALLCOACH_ADAPTER_AUDIOHOOK_SEQUENCE: seq 5 where 2 was due'],
    ['a serverseq ahead of the server', (c) => c.send('ping', {}, { serverseq: 9 }), 'CALLCOACH_ADAPTER_AUDIOHOOK_SEQUENCE: serverseq 9 is ahead of the 1 messages the server sent'],
    ['another session’s id', (c) => c.send('ping', {}, { id: randomUUID() }), 'CALLCOACH_ADAPTER_AUDIOHOOK_SESSION'],
    ['a text message over 64 KiB', (c) => c.send('ping', { padding: 'x'.repeat(70_000) }), 'CALLCOACH_ADAPTER_AUDIOHOOK_TOO_LARGE: a text message of'],
    ['a binary frame over 64 KiB', (c) => c.sendAudio(Buffer.alloc(65_538), 2, 1), 'CALLCOACH_ADAPTER_AUDIOHOOK_TOO_LARGE: a binary message of 65538 bytes'],
    ['a frame of half a stereo sample', (c) => c.sendAudio(Buffer.alloc(3), 2, 1), 'CALLCOACH_ADAPTER_AUDIOHOOK_MEDIA: an audio frame of 3 bytes'],
    ['bad JSON', (c) => c.socket.send('{"version":'), 'CALLCOACH_ADAPTER_AUDIOHOOK_MALFORMED: the text message is not JSON'],
    ['a second open', (c) => c.open(), 'CALLCOACH_ADAPTER_AUDIOHOOK_STATE: a second open'],
    ['bad parameters', (c) => c.send('close', { reason: 7 }), 'CALLCOACH_ADAPTER_AUDIOHOOK_MALFORMED: close parameters.reason'],
  ];
  it.each(violations)('disconnects with reason error on %s, then answers the client’s close with closed', async (_what, violate, info) => {
    await start();
    const c = await client();
    c.open();
    await c.next('opened');
    violate(c);
    const disconnect = await c.next('disconnect');
    expect(disconnect).toMatchObject({ type: 'disconnect', seq: 2, parameters: { reason: 'error', info: expect.stringContaining(info) } });
    // Audio and other messages after the disconnect are ignored; the client's close is answered.
    c.sendAudio(Buffer.alloc(320), 2, 1);
    c.send('close', { reason: 'error' });
    expect(await c.next('closed')).toMatchObject({ seq: 3, parameters: {} });
    c.socket.close();
  });

  it('refuses audio before open, media it cannot take and a session with no language', async () => {
    await start();
    const early = await client();
    early.sendAudio(Buffer.alloc(320), 2, 1);
    expect((await early.next('disconnect')).parameters).toMatchObject({ reason: 'error', info: expect.stringContaining('CALLCOACH_ADAPTER_AUDIOHOOK_STATE: audio before the session was opened') });
    early.socket.close();
    const opus = await client();
    opus.open({ media: [{ type: 'audio', format: 'OPUS', channels: ['external', 'internal'], rate: 48000 }] });
    expect((await opus.next('disconnect')).parameters.info).toContain('CALLCOACH_ADAPTER_AUDIOHOOK_MEDIA: no offered media is PCMU or L16 audio at 8000 Hz');
    opus.socket.close();
    const mute = await client();
    mute.open({ language: undefined });
    expect((await mute.next('disconnect')).parameters.info).toContain('CALLCOACH_ADAPTER_AUDIOHOOK_NO_LANGUAGE');
    mute.socket.close();
    expect((speech as FakeSpeechServer).opened()).toBe(0);
  });

  it('cuts a client that does not close after a disconnect', async () => {
    await start();
    const c = await client();
    c.sendAudio(Buffer.alloc(2), 2, 1);
    await c.next('disconnect');
    expect((await c.closed).code).toBe(1006);
  });

  it('signs Genesys in with the ingest token it sends as X-API-KEY, and refuses anything else at the upgrade', async () => {
    await start();
    const url = `${(server as RunningServer).url.replace('http', 'ws')}/connectors/genesys`;
    const statusOf = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(url, { headers });
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => {
          socket.close();
          resolve(101);
        });
      });
    expect(await statusOf({})).toBe(401);
    expect(await statusOf({ 'x-api-key': 'not-a-token' })).toBe(401);
    expect(await statusOf({ 'x-api-key': await tokenFor('supervisor', { teamId: 't1' }) })).toBe(403);
    expect(await statusOf({ 'x-api-key': await tokenFor('ingest') })).toBe(101);
    expect(await statusOf({ authorization: `Bearer ${await tokenFor('ingest')}` })).toBe(101);
  });
});
