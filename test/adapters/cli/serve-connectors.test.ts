import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { encodeMulaw } from '../../../adapters/audio/mulaw.js';
import { AudiohookTestClient } from '../../support/audiohook-client.js';
import { bearer, TEST_AUTH_SECRET, tokenFor } from '../../support/auth.js';
import { startFakeSpeechServer, type FakeSpeechServer } from '../../support/fake-speech-server.js';
import { tones, twilioSession } from '../../support/twilio-session.js';

const BIN = join(process.cwd(), 'bin', 'callcoach.js');

/** serve with no Google credentials anywhere and a store in a fresh folder. */
function serve(args: readonly string[], extra: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'callcoach-home-'));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, CALLCOACH_STORE: join(home, 'f.sqlite'), ...extra };
  for (const key of ['GOOGLE_APPLICATION_CREDENTIALS', 'CLOUDSDK_CONFIG', 'CALLCOACH_GOOGLE_SPEECH_ENDPOINT', 'CALLCOACH_RECOGNIZER', 'CALLCOACH_CONNECTORS']) if (!(key in extra)) delete env[key];
  return spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--no-watch', ...args], { env, encoding: 'utf8', timeout: 60_000 });
}

describe('callcoach serve --connectors', () => {
  it('does not start when the connectors’ recogniser cannot run, saying what to configure', () => {
    const google = serve(['--connectors', 'twilio']);
    expect(google.status).toBe(1);
    expect(google.stderr).toContain('serve: the connectors need a recogniser: CALLCOACH_ADAPTER_GOOGLE_CREDENTIALS_MISSING');
    const sherpa = serve(['--connectors', 'twilio', '--recognizer', 'sherpa-onnx']);
    expect(sherpa.status).toBe(1);
    expect(sherpa.stderr).toContain('CALLCOACH_ADAPTER_RECOGNIZER_MODEL_MISSING');
  });

  it('refuses a connector or an inbound speaker it does not know', () => {
    expect(serve(['--connectors', 'twilio,skype']).stderr).toContain('--connectors: unknown connector skype');
    expect(serve(['--connectors', 'twilio', '--inbound-speaker', 'caller'], { CALLCOACH_GOOGLE_SPEECH_ENDPOINT: 'http://127.0.0.1:1' }).stderr).toContain('--inbound-speaker must be customer or agent');
  });
});

describe('callcoach serve --connectors twilio,genesys (a running server)', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  let speech: FakeSpeechServer | undefined;
  afterAll(async () => {
    child?.kill('SIGTERM');
    await speech?.close();
  });

  it('mounts both connectors on the configured recogniser: a Twilio call and a Genesys call each nudge on the live feed', async () => {
    // The agent's audio starts positive: the local Speech server hears the agent say the forbidden phrase.
    speech = await startFakeSpeechServer((info) => (info.firstSample > 0 ? [{ atMs: 1_000, results: [{ text: 'I already told you.', final: true, endMs: 900 }] }] : []));
    const home = mkdtempSync(join(tmpdir(), 'callcoach-home-'));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, CALLCOACH_AUTH_SECRET: TEST_AUTH_SECRET, CALLCOACH_GOOGLE_SPEECH_ENDPOINT: speech.endpoint };
    delete env.CALLCOACH_RECOGNIZER;
    child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--no-watch', '--pack', 'en-US-standard', '--store', join(home, 'f.sqlite'), '--connectors', 'twilio,genesys', '--connector-language', 'en-US'], { env });
    let stdout = '';
    const url = await new Promise<string>((resolve) =>
      child?.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const m = /serving on (http:\/\/[\d.:]+)/.exec(stdout);
        if (m) resolve(m[1] as string);
      }),
    );
    const ws = url.replace('http', 'ws');
    await new Promise<void>((resolve) => (stdout.includes('/connectors/genesys') ? resolve() : child?.stdout.on('data', () => stdout.includes('/connectors/genesys') && resolve())));
    expect(stdout).toContain(`telephony: ${ws}/connectors/twilio (ingest token; behind TLS as wss://)`);
    const feed = new WebSocket(`${ws}/nudges`, { headers: await bearer('admin') });
    const nudged = new Set<string>();
    const waiting = new Map<string, () => void>();
    feed.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; nudge?: { callId: string; ruleId: string } };
      if (m.type === 'nudge' && m.nudge?.ruleId === 'en.forbidden.already_told') {
        nudged.add(m.nudge.callId);
        waiting.get(m.nudge.callId)?.();
      }
    });
    await new Promise((resolve) => feed.once('open', resolve));
    const nudgeFor = (callId: string) => new Promise<void>((resolve) => (nudged.has(callId) ? resolve() : waiting.set(callId, resolve)));
    const agent = tones(2_000, [[6_000, 300]]);

    const twilio = new WebSocket(`${ws}/connectors/twilio`);
    await new Promise((resolve) => twilio.once('open', resolve));
    for (const m of twilioSession({ tracks: [{ track: 'outbound', pcm: agent }], customParameters: { token: await tokenFor('ingest'), callId: 'cli-twilio' } })) twilio.send(m);
    await nudgeFor('cli-twilio');

    const genesys = await AudiohookTestClient.connect(`${ws}/connectors/genesys`, { 'x-api-key': await tokenFor('ingest') });
    genesys.open({ conversationId: 'cli-genesys', language: undefined, media: [{ type: 'audio', format: 'PCMU', channels: ['internal'], rate: 8000 }] });
    await genesys.next('opened');
    for (let i = 0; i < agent.length; i += 3200) genesys.sendAudio(encodeMulaw(agent.subarray(i, i + 3200)), 1, 1);
    await nudgeFor('cli-genesys');
    genesys.send('close', { reason: 'end' });
    await genesys.next('closed');
    for (const socket of [feed, twilio, genesys.socket]) socket.close();
    expect([...nudged].sort()).toEqual(['cli-genesys', 'cli-twilio']);
  });
});
