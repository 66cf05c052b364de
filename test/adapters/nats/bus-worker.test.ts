import { afterAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { replayOnVirtualClock } from '../../../adapters/batch/virtual-replay.js';
import { silentLogger } from '../../../adapters/log/logger.js';
import { natsBusWorker, type BusSink, type RunningBusWorker } from '../../../adapters/nats/bus-worker.js';
import { openEventPublisher } from '../../../adapters/nats/nats-event-publisher.js';
import { createEngine, ENGINE_DEFAULTS, findingId, type CallEvent, type EngineOutput } from '../../../engine/index.js';
import { generatedCalls } from '../../support/generated-calls.js';
import { shippedPack } from '../../support/packs.js';

const NATS_URL = process.env.CALLCOACH_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const run = `${process.pid}_${Date.now()}`;
const packs = [shippedPack('zh-CN-standard'), shippedPack('en-US-standard')];
const streams: string[] = [];

afterAll(async () => {
  const connection = await connect({ servers: NATS_URL });
  const manager = await jetstreamManager(connection);
  for (const stream of streams) for (const name of [stream, `KV_${stream}_OWNERS`, `KV_${stream}_CALLS`]) await manager.streams.delete(name).catch(() => undefined);
  await connection.drain();
});

function busFor(name: string) {
  const stream = `CCWORKER_${name}_${run}`;
  streams.push(stream);
  return { servers: NATS_URL, stream, subjectPrefix: `ccworker.${name}.${run}`, partitions: 6 };
}

/** What batch analysis finds in the same calls: the reference. */
function batchFindings(calls: readonly CallEvent[][]): string[] {
  return replayOnVirtualClock(
    calls.map((events) => events.map((event) => ({ event }))),
    (scheduler) => createEngine({ scheduler, packs: () => packs }),
  )
    .flatMap((o) => (o.type === 'finding' ? [findingId(o.finding.callId, o.finding.key)] : []))
    .sort();
}

/** A sink that keeps findings by id (like the store's upsert) and counts every write, duplicates included. */
function recordingSink() {
  const stored = new Map<string, number>();
  const closed = new Set<string>();
  const sink: BusSink = {
    log: silentLogger,
    observe: () => undefined,
    write: async (output: EngineOutput) => {
      if (output.type === 'finding') {
        const id = findingId(output.finding.callId, output.finding.key);
        stored.set(id, (stored.get(id) ?? 0) + 1);
      }
      if (output.type === 'call.closed') closed.add(output.callId);
    },
  };
  return { sink, stored, closed };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function unacknowledged(stream: string): Promise<number> {
  const connection = await connect({ servers: NATS_URL });
  const manager = await jetstreamManager(connection);
  let open = 0;
  for await (const info of manager.consumers.list(stream)) open += info.num_ack_pending + info.num_pending;
  await connection.drain();
  return open;
}

const engineFor = () => (scheduler: Parameters<typeof createEngine>[0]['scheduler']) => createEngine({ scheduler, packs: () => packs });

describe('natsBusWorker', () => {
  it('shares the partitions between workers and finds exactly what batch finds, every message acknowledged', async () => {
    const bus = busFor('share');
    const calls = generatedCalls(24, `share-${run}`);
    const publisher = await openEventPublisher(bus);
    const workers: RunningBusWorker[] = [];
    const record = recordingSink();
    for (const name of ['a', 'b']) {
      workers.push(natsBusWorker({ ...bus, worker: name, leaseTtlMs: 1_500, clock: { mode: 'events' } }).start(engineFor(), ENGINE_DEFAULTS.reorderWindowMs, record.sink));
    }
    await Promise.all(workers.map((w) => w.started));
    for (const event of calls.flat()) await publisher.publish(event);
    await publisher.close();
    await until(() => record.closed.size === calls.length, 'every call closed');
    await until(async () => (await unacknowledged(bus.stream)) === 0, 'every message acknowledged');
    const held = workers.map((w) => w.held());
    expect(held.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(held.every((h) => h.length > 0)).toBe(true);
    expect([...record.stored.keys()].sort()).toEqual(batchFindings(calls));
    await Promise.all(workers.map((w) => w.stop(true)));
  }, 90_000);

  it('takes over a stopped worker\'s partitions mid-stream and rebuilds its calls: nothing lost, every finding once by id', async () => {
    const bus = busFor('takeover');
    const calls = generatedCalls(30, `takeover-${run}`, 5);
    const events = calls.flat().sort((a, b) => a.tMs - b.tMs);
    const publisher = await openEventPublisher(bus);
    const record = recordingSink();
    const start = (name: string) => natsBusWorker({ ...bus, worker: name, leaseTtlMs: 1_500, clock: { mode: 'events' } }).start(engineFor(), ENGINE_DEFAULTS.reorderWindowMs, record.sink);
    const first = start('first');
    await first.started;
    const half = Math.floor(events.length / 2);
    for (const event of events.slice(0, half)) await publisher.publish(event);
    await until(() => first.stats.acked > half / 2, 'the first worker under way');
    // Dies without handing anything over (its leases just run out).
    await first.stop(false);
    const second = start('second');
    await second.started;
    for (const event of events.slice(half)) await publisher.publish(event);
    await publisher.close();
    await until(() => record.closed.size === calls.length, 'every call closed');
    await until(async () => (await unacknowledged(bus.stream)) === 0, 'every message acknowledged');
    expect(second.stats.replayedCalls).toBeGreaterThan(0);
    expect([...record.stored.keys()].sort()).toEqual(batchFindings(calls));
    await second.stop(true);
    // The index of open calls is empty once every call has closed.
    const connection = await connect({ servers: NATS_URL });
    const index = await new Kvm(connection).open(`${bus.stream}_CALLS`);
    const left: string[] = [];
    for await (const key of await index.keys()) if ((await index.get(key))?.operation === 'PUT') left.push(key);
    expect(left).toEqual([]);
    await connection.drain();
  }, 90_000);
});
