import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import WebSocket from 'ws';
import { generatePiiCorpus, type SecretItem } from '../../../benchmarks/support/pii-corpus.js';
import { HeapVirtualScheduler } from '../../../adapters/batch/heap-virtual-scheduler.js';
import { createLogger } from '../../../adapters/log/logger.js';
import { startServer } from '../../../adapters/server/create-server.js';
import type { FindingStore } from '../../../adapters/store/finding-store.js';
import { openPostgresFindingStore } from '../../../adapters/store/postgres-finding-store.js';
import { redactStore } from '../../../adapters/store/redact-store.js';
import { openSqliteFindingStore } from '../../../adapters/store/sqlite-finding-store.js';
import { readDigitRuns, type CallEvent, type RedactionPolicy } from '../../../engine/index.js';
import { bearer, testAuth } from '../../support/auth.js';
import { callScript } from '../../support/call-script.js';
import { feedCalls } from '../../support/feed-calls.js';
import { shippedPack } from '../../support/packs.js';
import { REPO_ROOT } from '../../support/run-cli.js';

const POSTGRES_URL = process.env.CALLCOACH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schemas: string[] = [];
const packs = [shippedPack('zh-CN-standard'), shippedPack('en-US-standard')];

// Every kind, format and form, with and without a context word: 3 of each combination from a fixed seed.
const SECRETS: SecretItem[] = (() => {
  const all = generatePiiCorpus(90_210).secrets;
  const byCombo = new Map<string, SecretItem[]>();
  for (const s of all) {
    const key = `${s.format}/${s.form}/${s.withContext}`;
    const list = byCombo.get(key) ?? [];
    if (list.length < 3) byCombo.set(key, [...list, s]);
  }
  return [...byCombo.values()].flat();
})();

/**
 * One call per secret. The customer says it (over two finals every other call, split mid-sentence as recognisers do),
 * and the agent reads it back next to a forbidden phrase, so it is also quoted in findings and nudges.
 */
function callFor(item: SecretItem, i: number): CallEvent[] {
  const zh = item.language === 'zh';
  const script = callScript(`pii-${i}`, zh ? 'zh-CN' : 'en-US').agent(zh ? '您好，请问有什么可以帮您？' : 'Hello, how can I help you?');
  if (i % 2 === 0) script.customer(item.text);
  else {
    // Recognisers end a final between words: mid-text for Chinese, at the nearest space for English.
    const middle = Math.floor(item.text.length / 2);
    const cut = zh ? middle : Math.max(1, item.text.lastIndexOf(' ', middle));
    script.customer(item.text.slice(0, cut)).customer(item.text.slice(cut));
  }
  script.agent(zh ? `好的，${item.text}，你问我我问谁？` : `Okay so ${item.text}, calm down.`);
  return script.end('agent').events.map((e) => (e.type === 'call.started' ? { ...e, agentId: 'a-1', teamId: 'T1' } : e));
}

/** Where in a haystack a secret survives: 8 consecutive digits of it (numbers read back from every form), or an address. */
function survivors(haystack: string): string[] {
  const runs = readDigitRuns(haystack).map((r) => r.digits);
  const joined = runs.join(' ');
  const lower = haystack.toLowerCase();
  const found: string[] = [];
  for (const item of SECRETS) {
    if (item.kind === 'email') {
      if (lower.includes(item.secret)) found.push(`${item.form}: ${item.secret}`);
      continue;
    }
    for (let k = 0; k + 8 <= item.secret.length; k++) {
      if (joined.includes(item.secret.slice(k, k + 8))) {
        found.push(`${item.format}/${item.form}: ${item.secret}`);
        break;
      }
    }
  }
  return found;
}

/** Serves the calls into `store`, watching the live feed and the log, then reads back every API and export. */
async function serveAndRead(store: FindingStore, redaction?: RedactionPolicy): Promise<{ feed: string; log: string; api: string; csv: string; jsonl: string }> {
  let logText = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logText += chunk.toString();
      done();
    },
  });
  const scheduler = new HeapVirtualScheduler();
  const server = await startServer({ port: 0, host: '127.0.0.1', packs: () => packs, log: createLogger({ json: true, minLevel: 'debug', stream: sink }), scheduler, store, auth: testAuth, ...(redaction ? { engine: { redaction } } : {}) });
  const feed = new WebSocket(`${server.url.replace('http', 'ws')}/nudges`, { headers: await bearer('admin') });
  let feedText = '';
  feed.on('message', (data) => (feedText += String(data) + '\n'));
  await new Promise((resolve) => feed.once('open', resolve));
  await feedCalls(server, scheduler, SECRETS.map(callFor));
  const qa = await bearer('qa');
  const get = async (path: string) => (await fetch(`${server.url}${path}`, { headers: qa })).text();
  const list = await get('/api/calls');
  const details = (await Promise.all(SECRETS.map((_, i) => get(`/api/calls/pii-${i}`)))).join('\n');
  const csv = await get('/api/export?format=csv');
  const jsonl = await get('/api/export?format=jsonl');
  feed.close();
  await server.close();
  return { feed: feedText, log: logText, api: list + details, csv, jsonl };
}

