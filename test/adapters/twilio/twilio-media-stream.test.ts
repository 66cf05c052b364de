import { afterEach, describe, expect, it } from '@jest/globals';
import { filter, firstValueFrom, timeout } from 'rxjs';
import WebSocket from 'ws';
import { decodeMulaw, encodeMulaw } from '../../../adapters/audio/mulaw.js';
import { resolveGoogleSpeechConfig } from '../../../adapters/google-speech/google-speech-config.js';
import { googleSpeechRecognizer } from '../../../adapters/google-speech/google-speech-recognizer.js';
import { silentLogger } from '../../../adapters/log/logger.js';
import { startServer, type RunningServer } from '../../../adapters/server/create-server.js';
import { twilioConnector } from '../../../adapters/twilio/twilio-connector.js';
import type { EngineOutput } from '../../../engine/index.js';
import { bearer, testAuth, tokenFor } from '../../support/auth.js';
import { startFakeSpeechServer, type FakeSpeechServer, type FakeStep } from '../../support/fake-speech-server.js';
import { shippedPack } from '../../support/packs.js';
import { tones, twilioSession } from '../../support/twilio-session.js';

let speech: FakeSpeechServer | undefined;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  await speech?.close();
  server = undefined;
  speech = undefined;
});

// The agent's audio starts on a positive sample and the customer's on a negative one, so the scripted Google server
// knows whose stream it is from the audio it received, not from anything the connector says.
const AGENT_AUDIO = tones(3_000, [[6_000, 300], [1_500, 1_100]]);
const CUSTOMER_AUDIO = tones(3_000, [[-5_000, 450], [-800, 900]]);
const AGENT_SCRIPT: FakeStep[] = [
  { atMs: 1_000, results: [{ text: 'I already', endMs: 900 }] },
  { atMs: 2_000, results: [{ text: 'I already told you.', final: true, endMs: 1_900, confidence: 0.9 }] },
];
const CUSTOMER_SCRIPT: FakeStep[] = [{ atMs: 1_500, results: [{ text: 'Hello, I have a question about my bill.', final: true, endMs: 1_400 }] }];

async function start(options: { inboundSpeaker?: 'agent' | 'customer' } = {}) {
  speech = await startFakeSpeechServer((info) => (info.firstSample > 0 ? AGENT_SCRIPT : CUSTOMER_SCRIPT));
  const recognizer = googleSpeechRecognizer(resolveGoogleSpeechConfig({ endpoint: speech.endpoint }, {}));
  server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [shippedPack('en-US-standard')], log: silentLogger, auth: testAuth, connectors: [twilioConnector({ recognizer, ...options })] });
  return server;
}

/** Plays a session into the connector as Twilio would; resolves with the close code and reason when the socket closes. */
async function play(messages: readonly string[], headers: Record<string, string> = {}): Promise<{ code: number; reason: string }> {
  const socket = new WebSocket(`${(server as RunningServer).url.replace('http', 'ws')}/connectors/twilio`, { headers });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  for (const message of messages) socket.send(message);
  return closed.then((c) => c, () => ({ code: -1, reason: '' }));
}

function awaitOutput(predicate: (o: EngineOutput) => boolean): Promise<EngineOutput> {
  return firstValueFrom((server as RunningServer).outputs.pipe(filter(predicate), timeout(20_000)));
}

const streamAudio = (index: number) => Buffer.concat((speech as FakeSpeechServer).streams[index]?.audio ?? []);

