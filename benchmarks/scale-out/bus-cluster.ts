import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openEventPublisher } from '../../adapters/nats/nats-event-publisher.js';
import type { CallEvent } from '../../engine/index.js';

/** Where the servers are (the bench uses the machine's own NATS, PostgreSQL and Redis, like the tests). */
export interface ClusterServers {
  readonly nats: string;
  readonly postgres: string;
  readonly redis: string;
}

/** One `callcoach serve --nats` process. */
export interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly serving: Promise<void>;
  log: string;
}

const CLI = fileURLToPath(new URL('../../../bin/callcoach.js', import.meta.url));

/**
 * A set of worker processes on a stream, store schema and relay channel of its own (removed by `close`), so a run
 * never touches anyone else's data on the shared servers.
 */
export class BusCluster {
  readonly id = `bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  readonly stream = `CCBENCH_${this.id}`;
  readonly subjectPrefix = `ccbench.${this.id}`;
  readonly channel = `callcoach:bench:${this.id}`;
  readonly schema = `callcoach_${this.id}`;
  readonly workers: WorkerProcess[] = [];
  private connection: NatsConnection | undefined;

  constructor(
    readonly servers: ClusterServers,
    readonly partitions: number,
    private readonly workerArgs: readonly string[] = [],
  ) {}

  /** Starts a worker process; `serving` resolves once it listens. */
  start(name: string): WorkerProcess {
    const child = spawn(
      process.execPath,
      [CLI, 'serve', '--port', '0', '--no-watch', '--pack', 'zh-CN-standard', '--pack', 'en-US-standard', '--nats', this.servers.nats, '--partitions', String(this.partitions), '--worker', name,
        '--store', `${this.servers.postgres}?schema=${this.schema}`, '--redis', this.servers.redis, '--redis-channel', this.channel, ...this.workerArgs],
      { env: { ...process.env, CALLCOACH_AUTH_SECRET: randomBytes(32).toString('hex'), CALLCOACH_NATS_STREAM: this.stream, CALLCOACH_NATS_SUBJECT_PREFIX: this.subjectPrefix }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const worker: WorkerProcess = { name, child, log: '', serving: Promise.resolve() };
    child.stderr?.on('data', (chunk: Buffer) => (worker.log += chunk.toString()));
    let stdout = '';
    (worker as { serving: Promise<void> }).serving = new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('serving on')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker ${name} exited (${code}): ${worker.log.slice(-500)}`)));
    });
    this.workers.push(worker);
    return worker;
  }

  private async nats(): Promise<NatsConnection> {
    this.connection ??= await connect({ servers: this.servers.nats });
    return this.connection;
  }

  /** Who holds each partition now (by worker name); absent: nobody. */
  async owners(): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    // The workers create the bucket: until one has, nobody holds anything.
    const kv = await new Kvm(await this.nats()).open(`${this.stream}_OWNERS`).catch(() => undefined);
    if (!kv) return out;
    for (let p = 0; p < this.partitions; p++) {
      const entry = await kv.get(`p${p}`).catch(() => null);
      if (entry?.operation !== 'PUT') continue;
      const value = JSON.parse(entry.string()) as { worker: string; until: number };
      if (value.until > Date.now()) out.set(p, value.worker);
    }
    return out;
  }

  /** Waits until every partition is held and the live workers hold their fair shares. */
  async untilBalanced(live: number, limitMs = 60_000): Promise<void> {
    const share = Math.ceil(this.partitions / live);
    await until(async () => {
      const owners = await this.owners();
      const counts = new Map<string, number>();
      for (const name of owners.values()) counts.set(name, (counts.get(name) ?? 0) + 1);
      return owners.size === this.partitions && counts.size === live && [...counts.values()].every((n) => n <= share);
    }, 'partitions balanced', limitMs);
  }

  /** Publishes events in order, up to `window` in flight on one connection (the server keeps the order sent). */
  async publish(events: readonly CallEvent[], window = 128): Promise<void> {
    const publisher = await openEventPublisher({ servers: this.servers.nats, stream: this.stream, subjectPrefix: this.subjectPrefix, partitions: this.partitions });
    let inFlight: Array<Promise<void>> = [];
    for (const event of events) {
      inFlight.push(publisher.publish(event));
      if (inFlight.length >= window) {
        await Promise.all(inFlight);
        inFlight = [];
      }
    }
    await Promise.all(inFlight);
    await publisher.close();
  }

  /** Messages of the partition consumers not yet acknowledged (0 once all is processed and stored). */
  async unacknowledged(): Promise<number> {
    const manager = await jetstreamManager(await this.nats());
    let open = 0;
    for await (const info of manager.consumers.list(this.stream)) if (info.config.durable_name) open += info.num_pending + info.num_ack_pending;
    return open;
  }

  /** Stops every worker (kill) and removes the stream, buckets and schema. */
  async close(dropSchema: () => Promise<void>): Promise<void> {
    const running = this.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    const exited = running.map((w) => new Promise((resolve) => w.child.once('exit', resolve)));
    for (const worker of running) worker.child.kill('SIGKILL');
    await Promise.all(exited);
    const manager = await jetstreamManager(await this.nats());
    for (const name of [this.stream, `KV_${this.stream}_OWNERS`, `KV_${this.stream}_CALLS`]) await manager.streams.delete(name).catch(() => undefined);
    await this.connection?.drain();
    await dropSchema();
  }
}

/** Polls `condition` every 20 ms until it holds (or fails after `limitMs`, naming what it waited for). */
export async function until(condition: () => boolean | Promise<boolean>, what: string, limitMs = 120_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`bench: gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
