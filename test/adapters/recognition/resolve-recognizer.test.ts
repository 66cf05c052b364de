import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { pcmBufferSource } from '../../../adapters/audio/pcm-buffer-source.js';
import { RecognizerError } from '../../../adapters/recognition/recognizer-error.js';
import { resolveRecognizer } from '../../../adapters/recognition/resolve-recognizer.js';
import { resolveSherpaOnnxConfig } from '../../../adapters/sherpa-onnx/sherpa-onnx-config.js';

function modelDir(files: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'callcoach-sherpa-'));
  mkdirSync(dir, { recursive: true });
  for (const file of files) writeFileSync(join(dir, file), 'not a real model');
  return dir;
}

function errorOf(run: () => unknown): RecognizerError {
  try {
    run();
  } catch (err) {
    return err as RecognizerError;
  }
  throw new Error('expected an error');
}

describe('resolveRecognizer', () => {
  it('picks Google by default and by CALLCOACH_RECOGNIZER, validating its configuration now', () => {
    expect(resolveRecognizer({}, { CALLCOACH_GOOGLE_SPEECH_ENDPOINT: 'http://127.0.0.1:1' }).name).toBe('google');
    expect(resolveRecognizer({}, { CALLCOACH_RECOGNIZER: 'google', CALLCOACH_GOOGLE_SPEECH_ENDPOINT: 'http://127.0.0.1:1' }).name).toBe('google');
    // No credentials and no plaintext endpoint: Google's own start-up error, before any call.
    expect(() => resolveRecognizer({ name: 'google' }, { HOME: mkdtempSync(join(tmpdir(), 'callcoach-home-')) })).toThrow('CALLCOACH_ADAPTER_GOOGLE_CREDENTIALS_MISSING');
  });

  it('refuses a recogniser it does not know, naming where the name came from', () => {
    const fromEnv = errorOf(() => resolveRecognizer({}, { CALLCOACH_RECOGNIZER: 'whisper' }));
    expect(fromEnv.code).toBe('CALLCOACH_ADAPTER_RECOGNIZER_CONFIG');
    expect(fromEnv.message).toContain('unknown recogniser "whisper" (from CALLCOACH_RECOGNIZER); choose google or sherpa-onnx');
    expect(errorOf(() => resolveRecognizer({ name: 'vosk' }, {})).message).toContain('(from --recognizer)');
  });

  it('fails clearly when sherpa-onnx is chosen and no model is configured', () => {
    const err = errorOf(() => resolveRecognizer({ name: 'sherpa-onnx' }, {}));
    expect(err.code).toBe('CALLCOACH_ADAPTER_RECOGNIZER_MODEL_MISSING');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('set CALLCOACH_SHERPA_ONNX_MODEL_DIR (or --model-dir) to a folder holding a streaming transducer model: encoder*.onnx, decoder*.onnx, joiner*.onnx and tokens.txt');
  });

  it('names the folder or the part of the model that is missing', () => {
    expect(errorOf(() => resolveSherpaOnnxConfig({ modelDir: '/nonexistent/model' }, {})).message).toContain('the sherpa-onnx model folder /nonexistent/model does not exist (from --model-dir)');
    const dir = modelDir(['encoder-epoch-99-avg-1.onnx', 'decoder-epoch-99-avg-1.onnx', 'tokens.txt']);
    expect(errorOf(() => resolveSherpaOnnxConfig({}, { CALLCOACH_SHERPA_ONNX_MODEL_DIR: dir })).message).toContain(`the sherpa-onnx model in ${dir} has no joiner file`);
    expect(errorOf(() => resolveSherpaOnnxConfig({ encoder: join(dir, 'nope.onnx'), decoder: 'x', joiner: 'y', tokens: 'z' }, {})).message).toContain(`the sherpa-onnx encoder file ${join(dir, 'nope.onnx')} does not exist`);
  });

  it('finds a released model’s files in its folder, full precision before int8', () => {
    const dir = modelDir(['encoder-epoch-99-avg-1.int8.onnx', 'encoder-epoch-99-avg-1.onnx', 'decoder-epoch-99-avg-1.onnx', 'joiner-epoch-99-avg-1.int8.onnx', 'tokens.txt', 'README.md']);
    const config = resolveSherpaOnnxConfig({ modelDir: dir }, {});
    expect(config).toMatchObject({ encoder: join(dir, 'encoder-epoch-99-avg-1.onnx'), decoder: join(dir, 'decoder-epoch-99-avg-1.onnx'), joiner: join(dir, 'joiner-epoch-99-avg-1.int8.onnx'), tokens: join(dir, 'tokens.txt'), numThreads: 1, chunkMs: 100 });
    expect(resolveRecognizer({ name: 'sherpa-onnx', sherpaOnnx: { modelDir: dir } }, {}).name).toBe('sherpa-onnx');
  });

  it('says which package to install when the sherpa-onnx runtime is absent (or that the files are no model)', async () => {
    const dir = modelDir(['encoder.onnx', 'decoder.onnx', 'joiner.onnx', 'tokens.txt']);
    const recognizer = resolveRecognizer({ name: 'sherpa-onnx', sherpaOnnx: { modelDir: dir } }, {});
    const audio = pcmBufferSource({ sampleRateHz: 8000, channels: 1, bitsPerSample: 16 }, Buffer.alloc(1600));
    const failure = await firstValueFrom(recognizer.recognize(audio, { callId: 'c-1', language: 'en-US', speakers: ['agent'], speed: Infinity }).pipe(toArray())).catch((err: unknown) => err as RecognizerError);
    let installed = true;
    try {
      createRequire(import.meta.url).resolve('sherpa-onnx-node');
    } catch {
      installed = false;
    }
    expect(failure).toBeInstanceOf(RecognizerError);
    if (installed) expect((failure as RecognizerError).code).toBe('CALLCOACH_ADAPTER_RECOGNIZER_FAILED');
    else {
      expect((failure as RecognizerError).code).toBe('CALLCOACH_ADAPTER_RECOGNIZER_RUNTIME_MISSING');
      expect((failure as RecognizerError).message).toContain('run `npm install sherpa-onnx-node`');
    }
  });
});
