import { describe, expect, it } from '@jest/globals';
import { GOOGLE_SPEECH_DEFAULTS, resolveGoogleSpeechConfig } from '../../../adapters/google-speech/google-speech-config.js';
import { GoogleSpeechError } from '../../../adapters/google-speech/google-speech-error.js';

const none = () => false;

describe('resolveGoogleSpeechConfig', () => {
  it('fails at start-up with a sentence naming the credential to set when there is none', () => {
    const attempt = () => resolveGoogleSpeechConfig({}, { HOME: '/nonexistent' }, none);
    expect(attempt).toThrow(GoogleSpeechError);
    expect(attempt).toThrow(/CALLCOACH_ADAPTER_GOOGLE_CREDENTIALS_MISSING: No Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file/);
  });

  it('names GOOGLE_APPLICATION_CREDENTIALS when it points at a missing file', () => {
    expect(() => resolveGoogleSpeechConfig({}, { GOOGLE_APPLICATION_CREDENTIALS: '/keys/gone.json' }, none)).toThrow('GOOGLE_APPLICATION_CREDENTIALS points to /keys/gone.json, which does not exist');
  });

  it('finds credentials the way ADC does: the key file variable, then gcloud’s file; the metadata server only when asked', () => {
    const exists = (p: string) => p === '/k.json' || p === '/home/u/.config/gcloud/application_default_credentials.json';
    expect(resolveGoogleSpeechConfig({}, { GOOGLE_APPLICATION_CREDENTIALS: '/k.json' }, exists).credentials).toEqual({ kind: 'key-file', path: '/k.json', from: 'GOOGLE_APPLICATION_CREDENTIALS' });
    expect(resolveGoogleSpeechConfig({}, { HOME: '/home/u' }, exists).credentials).toMatchObject({ kind: 'gcloud-adc' });
    expect(resolveGoogleSpeechConfig({}, { HOME: '/x', CALLCOACH_GOOGLE_SPEECH_CREDENTIALS: 'metadata' }, none).credentials).toEqual({ kind: 'metadata-server' });
  });

  it('needs no credentials for a plaintext emulator endpoint, read from the environment', () => {
    const config = resolveGoogleSpeechConfig({}, { CALLCOACH_GOOGLE_SPEECH_ENDPOINT: 'http://127.0.0.1:50051' }, none);
    expect(config).toMatchObject({ endpoint: { host: '127.0.0.1', port: 50051, tls: false }, credentials: { kind: 'none' }, chunkMs: GOOGLE_SPEECH_DEFAULTS.chunkMs });
    expect(resolveGoogleSpeechConfig({ endpoint: 'eu-speech.googleapis.com', keyFile: '/k.json' }, {}, (p) => p === '/k.json').endpoint).toEqual({ host: 'eu-speech.googleapis.com', port: 443, tls: true });
  });

  it('refuses out-of-range options, naming the option and why', () => {
    const env = { CALLCOACH_GOOGLE_SPEECH_ENDPOINT: 'http://127.0.0.1:1' };
    expect(() => resolveGoogleSpeechConfig({ streamLimitMs: 400_000 }, env)).toThrow('CALLCOACH_ADAPTER_GOOGLE_CONFIG: streamLimitMs must be a number from 1000 to 300000 (Google ends a stream after about 305 s); got 400000');
    expect(() => resolveGoogleSpeechConfig({ streamLimitMs: 60_000 }, env)).toThrow('restartAfterMs must be a number from 0 to 60000');
    expect(() => resolveGoogleSpeechConfig({ backoff: { maxAttempts: 1.5 } }, env)).toThrow('backoff.maxAttempts must be a whole number');
    expect(() => resolveGoogleSpeechConfig({ endpoint: 'ftp://x' }, {})).toThrow('endpoint must look like');
    expect(() => resolveGoogleSpeechConfig({ model: 'latest long; drop' }, env)).toThrow('model must be a Google model name');
  });
});
