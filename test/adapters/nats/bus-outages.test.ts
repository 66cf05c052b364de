import { afterAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayOnVirtualClock } from '../../../adapters/batch/virtual-replay.js';
import { silentLogger } from '../../../adapters/log/logger.js';
import { natsBusWorker, type BusSink } from '../../../adapters/nats/bus-worker.js';
import { openEventPublisher } from '../../../adapters/nats/nats-event-publisher.js';
import { createEngine, ENGINE_DEFAULTS, findingId, type CallEvent, type EngineOutput } from '../../../engine/index.js';
import { generatedCalls } from '../../support/generated-calls.js';
import { shippedPack } from '../../support/packs.js';

const NATS_URL = process.env.CALLCOACH_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const run = `${process.pid}_${Date.now()}`;
const packs = [shippedPack('zh-CN-standard'), shippedPack('en-US-standard')];
const streams: string[] = [];
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  const connection = await connect({ servers: NATS_URL });
  const manager = await jetstreamManager(connection);
  for (const stream of streams) for (const name of [stream, `KV_${stream}_OWNERS`, `KV_${stream}_CALLS`]) await manager.streams.delete(name).catch(() => undefined);
  await connection.drain();
});

const engine = (scheduler: Parameters<typeof createEngine>[0]['scheduler']) => createEngine({ scheduler, packs: () => packs });

function batchFindings(calls: readonly CallEvent[][]): string[] {
  return replayOnVirtualClock(
    calls.map((events) => events.map((event) => ({ event }))),
    engine,
  )
    .flatMap((o) => (o.type === 'finding' ? [findingId(o.finding.callId, o.finding.key)] : []))
    .sort();
}

/** A store that can be taken down: while down, every write fails as a real outage would. */
function flakyStore() {
  const state = { down: false, attempts: 0 };
  const findings = new Set<string>();
  const closed = new Set<string>();
  const sink: BusSink = {
    log: silentLogger,
    observe: () => undefined,
    write: async (output: EngineOutput) => {
      state.attempts++;
      if (state.down) throw Object.assign(new Error('connection refused'), { name: 'StoreUnavailable' });
      if (output.type === 'finding') findings.add(findingId(output.finding.callId, output.finding.key));
      if (output.type === 'call.closed') closed.add(output.callId);
    },
  };
  return { sink, state, findings, closed };
}

async function until(condition: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the bus worker through outages', () => {
  it('retries writes through a store outage with backoff and acknowledges nothing it could not store', async () => {
    const stream = `CCOUTAGE_STORE_${run}`;
    streams.push(stream);
    const bus = { servers: NATS_URL, stream, subjectPrefix: `ccoutage.store.${run}`, partitions: 4 };
    const calls = generatedCalls(12, `store-${run}`, 3);
    const store = flakyStore();
    store.state.down = true;
    const first = natsBusWorker({ ...bus, worker: 'first', leaseTtlMs: 1_500, clock: { mode: 'events' }, retry: { initialMs: 20, maxMs: 200 } }).start(engine, ENGINE_DEFAULTS.reorderWindowMs, store.sink);
    await first.started;
    const publisher = await openEventPublisher(bus);
    for (const event of calls.flat()) await publisher.publish(event);
    await until(() => first.stats.writeRetries >= 20, 'the writes being retried');
    // Not one message acknowledged while nothing could be stored.
    expect(first.stats.acked).toBe(0);
    // The worker dies in the outage; another takes over once the store is back.
    await first.stop(false);
    store.state.down = false;
    const second = natsBusWorker({ ...bus, worker: 'second', leaseTtlMs: 1_500, clock: { mode: 'events' } }).start(engine, ENGINE_DEFAULTS.reorderWindowMs, store.sink);
    await until(() => store.closed.size === calls.length, 'every call closed');
    expect([...store.findings].sort()).toEqual(batchFindings(calls));
    await publisher.close();
    await second.stop(true);
  }, 90_000);

  it('rides out its NATS server restarting: it reconnects, takes its partitions back and misses nothing', async () => {
    const port = await freePort();
    const storeDir = mkdtempSync(join(tmpdir(), 'callcoach-nats-'));
    const url = `nats://127.0.0.1:${port}`;
    const startNats = async () => {
      const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
      children.push(child);
      for (let attempt = 0; ; attempt++) {
        try {
          await (await connect({ servers: url, reconnect: false })).close();
          return child;
        } catch (err) {
          if (attempt > 100) throw err;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };
    let nats = await startNats();
    const bus = { servers: url, stream: `CCOUTAGE_NATS_${run}`, subjectPrefix: `ccoutage.nats.${run}`, partitions: 3 };
    const calls = generatedCalls(10, `nats-${run}`, 4);
    const events = calls.flat().sort((a, b) => a.tMs - b.tMs);
    const store = flakyStore();
    const worker = natsBusWorker({ ...bus, worker: 'steady', leaseTtlMs: 1_500, clock: { mode: 'events' } }).start(engine, ENGINE_DEFAULTS.reorderWindowMs, store.sink);
    await worker.started;
    const half = Math.floor(events.length / 2);
    let publisher = await openEventPublisher(bus);
    for (const event of events.slice(0, half)) await publisher.publish(event);
    await publisher.close();
    await until(() => worker.stats.acked > half / 2, 'the worker under way');
    nats.kill('SIGKILL');
    await new Promise((resolve) => nats.once('exit', resolve));
    nats = await startNats();
    publisher = await openEventPublisher(bus);
    for (const event of events.slice(half)) await publisher.publish(event);
    await publisher.close();
    await until(() => store.closed.size === calls.length, 'every call closed after the restart');
    expect([...store.findings].sort()).toEqual(batchFindings(calls));
    expect(worker.held()).toEqual([0, 1, 2]);
    await worker.stop(true);
    nats.kill('SIGTERM');
  }, 90_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