afterAll(async () => {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

async function postgresRows(schema: string): Promise<string> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const tables = ['callcoach_calls', 'callcoach_findings', 'callcoach_utterances', 'callcoach_audit_log'];
    const dumps = await Promise.all(tables.map(async (t) => JSON.stringify((await client.query(`SELECT * FROM ${schema}.${t}`)).rows)));
    return dumps.join('\n');
  } finally {
    await client.end();
  }
}

describe('no personal data leaves the engine', () => {
  it(`has ${SECRETS.length} secrets to hide, of every kind`, () => {
    expect(new Set(SECRETS.map((s) => s.kind))).toEqual(new Set(['cn_id', 'bank_card', 'phone', 'us_ssn', 'email']));
    expect(SECRETS.length).toBeGreaterThan(200);
  });

  it('leaves none in the SQLite file, the API, both exports, the live feed or the log', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'callcoach-pii-')), 'f.sqlite');
    const store = openSqliteFindingStore(file);
    const read = await serveAndRead(store);
    expect((await store.transcriptOf('pii-0')).length).toBeGreaterThan(0);
    await store.close();
    const onDisk = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1') + readFileSync(f).toString('utf8')).join('\n');
    const leaked = Object.fromEntries(Object.entries({ ...read, sqlite: onDisk }).map(([where, text]) => [where, survivors(text)]));
    expect(leaked).toEqual({ feed: [], log: [], api: [], csv: [], jsonl: [], sqlite: [] });
  });

  it('leaves none in the PostgreSQL rows', async () => {
    const schema = `callcoach_pii_${process.pid}`;
    schemas.push(schema);
    const store = await openPostgresFindingStore(POSTGRES_URL, { schema });
    await serveAndRead(store);
    await store.close();
    expect(survivors(await postgresRows(schema))).toEqual([]);
  });

  it('proves the judge sees secrets when redaction is off, and `redact` then cleans a SQLite store, file included', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'callcoach-pii-off-')), 'f.sqlite');
    const store = openSqliteFindingStore(file);
    const read = await serveAndRead(store, { redact: 'off' });
    await store.close();
    expect(survivors(read.api).length).toBeGreaterThan(SECRETS.length * 0.9);
    expect(survivors(readFileSync(file).toString('utf8') + (existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).toString('utf8') : '')).length).toBeGreaterThan(SECRETS.length * 0.9);
    const cli = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'callcoach.js'), 'redact', '--store', file], { encoding: 'utf8', timeout: 120_000 });
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toMatch(/changed \d+ transcript lines and \d+ findings in \d+ calls; VACUUM done/);
    const onDisk = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1') + readFileSync(f).toString('utf8')).join('\n');
    expect(survivors(onDisk)).toEqual([]);
    const reopened = openSqliteFindingStore(file);
    expect(survivors(JSON.stringify(await Promise.all(SECRETS.map((_, i) => reopened.transcriptOf(`pii-${i}`)))))).toEqual([]);
    await reopened.close();
  });

  it('`redact` cleans PostgreSQL rows too, and says so in the audit log', async () => {
    const schema = `callcoach_pii_off_${process.pid}`;
    schemas.push(schema);
    const store = await openPostgresFindingStore(POSTGRES_URL, { schema });
    await serveAndRead(store, { redact: 'off' });
    expect(survivors(await postgresRows(schema)).length).toBeGreaterThan(SECRETS.length * 0.9);
    const report = await redactStore(store, undefined, { subject: 'cli:test', role: 'admin' });
    expect(report.linesChanged).toBeGreaterThan(SECRETS.length);
    expect(survivors(await postgresRows(schema))).toEqual([]);
    expect(await postgresRows(schema)).toContain('"action":"redact"');
    await store.close();
  });
});
