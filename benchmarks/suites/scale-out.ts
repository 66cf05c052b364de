import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createClient } from '@redis/client';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { replayOnVirtualClock } from '../../adapters/batch/virtual-replay.js';
import { CallRunner } from '../../adapters/nats/call-runner.js';
import { ensureEventStream } from '../../adapters/nats/event-stream.js';
import { openEventPublisher } from '../../adapters/nats/nats-event-publisher.js';
import { readCallMessages } from '../../adapters/nats/read-call-events.js';
import { callSubject, partitionOf } from '../../adapters/nats/event-subjects.js';
import { createEngine, parseEvent, type CallEvent } from '../../engine/index.js';
import type { BenchSuite } from '../bench-suite.js';
import { buildCallScript, buildSchedule } from '../live/call-script.js';
import { BusCluster, until, type ClusterServers } from '../scale-out/bus-cluster.js';
import { fixed, table } from '../support/measure.js';
import { shippedPack } from '../support/packs.js';

const PARTITIONS = 16;
const bothPacks = () => [shippedPack('zh', true), shippedPack('en', true)];

const servers: ClusterServers = {
  nats: process.env.CALLCOACH_BENCH_NATS_URL ?? process.env.CALLCOACH_TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
  postgres: process.env.CALLCOACH_BENCH_POSTGRES_URL ?? process.env.CALLCOACH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  redis: process.env.CALLCOACH_BENCH_REDIS_URL ?? process.env.CALLCOACH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
};

/** `count` calls at speech rate (an interim every 250 ms, contiguous seq), all open at once, as one stream of events. */
function callsOf(count: number, talkMs: readonly [number, number], seed: number): CallEvent[][] {
  return buildSchedule({ calls: count, rampMs: 1_000, untilMs: 1_001, seed, talkMs }).map((call) => buildCallScript(call).map((e) => e.event as unknown as CallEvent));
}

/** Events of all calls in call-time order, as the bus would carry them. */
const interleaved = (calls: readonly CallEvent[][]) => calls.flat().sort((a, b) => a.tMs - b.tMs);

const dropSchema = (schema: string) => async () => {
  const client = new pg.Client({ connectionString: servers.postgres });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
};

/** Events/s through N worker processes, from the first publish to the last acknowledgement (processed and stored). */
async function throughput(workers: number, events: readonly CallEvent[], log: (m: string) => void): Promise<{ perSecond: number; seconds: number; moves: number; givenUp: number }> {
  const cluster = new BusCluster(servers, PARTITIONS, ['--bus-clock', 'events']);
  try {
    for (let i = 0; i < workers; i++) cluster.start(`t${i}`);
    await Promise.all(cluster.workers.map((w) => w.serving));
    await cluster.untilBalanced(workers);
    log(`scale-out: ${workers} worker(s) hold their partitions; publishing ${events.length} events`);
    const before = cluster.workers.map((w) => w.log.length);
    const t0 = performance.now();
    await cluster.publish(events);
    await until(async () => (await cluster.unacknowledged()) === 0, 'every message acknowledged');
    const seconds = (performance.now() - t0) / 1000;
    // Partitions that changed hands during the run, and those given up by a worker that fell behind its lease.
    const during = cluster.workers.map((w, i) => w.log.slice(before[i]));
    const count = (text: string) => during.reduce((n, log) => n + log.split(text).length - 1, 0);
    return { perSecond: events.length / seconds, seconds, moves: count('partition taken'), givenUp: count('partition given up') };
  } finally {
    await cluster.close(dropSchema(cluster.schema));
  }
}

/**
 * Kill -9 to the next finding of a call the killed worker held: two workers with relay, one call per partition
 * opened and acknowledged, the holder of one of them killed, and that call's next line (a forbidden phrase) published
 * at once; the clock stops when its finding comes through the Redis relay from the survivor.
 */
