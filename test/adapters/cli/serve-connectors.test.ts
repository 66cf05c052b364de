import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

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
