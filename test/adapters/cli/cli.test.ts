import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_AUTH_SECRET, testAuth } from '../../support/auth.js';
import { sampleCalls } from '../../support/demo-recording.js';
import { interleave } from '../../support/call-script.js';

const BIN = join(process.cwd(), 'bin', 'callcoach.js');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

function writeCalls(lines: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'callcoach-cli-'));
  const file = join(dir, 'calls.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('callcoach analyze', () => {
  it('writes findings and a summary, exit 0', () => {
    const file = writeCalls(interleave(...sampleCalls()).map((e) => JSON.stringify(e)));
    const out = join(file, '..', 'f.jsonl');
    const result = run('analyze', file, '--findings', out);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('forbidden_phrase');
    expect(result.stdout).toMatch(/4 calls, \d+ events, \d+ findings/);
    const findings = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { callId: string; category: string; atMs: number });
    expect(findings.some((f) => f.callId === 'zh-a' && f.category === 'forbidden_phrase')).toBe(true);
    expect(findings.every((f) => Number.isInteger(f.atMs))).toBe(true);
  });

  it('names the file and line of a bad event and exits 1, without a stack trace, still analysing the rest', () => {
    const good = interleave(...sampleCalls()).map((e) => JSON.stringify(e));
    const file = writeCalls([...good.slice(0, 3), '{"type":"utterance.final","callId":"zh-a"', ...good.slice(3)]);
    const out = join(file, '..', 'f.jsonl');
    const result = run('analyze', file, '--findings', out);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}:4: CALLCOACH_INGEST_MALFORMED_JSON`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(out, 'utf8')).toContain('zh-a');
  });

  it('reports a broken pack with file:line:column and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'callcoach-pack-'));
    writeFileSync(join(dir, 'pack.yaml'), 'id: p\nversion: 1.0.0\nlanguage: zh-CN\nrules:\n  - id: r\n    kind: phrase\n    category: forbidden_phrase\n    match: ["(oops"]\n');
    const file = writeCalls([JSON.stringify(sampleCalls()[0]?.[0])]);
    const result = run('analyze', file, '--pack', dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${join(dir, 'pack.yaml')}:8:14: error CALLCOACH_RULES_PATTERN [r]`);
  });

  it('refuses a missing input file and an unknown option clearly', () => {
    expect(run('analyze', '/no/such/file.jsonl').stderr).toContain('/no/such/file.jsonl: no such file');
    const unknown = run('analyze', '--frobnicate');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('usage: callcoach analyze');
  });
});

describe('callcoach replay', () => {
  it('prints nudges as the agent sees them, at full speed on a virtual clock', () => {
    const file = writeCalls(interleave(...sampleCalls()).map((e) => JSON.stringify(e)));
    const result = run('replay', file, '--speed', 'max');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('zh-a  ⚠ 请勿推诿');
    expect(result.stdout).toMatch(/en-b\s+↶ withdrawn/);
  });

  it('rejects a bad speed', () => {
    const result = run('replay', writeCalls(['{}']), '--speed', 'fast');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--speed must be a positive number or "max"');
  });
});

describe('callcoach start', () => {
  it('serves and prints nudges for the demo calls', () => {
    const store = join(mkdtempSync(join(tmpdir(), 'callcoach-start-')), 'f.sqlite');
    const result = spawnSync(process.execPath, [BIN, 'start', '--port', '0', '--once', '--speed', '50', '--store', store], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    // No sign-in configured, on loopback: a generated secret and ready links (the token rides in the #fragment).
    expect(result.stdout).toMatch(/supervisor wall \(admin\): http:\/\/127\.0\.0\.1:\d+\/login#token=[\w-]+\.[\w-]+\.[\w-]+&next=\/live/);
    expect(result.stdout).toMatch(/agent a-1024: +http:\/\/127\.0\.0\.1:\d+\/login#token=/);
    expect(result.stdout).toContain('demo-zh-1  ⚠ 请勿反问');
    expect(result.stdout).toContain('demo-en-1  ⚠ Acknowledge the feeling');
  });
});

describe('callcoach token create', () => {
  it('signs a token the server accepts, with the role, agent, team and expiry asked for', async () => {
    const env = { ...process.env, CALLCOACH_AUTH_SECRET: TEST_AUTH_SECRET };
    const result = spawnSync(process.execPath, [BIN, 'token', 'create', '--role', 'agent', '--agent', 'A1', '--team', 'T1', '--ttl', '8h'], { encoding: 'utf8', env });
    expect(result.status).toBe(0);
    const principal = await testAuth.verify(result.stdout.trim());
    expect(principal).toMatchObject({ subject: 'A1', role: 'agent', agentId: 'A1', teamId: 'T1' });
    expect(principal.expiresAt - Date.now() / 1000).toBeGreaterThan(8 * 3600 - 60);
    const noSecret = spawnSync(process.execPath, [BIN, 'token', 'create', '--role', 'qa'], { encoding: 'utf8', env: { ...process.env, CALLCOACH_AUTH_SECRET: '' } });
    expect(noSecret.status).toBe(1);
    expect(noSecret.stderr).toContain('no signing secret');
    const noAgent = spawnSync(process.execPath, [BIN, 'token', 'create', '--role', 'agent'], { encoding: 'utf8', env });
    expect(noAgent.stderr).toContain('needs --agent');
  });
});

describe('callcoach', () => {
  it('lists its commands and refuses an unknown one', () => {
    expect(run('--help').stdout).toContain('analyze');
    const unknown = run('frobnicate');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
});