async function failover(ttlMs: number, rep: number, log: (m: string) => void): Promise<{ ms: number; rebuilt: boolean }> {
  const cluster = new BusCluster(servers, PARTITIONS, ['--lease-ttl-ms', String(ttlMs), '--bus-clock', 'wall']);
  const redis = createClient({ url: servers.redis });
  try {
    cluster.start('a');
    cluster.start('b');
    await Promise.all(cluster.workers.map((w) => w.serving));
    await cluster.untilBalanced(2);
    log('scale-out: failover: two workers hold their partitions');
    // One call per partition, each greeted and acknowledged.
    const byPartition = new Map<number, string>();
    for (let i = 0; byPartition.size < PARTITIONS; i++) {
      const callId = `fo${rep}-${i}`;
      const p = partitionOf(callId, PARTITIONS);
      if (!byPartition.has(p)) byPartition.set(p, callId);
    }
    const opening = [...byPartition.values()].flatMap((callId): CallEvent[] => [
      { type: 'call.started', callId, tMs: 0, seq: 0, language: 'zh-CN', agentId: 'a-1' },
      { type: 'utterance.final', callId, tMs: 4_000, seq: 1, utteranceId: 'u1', speaker: 'agent', text: '您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？', startMs: 1_000, endMs: 3_800 },
    ]);
    await cluster.publish(opening);
    await until(async () => (await cluster.unacknowledged()) === 0, 'the openings acknowledged');
    log('scale-out: failover: the openings are acknowledged');
    const owners = await cluster.owners();
    const [partition] = [...owners].find(([, name]) => name === 'a') ?? [];
    if (partition === undefined) throw new Error('bench: worker a holds no partition');
    const callId = byPartition.get(partition) as string;
    await redis.connect();
    const found = new Promise<number>((resolve) => {
      void redis.subscribe(cluster.channel, (message: string) => {
        const output = JSON.parse(message) as { type: string; finding?: { callId: string } };
        if (output.type === 'finding' && output.finding?.callId === callId) resolve(performance.now());
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the subscription is in place
    const killedAt = performance.now();
    (cluster.workers[0] as { child: { kill(signal: string): void } }).child.kill('SIGKILL');
    await cluster.publish([{ type: 'utterance.final', callId, tMs: 9_000, seq: 2, utteranceId: 'u2', speaker: 'agent', text: '你问我，我问谁？', startMs: 6_000, endMs: 8_800 }]);
    const at = await Promise.race([found, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`bench: no finding after the failover\n${cluster.workers.map((w) => `--- ${w.name}\n${w.log.slice(-3000)}`).join('\n')}`)), 30_000))]);
    log(`scale-out: failover: the next finding came ${Math.round(at - killedAt)} ms after the kill`);
    return { ms: at - killedAt, rebuilt: (cluster.workers[1]?.log ?? '').includes('calls rebuilt from the bus') };
  } finally {
    if (redis.isOpen) redis.destroy();
    await cluster.close(dropSchema(cluster.schema));
  }
}

/** Rebuilding one call of `minutes` from the stream: reading its events back, and replaying them through the engine. */
async function replayCost(minutes: number, seed: number): Promise<{ events: number; readMs: number; engineMs: number; batchMs: number }> {
  const [events] = callsOf(1, [minutes * 60_000, minutes * 60_000], seed) as [CallEvent[]];
  const stream = `CCBENCH_REPLAY_${process.pid}_${seed}`;
  const bus = { servers: servers.nats, stream, subjectPrefix: `ccbench.replay.${process.pid}.${seed}`, partitions: PARTITIONS };
  const connection = await connect({ servers: servers.nats });
  try {
    await ensureEventStream(connection, bus);
    const publisher = await openEventPublisher(bus);
    for (const event of events) await publisher.publish(event);
    await publisher.close();
    const callId = (events[0] as CallEvent).callId;
    const packs = bothPacks();
    const t0 = performance.now();
    const stored = await readCallMessages(connection, stream, callSubject(bus.subjectPrefix, PARTITIONS, callId), Number.MAX_SAFE_INTEGER);
    const t1 = performance.now();
    const runner = new CallRunner(callId, (scheduler) => createEngine({ scheduler, packs: () => packs }), 200, () => undefined);
    for (const message of stored) {
      const parsed = parseEvent(message.data, { connection: 'bench', message: message.seq });
      if (parsed.ok) void runner.feed({ event: parsed.event }, message.seq, message.storedAtMs, 'replay');
    }
    const t2 = performance.now();
    const b0 = performance.now();
    replayOnVirtualClock([events.map((event) => ({ event }))], (scheduler) => createEngine({ scheduler, packs: () => packs }));
    const batchMs = performance.now() - b0;
    return { events: stored.length, readMs: t1 - t0, engineMs: t2 - t1, batchMs };
  } finally {
    await (await jetstreamManager(connection)).streams.delete(stream).catch(() => undefined);
    await connection.drain();
  }
}

/** Batch analysis of the same events in this one process: no bus, no store, one core (the peer). */
function batchPerSecond(calls: readonly CallEvent[][]): number {
  const packs = bothPacks();
  const t0 = performance.now();
  replayOnVirtualClock(calls.map((events) => events.map((event) => ({ event }))), (scheduler) => createEngine({ scheduler, packs: () => packs }));
  return calls.flat().length / ((performance.now() - t0) / 1000);
}

