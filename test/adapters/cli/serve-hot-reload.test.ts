import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { callScript } from '../../support/call-script.js';
import { bearer, TEST_AUTH_SECRET } from '../../support/auth.js';
import { REPO_ROOT } from '../../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'callcoach-reload-'));
const packFile = join(dir, 'pack.yaml');
const pack = (version: string, phrase: string) =>
  `id: team\nversion: ${version}\nlanguage: zh-CN\nrules:\n  - id: team.forbidden\n    category: forbidden_phrase\n    kind: phrase\n    match: ['${phrase}']\n    nudge: 请勿这样说\n    cites: ['test']\n`;

let child: ChildProcessWithoutNullStreams | undefined;
let stderr = '';
const waiters: Array<{ text: string; resolve: () => void }> = [];

/** Resolves when the server has logged `text` (no sleeping: the server says when it is done). */
function logged(text: string): Promise<void> {
  if (stderr.includes(text)) return Promise.resolve();
  return new Promise((resolve) => waiters.push({ text, resolve }));
}

afterAll(() => {
  child?.kill('SIGTERM');
});

async function findingsFor(url: string, callId: string, said: string): Promise<Array<{ ruleId: string; packVersion: string }>> {
  const feed = new WebSocket(`${url.replace('http', 'ws')}/nudges?call=${callId}`, { headers: await bearer('admin') });
  await new Promise((resolve) => feed.once('open', resolve));
  const ingest = new WebSocket(`${url.replace('http', 'ws')}/ingest?ack=1`, { headers: await bearer('ingest') });
  await new Promise((resolve) => ingest.once('open', resolve));
  // The rule's confirmed nudge comes right after its finding is written.
  const nudged = new Promise<void>((resolve) =>
    feed.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; nudge?: { ruleId: string; status: string } };
      if (message.type === 'nudge' && message.nudge?.ruleId === 'team.forbidden' && message.nudge.status === 'confirmed') resolve();
    }),
  );
  for (const event of callScript(callId).agent(said).end('customer').events) {
    const acked = new Promise((resolve) => ingest.once('message', resolve));
    ingest.send(JSON.stringify(event));
    await acked;
  }
  await nudged;
  feed.close();
  ingest.close();
  const detail = (await (await fetch(`${url}/api/calls/${callId}`, { headers: await bearer('qa') })).json()) as { findings: Array<{ ruleId: string; packVersion: string }> };
  return detail.findings.filter((f) => f.ruleId === 'team.forbidden');
}

describe('callcoach serve with a pack being edited', () => {
  it('swaps a good edit in for new calls and keeps serving the old version when an edit is broken', async () => {
    writeFileSync(packFile, pack('1.0.0', '不关我的事'));
    child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'callcoach.js'), 'serve', '--port', '0', '--pack', dir, '--store', join(dir, 'f.sqlite'), '--reorder-window-ms', '0'], {
      cwd: REPO_ROOT,
      env: { ...process.env, CALLCOACH_AUTH_SECRET: TEST_AUTH_SECRET },
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const w of [...waiters]) if (stderr.includes(w.text)) waiters.splice(waiters.indexOf(w), 1)[0]?.resolve();
    });
    let stdout = '';
    const url = await new Promise<string>((resolve) =>
      child?.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const m = /serving on (http:\/\/[\d.:]+)/.exec(stdout);
        if (m) resolve(m[1] as string);
      }),
    );

    expect(await findingsFor(url, 'v1-call', '这个不关我的事')).toEqual([expect.objectContaining({ packVersion: '1.0.0' })]);

    writeFileSync(packFile, pack('1.1.0', '不归我管'));
    await logged('pack reloaded pack=team version=1.1.0');
    expect(await findingsFor(url, 'v2-call', '这个不归我管')).toEqual([expect.objectContaining({ packVersion: '1.1.0' })]);

    writeFileSync(packFile, pack('1.2.0', '(不归我管'));
    await logged('pack change rejected; the previous version stays live pack=team kept=1.1.0');
    await logged('error CALLCOACH_RULES_PATTERN [team.forbidden]');
    expect(stderr).toMatch(/pack\.yaml:8:\d+: error CALLCOACH_RULES_PATTERN \[team\.forbidden\]/);
    expect(await findingsFor(url, 'v3-call', '这个不归我管')).toEqual([expect.objectContaining({ packVersion: '1.1.0' })]);
  });
});
