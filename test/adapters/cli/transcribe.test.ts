import { afterEach, describe, expect, it } from '@jest/globals';
import * as grpc from '@grpc/grpc-js';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { silentLogger } from '../../../adapters/log/logger.js';
import { startServer, type RunningServer } from '../../../adapters/server/create-server.js';
import { parseEvent } from '../../../engine/index.js';
import { bearer, testAuth, tokenFor } from '../../support/auth.js';
import { wavBytes } from '../../support/call-audio.js';
import { startFakeSpeechServer, type FakeSpeechServer } from '../../support/fake-speech-server.js';
import { shippedPack } from '../../support/packs.js';
import { CALL_SCRIPT, writeCallWav } from '../../support/recorded-call.js';

const BIN = join(process.cwd(), 'bin', 'callcoach.js');
let speech: FakeSpeechServer | undefined;
let server: RunningServer | undefined;

afterEach(async () => {
  await speech?.close();
  await server?.close();
  speech = undefined;
  server = undefined;
});

/** The environment of a machine with no Google credentials of any kind (and no gcloud files in its HOME). */
function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'callcoach-home-')), NO_COLOR: '1', ...extra };
  for (const key of ['GOOGLE_APPLICATION_CREDENTIALS', 'CLOUDSDK_CONFIG', 'CALLCOACH_GOOGLE_SPEECH_ENDPOINT', 'CALLCOACH_GOOGLE_SPEECH_CREDENTIALS']) if (!(key in extra)) delete env[key];
  return env;
}

/** Runs the CLI without blocking this process (the fake servers live here). */
function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function fakeGoogle(): Promise<NodeJS.ProcessEnv> {
  speech = await startFakeSpeechServer((info) => CALL_SCRIPT[info.channel] ?? []);
  return bareEnv({ CALLCOACH_GOOGLE_SPEECH_ENDPOINT: speech.endpoint });
}

describe('callcoach transcribe', () => {
  it('writes protocol v1 events to a JSONL file that callcoach analyze reads, without transcript text on stderr', async () => {
    const env = await fakeGoogle();
    const out = join(mkdtempSync(join(tmpdir(), 'callcoach-out-')), 'events.jsonl');
    const result = await run(['transcribe', writeCallWav(), '--language', 'zh-CN', '--channels', 'agent,customer', '--agent-id', 'a-9', '--speed', 'max', '--out', out], env);
    expect(result.stderr).toMatch(/transcribed .*call-42\.wav: \d+ events \(3 finals, 2 partials\) to /);
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain('你问我');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    for (const line of lines) expect(parseEvent(line)).toMatchObject({ ok: true });
    expect(JSON.parse(lines[0] as string)).toEqual({ type: 'call.started', callId: 'call-42', tMs: 0, language: 'zh-CN', agentId: 'a-9' });
    expect(speech?.streams.map((s) => s.config.config.languageCode)).toEqual(['cmn-Hans-CN', 'cmn-Hans-CN']);

    const analyzed = await run(['analyze', out], env);
    expect(analyzed.status).toBe(0);
    expect(analyzed.stdout).toContain('forbidden_phrase');
  });

  it('streams events to a running callcoach serve, whose overlay feed nudges the agent', async () => {
    const env = await fakeGoogle();
    server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [shippedPack('zh-CN-standard')], log: silentLogger, auth: testAuth });
    const overlay = new WebSocket(`${server.url.replace('http', 'ws')}/nudges?agent=a-9`, { headers: await bearer('agent', { agentId: 'a-9' }) });
    const nudged = new Promise<{ ruleId: string }>((resolve) =>
      overlay.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string; nudge?: { ruleId: string } };
        if (message.type === 'nudge' && message.nudge?.ruleId === 'zh.forbidden.ni_wen_wo') resolve(message.nudge);
      }),
    );
    await new Promise((resolve) => overlay.once('open', resolve));
    const result = await run(['transcribe', writeCallWav(), '--language', 'zh-CN', '--agent-id', 'a-9', '--speed', 'max', '--to', `${server.url.replace('http', 'ws')}/ingest`], { ...env, CALLCOACH_INGEST_TOKEN: await tokenFor('ingest') });
    expect(result.stderr).toContain('to ws://127.0.0.1:');
    expect(result.status).toBe(0);
    expect(await nudged).toMatchObject({ ruleId: 'zh.forbidden.ni_wen_wo' });
    overlay.close();
  });

  it('fails at start-up, before reading audio or touching the network, when no Google credential is set', async () => {
    const result = await run(['transcribe', writeCallWav(), '--language', 'zh-CN'], bareEnv());
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CALLCOACH_ADAPTER_GOOGLE_CREDENTIALS_MISSING: No Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('uses the recogniser the configuration names, and fails at start-up when sherpa-onnx has no model', async () => {
    const flag = await run(['transcribe', writeCallWav(), '--language', 'zh-CN', '--recognizer', 'sherpa-onnx'], bareEnv());
    expect(flag.status).toBe(1);
    expect(flag.stderr).toContain('CALLCOACH_ADAPTER_RECOGNIZER_MODEL_MISSING: the sherpa-onnx recogniser has no model configured');
    expect(flag.stderr).not.toMatch(/\n\s+at /);
    const env = await run(['transcribe', writeCallWav(), '--language', 'zh-CN', '--model-dir', '/nonexistent/model'], bareEnv({ CALLCOACH_RECOGNIZER: 'sherpa-onnx' }));
    expect(env.status).toBe(1);
    expect(env.stderr).toContain('the sherpa-onnx model folder /nonexistent/model does not exist (from --model-dir)');
  });

  it('refuses an unsupported WAV and a channel list that does not match it, clearly', async () => {
    const env = await fakeGoogle();
    const file = join(mkdtempSync(join(tmpdir(), 'callcoach-wav-')), 'cd.wav');
    writeFileSync(file, wavBytes({ sampleRateHz: 44100, channels: 2 }, Buffer.alloc(400)));
    const unsupported = await run(['transcribe', file, '--language', 'en-US'], env);
    expect(unsupported.status).toBe(1);
    expect(unsupported.stderr).toContain('CALLCOACH_ADAPTER_AUDIO_UNSUPPORTED');
    expect(unsupported.stderr).toContain('resample to 8000 or 16000 Hz');
    const mismatch = await run(['transcribe', writeCallWav(500), '--language', 'zh-CN', '--channels', 'agent'], env);
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toContain('has 2 channel(s) but --channels names 1');
    expect(speech?.opened()).toBe(0);
  });

  it('exits 1 with the catalogued code and the service’s words when Google refuses for good', async () => {
    speech = await startFakeSpeechServer(() => [{ atMs: 100, fail: { code: grpc.status.PERMISSION_DENIED, details: 'The caller does not have permission' } }]);
    const env = bareEnv({ CALLCOACH_GOOGLE_SPEECH_ENDPOINT: speech.endpoint });
    const denied = await run(['transcribe', writeCallWav(1000), '--language', 'zh-CN', '--speed', 'max', '--out', join(mkdtempSync(join(tmpdir(), 'o-')), 'e.jsonl')], env);
    expect(denied.status).toBe(1);
    expect(denied.stderr).toContain('CALLCOACH_ADAPTER_GOOGLE_CREDENTIALS_REJECTED');
    expect(denied.stderr).toContain('The caller does not have permission');
  });
});