async function reachable(): Promise<string | undefined> {
  try {
    await (await connect({ servers: servers.nats, timeout: 2_000 })).close();
    const client = new pg.Client({ connectionString: servers.postgres });
    await client.connect();
    await client.end();
    const redis = createClient({ url: servers.redis, socket: { reconnectStrategy: false } });
    await redis.connect();
    await redis.quit();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * `serve --nats` worker processes on the machine's NATS, PostgreSQL and Redis: events/s with 1, 2 and 4 workers
 * (every event processed, its findings stored, then acknowledged) beside batch analysis in one process; failover
 * time from kill -9 to the taken-over call's next finding; the cost of rebuilding a call from the stream.
 */
export const scaleOut: BenchSuite = {
  name: 'scale-out',
  title: 'Scale-out on the bus: workers, failover, replay',
  async run(context) {
    const down = await reachable();
    if (down) return `Skipped: the servers are not reachable (${down}).`;
    if (context.quick) {
      // A smoke run: the worker processes take minutes on this machine; the in-process part shows the suite works.
      const r = await replayCost(1, 101);
      return `Quick run: worker processes skipped (run \`npm run bench -- scale-out\`). Rebuilding a 1-minute call: ${r.events} events, ${fixed(r.readMs, 1)} ms to read, ${fixed(r.engineMs, 1)} ms to replay.`;
    }
    const calls = callsOf(40, [40_000, 80_000], 3);
    const events = interleaved(calls);
    const peer = batchPerSecond(calls);
    const rows: Array<Array<string | number>> = [];
    const counts = [1, 2, 4];
    let one = Number.NaN;
    for (const workers of counts) {
      const load = loadavg()[0] ?? Number.NaN;
      const r = await throughput(workers, events, context.log);
      if (workers === 1) one = r.perSecond;
      rows.push([workers, Math.round(r.perSecond).toLocaleString('en-US'), `${fixed(r.perSecond / one, 2)}×`, fixed(r.seconds, 1), r.moves, r.givenUp, fixed(load, 1)]);
    }
    const failovers: Array<Array<string | number>> = [];
    for (const ttlMs of [6_000, 2_000]) {
      for (let rep = 0; rep < 2; rep++) {
        context.log(`scale-out: failover, lease ttl ${ttlMs} ms, run ${rep + 1}`);
        const r = await failover(ttlMs, rep + ttlMs, context.log);
        failovers.push([ttlMs.toLocaleString('en-US'), rep + 1, Math.round(r.ms).toLocaleString('en-US'), r.rebuilt ? 'yes' : 'no']);
      }
    }
    const replays: Array<Array<string | number>> = [];
    for (const minutes of [1, 4, 10]) {
      context.log(`scale-out: replaying a ${minutes}-minute call`);
      const r = await replayCost(minutes, 100 + minutes);
      replays.push([minutes, r.events.toLocaleString('en-US'), fixed(r.readMs / minutes, 1), fixed(r.engineMs / minutes, 1), fixed((r.readMs + r.engineMs) / minutes, 1), fixed(r.batchMs / minutes, 1)]);
    }
    return [
      `${calls.length} calls at speech rate (an interim every 250 ms), ${events.length.toLocaleString('en-US')} events, ${PARTITIONS} partitions, both shipped packs; each worker is a \`callcoach serve --nats --bus-clock events\` process storing to PostgreSQL and relaying through Redis; a message counts once it is acknowledged, which is after its findings are stored.`,
      '',
      table(['workers', 'events/s', 'vs 1 worker', 'seconds', 'partitions moved during the run', 'given up (lease lapsed)', 'load avg at start'], rows),
      '',
      `Peer: the same events analysed in batch in one process (no bus, no store): ${Math.round(peer).toLocaleString('en-US')} events/s on one core.`,
      `This machine has 2 cores, shared with NATS, PostgreSQL and Redis (and with whoever else is running): a second worker can add at most one core, and a fourth only competes for the same two; on N machines the workers would scale with the cores until the store or the bus limits them.`,
      '',
      '**Failover** (two workers; a call per partition opened; the holder of one killed -9 and that call\'s next line, a forbidden phrase, published at once; time until its finding arrives through the relay from the survivor):',
      '',
      table(['lease ttl (ms)', 'run', 'kill → next finding (ms)', 'call rebuilt from the stream'], failovers),
      '',
      'The lease ttl bounds it: the survivor takes a partition once its lease has run out (renewals every ttl/3), then rebuilds the partition\'s open calls before it consumes.',
      '',
      '**Replay cost per call minute** (one call read back from its subject, then replayed through the engine as a takeover does; peer: the same call in batch, engine only):',
      '',
      table(['call minutes', 'events', 'read ms / call min', 'engine ms / call min', 'total ms / call min', 'batch engine ms / call min'], replays),
    ].join('\n');
  },
};