describe('twilioConnector', () => {
  it('streams a two-track call to the recogniser and on into the engine: audio decoded exactly, tracks mapped to speakers, the agent nudged', async () => {
    await start();
    const token = await tokenFor('ingest');
    const nudge = awaitOutput((o) => o.type === 'nudge' && o.nudge.ruleId === 'en.forbidden.already_told' && o.nudge.status === 'confirmed');
    const opened = awaitOutput((o) => o.type === 'call.opened');
    const customerLine = awaitOutput((o) => o.type === 'utterance' && o.utterance.speaker === 'customer');
    const session = twilioSession({
      tracks: [
        { track: 'inbound', pcm: CUSTOMER_AUDIO },
        { track: 'outbound', pcm: AGENT_AUDIO },
      ],
      customParameters: { token, language: 'en-US', agentId: 'a-7', callId: 'tw-call-1' },
    });
    const socket = new WebSocket(`${(server as RunningServer).url.replace('http', 'ws')}/connectors/twilio`);
    await new Promise((resolve) => socket.once('open', resolve));
    for (const message of session) socket.send(message);

    expect(await opened).toMatchObject({ type: 'call.opened', callId: 'tw-call-1', agentId: 'a-7', language: 'en-US' });
    const found = await nudge;
    expect(found).toMatchObject({ type: 'nudge', nudge: { callId: 'tw-call-1', ruleId: 'en.forbidden.already_told' } });
    // The customer's words came from the inbound track (a customer line, not flagged as the agent's).
    expect(await customerLine).toMatchObject({ utterance: { callId: 'tw-call-1', speaker: 'customer', text: 'Hello, I have a question about my bill.' } });

    // Each track reached its own recognition stream at 8 kHz, and what the recogniser got is the source's μ-law
    // decoding sample for sample, within μ-law's quantisation of the generated samples.
    const done = (speech as FakeSpeechServer).streams;
    await Promise.all(done.map((s) => s.closed));
    expect(done).toHaveLength(2);
    expect(done.map((s) => s.config.config.sampleRateHertz)).toEqual([8000, 8000]);
    const byRole = new Map(done.map((s, i) => [s.firstSample > 0 ? 'agent' : 'customer', streamAudio(i)]));
    for (const [role, source] of [['agent', AGENT_AUDIO], ['customer', CUSTOMER_AUDIO]] as const) {
      const received = byRole.get(role) as Buffer;
      expect(received.length).toBe(source.length);
      expect(received.equals(decodeMulaw(encodeMulaw(source)))).toBe(true);
      const offStep: number[] = [];
      for (let i = 0; i < source.length; i += 2) {
        const x = source.readInt16LE(i);
        if (Math.abs(received.readInt16LE(i) - x) > (Math.abs(x) + 132) / 32 + 1) offStep.push(i / 2);
      }
      expect(offStep).toEqual([]);
    }
    socket.close();
  });

  it('takes the ingest token at the upgrade instead, one track only, with the inbound track as the agent when the stream says so', async () => {
    await start();
    const nudge = awaitOutput((o) => o.type === 'nudge' && o.nudge.ruleId === 'en.forbidden.already_told');
    const opened = awaitOutput((o) => o.type === 'call.opened');
    const session = twilioSession({ tracks: [{ track: 'inbound', pcm: AGENT_AUDIO }], customParameters: { language: 'en-US', inbound: 'agent', agentId: 'a-8' }, callSid: 'CA-single' });
    const closing = play(session, await bearer('ingest'));
    expect(await opened).toMatchObject({ callId: 'CA-single', agentId: 'a-8' });
    // The rule listens to the agent only: the nudge shows the inbound track was taken as the agent's.
    expect(await nudge).toMatchObject({ nudge: { callId: 'CA-single' } });
    expect((speech as FakeSpeechServer).streams).toHaveLength(1);
    expect(streamAudio(0).equals(decodeMulaw(encodeMulaw(AGENT_AUDIO)))).toBe(true);
    void closing;
  });

  it('refuses a stream without an ingest token, or with a person’s token, before any audio reaches the recogniser', async () => {
    await start();
    const opened: EngineOutput[] = [];
    (server as RunningServer).outputs.subscribe((o) => o.type === 'call.opened' && opened.push(o));
    const tracks = [{ track: 'inbound' as const, pcm: CUSTOMER_AUDIO.subarray(0, 3200) }];
    const none = await play(twilioSession({ tracks, customParameters: { language: 'en-US' } }));
    expect(none).toEqual({ code: 1008, reason: expect.stringContaining('CALLCOACH_ADAPTER_TWILIO_SIGN_IN: no ingest token') });
    const agent = await play(twilioSession({ tracks, customParameters: { language: 'en-US', token: await tokenFor('agent', { agentId: 'a-1' }) } }));
    expect(agent).toEqual({ code: 1008, reason: expect.stringContaining('only an ingest token may stream calls (this one is agent)') });
    const forged = await play(twilioSession({ tracks, customParameters: { language: 'en-US', token: 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiaW5nZXN0In0.x' } }));
    expect(forged.code).toBe(1008);
    expect(forged.reason).toContain('CALLCOACH_AUTH_INVALID');
    // A bad bearer header is refused at the upgrade, with HTTP 401/403 like /ingest.
    const refused = new WebSocket(`${(server as RunningServer).url.replace('http', 'ws')}/connectors/twilio`, { headers: await bearer('qa') });
    const status = await new Promise<number>((resolve) => refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(403);
    expect((speech as FakeSpeechServer).opened()).toBe(0);
    expect(opened).toEqual([]);
  });

  it('refuses audio other than 8 kHz μ-law and a call without a language, naming the problem in the close reason', async () => {
    await start();
    const token = await tokenFor('ingest');
    const tracks = [{ track: 'inbound' as const, pcm: CUSTOMER_AUDIO.subarray(0, 3200) }];
    const wideband = await play(twilioSession({ tracks, customParameters: { token, language: 'en-US' }, mediaFormat: { encoding: 'audio/x-l16', sampleRate: 16000, channels: 1 } }));
    expect(wideband).toEqual({ code: 1008, reason: expect.stringContaining('CALLCOACH_ADAPTER_TWILIO_FORMAT: unsupported media format audio/x-l16 16000 Hz') });
    const silent = await play(twilioSession({ tracks, customParameters: { token } }));
    expect(silent).toEqual({ code: 1008, reason: expect.stringContaining('CALLCOACH_ADAPTER_TWILIO_NO_LANGUAGE') });
    expect((speech as FakeSpeechServer).opened()).toBe(0);
  });
});
