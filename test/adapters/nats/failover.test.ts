import { afterAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createClient } from '@redis/client';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { analyzeFiles } from '../../../adapters/batch/analyze-files.js';
import { openEventPublisher } from '../../../adapters/nats/nats-event-publisher.js';
import { toFinding, type FindingRow } from '../../../adapters/store/store-rows.js';
import { findingId, type CallEvent, type Finding, type Nudge, type NudgeRetraction } from '../../../engine/index.js';
import { bearer, TEST_AUTH_SECRET } from '../../support/auth.js';
import { generatedCalls } from '../../support/generated-calls.js';
import { shippedPack } from '../../support/packs.js';
import { REPO_ROOT } from '../../support/run-cli.js';

// The real NATS, Redis and PostgreSQL of this machine; every name is this run's own.
const NATS_URL = process.env.CALLCOACH_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const REDIS_URL = process.env.CALLCOACH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const POSTGRES_URL = process.env.CALLCOACH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = `${process.pid}_${Date.now()}`;
const stream = `CCFAILOVER_${run}`;
const subjectPrefix = `ccfailover.${run}.events`;
const channel = `callcoach:failover:${run}`;
const schema = `callcoach_failover_${run}`;
const PARTITIONS = 12;
const CALLS = 200;
/** Call time runs this many times faster than wall time while publishing. */
const SPEED = 200;
const packs = [shippedPack('zh-CN-standard'), shippedPack('en-US-standard')];
const dir = mkdtempSync(join(tmpdir(), 'callcoach-failover-'));

interface Process {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: Promise<string>;
  log: string;
}
const processes: Process[] = [];

/** `callcoach serve …` as a child process (so kill -9 is real); resolves its URL once it serves. */
function serve(args: readonly string[]): Process {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'callcoach.js'), 'serve', '--port', '0', '--no-watch', '--pack', 'zh-CN-standard', '--pack', 'en-US-standard', '--redis', REDIS_URL, '--redis-channel', channel, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, CALLCOACH_AUTH_SECRET: TEST_AUTH_SECRET, CALLCOACH_NATS_STREAM: stream, CALLCOACH_NATS_SUBJECT_PREFIX: subjectPrefix },
  });
  const proc: Process = { child, log: '', url: Promise.resolve('') };
  child.stderr.on('data', (chunk: Buffer) => (proc.log += chunk.toString()));
  let stdout = '';
  (proc as { url: Promise<string> }).url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const m = /serving on (http:\/\/[\d.:]+)/.exec(stdout);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before serving: ${proc.log.slice(-2000)}`)));
  });
  processes.push(proc);
  return proc;
}

const worker = (name: string) => serve(['--nats', NATS_URL, '--partitions', String(PARTITIONS), '--worker', name, '--lease-ttl-ms', '3000', '--bus-clock', 'events', '--store', `${POSTGRES_URL}?schema=${schema}`]);

afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  const connection = await connect({ servers: NATS_URL });
  const manager = await jetstreamManager(connection);
  for (const name of [stream, `KV_${stream}_OWNERS`, `KV_${stream}_CALLS`]) await manager.streams.delete(name).catch(() => undefined);
  await connection.drain();
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

async function until(condition: () => boolean | Promise<boolean>, what: string, limitMs = 70_000, detail = () => ''): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what} ${detail()}\n${processes.map((p, i) => `--- process ${i}\n${p.log.slice(-1500)}`).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What `callcoach analyze` finds and nudges in the same calls: the reference. */
async function batchOf(calls: readonly CallEvent[][]): Promise<{ findings: Array<Finding & { findingId: string }>; nudges: Nudge[]; retractions: NudgeRetraction[] }> {
  const file = join(dir, 'calls.jsonl');
  writeFileSync(file, calls.flat().map((e) => JSON.stringify(e)).join('\n') + '\n');
  const out = { findings: [] as Array<Finding & { findingId: string }>, nudges: [] as Nudge[], retractions: [] as NudgeRetraction[] };
  await analyzeFiles([file], {
    packs,
    onOutput: (o) => {
      if (o.type === 'finding') out.findings.push({ findingId: findingId(o.finding.callId, o.finding.key), ...o.finding });
      if (o.type === 'nudge') out.nudges.push(o.nudge);
      if (o.type === 'nudge.retracted') out.retractions.push(o.retraction);
    },
  });
  return out;
}

const nudgeOrder = (a: Nudge, b: Nudge) => a.nudgeId.localeCompare(b.nudgeId) || a.status.localeCompare(b.status) || a.atMs - b.atMs;

describe('scale-out failover (3 worker processes, real NATS, Redis and PostgreSQL)', () => {
  it('loses nothing when a worker is killed -9 mid-stream and restarted: stored findings equal batch, the overlay sees each nudge once', async () => {
    // The servers start (packs load) while the reference is computed.
    const overlay = serve(['--store', join(dir, 'overlay.sqlite')]);
    const workers = [worker('w1'), worker('w2'), worker('w3')];
    const calls = generatedCalls(CALLS, `fo-${run}`, 7).map((events, i) => events.map((e) => ({ ...e, offsetMs: i * 400 })));
    const reference = await batchOf(calls.map((events) => events.map(({ offsetMs: _o, ...e }) => e as CallEvent)));
    expect(reference.findings.length).toBeGreaterThan(CALLS);
    expect(reference.nudges.some((n) => n.status === 'provisional')).toBe(true);

    // An overlay subscribed to everything throughout, on an instance that is no worker.
    const feed = new WebSocket(`${(await overlay.url).replace('http', 'ws')}/nudges`, { headers: await bearer('admin') });
    const seen = { nudges: [] as Nudge[], retractions: [] as NudgeRetraction[], sentinel: false };
    feed.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; nudge?: Nudge; retraction?: NudgeRetraction; callId?: string };
      if (message.type === 'nudge') seen.nudges.push(message.nudge as Nudge);
      if (message.type === 'nudge.retracted') seen.retractions.push(message.retraction as NudgeRetraction);
      if (message.type === 'call.closed' && message.callId === `sentinel-${run}`) seen.sentinel = true;
    });
    await new Promise((resolve) => feed.once('open', resolve));

    await Promise.all(workers.map((w) => w.url));

    // Every call's events in call-time order across calls (call i starts i × 400 ms in), published sped up.
    const timeline = calls.flat().sort((a, b) => a.offsetMs + a.tMs - (b.offsetMs + b.tMs));
    const publisher = await openEventPublisher({ servers: NATS_URL, stream, subjectPrefix, partitions: PARTITIONS });
    const startedAt = Date.now();
    let victim = workers[0] as Process;
    // Up to 64 publishes in flight on one connection: the server stores them in the order sent.
    let inFlight: Array<Promise<void>> = [];
    for (const [n, { offsetMs, ...event }] of timeline.entries()) {
      const dueMs = (offsetMs + event.tMs) / SPEED - (Date.now() - startedAt);
      if (dueMs > 5 || inFlight.length >= 64) {
        await Promise.all(inFlight);
        inFlight = [];
        if (dueMs > 5) await new Promise((resolve) => setTimeout(resolve, dueMs));
      }
      inFlight.push(publisher.publish(event as CallEvent));
      if (n === Math.floor(timeline.length * 0.4)) victim.child.kill('SIGKILL');
      if (n === Math.floor(timeline.length * 0.7)) {
        victim = worker('w1');
        await victim.url;
      }
    }
    await Promise.all(inFlight);
    await publisher.close();

    const db = new pg.Client({ connectionString: POSTGRES_URL });
    await db.connect();
    await until(async () => Number((await db.query(`SELECT COUNT(*) AS n FROM ${schema}.callcoach_calls WHERE closed_at IS NOT NULL`)).rows[0].n) === CALLS, 'every call closed in the store');
    // Every message acknowledged: acknowledgements wait for the store and relay writes they cover.
    const nats = await connect({ servers: NATS_URL });
    const manager = await jetstreamManager(nats);
    let consumers = '';
    await until(async () => {
      let open = 0;
      consumers = '';
      // The partitions' durable consumers (the replay's ordered consumers are short-lived readers).
      for await (const info of manager.consumers.list(stream)) {
        if (!info.config.durable_name) continue;
        open += info.num_ack_pending + info.num_pending;
        consumers += ` ${info.name}:${info.num_ack_pending}/${info.num_pending}/${info.ack_floor.stream_seq}/${info.delivered.stream_seq}`;
      }
      return open === 0;
    }, 'every message acknowledged', 70_000, () => consumers);
    await nats.drain();
    // Redis delivers in publish order: once this marker is through, so is every nudge sent before it.
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    await redis.publish(channel, JSON.stringify({ type: 'call.closed', callId: `sentinel-${run}`, reason: 'ended', atMs: 0 }));
    await redis.quit();
    await until(() => seen.sentinel, 'the overlay caught up');

    const { rows } = await db.query<FindingRow>(`SELECT * FROM ${schema}.callcoach_findings`);
    await db.end();
    const stored = rows.map(toFinding).sort((a, b) => (a.findingId as string).localeCompare(b.findingId as string));
    const expected = [...reference.findings].sort((a, b) => a.findingId.localeCompare(b.findingId));
    expect(stored.length).toBe(expected.length);
    expect(stored).toEqual(expected);

    expect([...seen.nudges].sort(nudgeOrder)).toEqual([...reference.nudges].sort(nudgeOrder));
    expect(seen.retractions.map((r) => r.nudgeId).sort()).toEqual(reference.retractions.map((r) => r.nudgeId).sort());
    // The survivors took the killed worker's partitions over and rebuilt its open calls from the stream.
    expect(workers.slice(1).some((w) => w.log.includes('calls rebuilt from the bus'))).toBe(true);
    feed.close();
    for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGTERM');
  }, 150_000);
});
