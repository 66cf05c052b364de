import { jetstream, JetStreamApiError, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/** How a worker holds partitions. */
export interface LeaseOptions {
  /** The events stream; leases live in `<stream>_LEASES`. */
  readonly stream: string;
  readonly subjectPrefix: string;
  readonly partitions: number;
  /** This worker's name (unique among live workers). */
  readonly worker: string;
  /** Partitions this worker takes first (and keeps, if `exclusive`). */
  readonly preferred?: readonly number[];
  /** Only ever hold the preferred partitions (static assignment); otherwise hold a fair share of all of them. */
  readonly exclusive?: boolean;
  /** A lease not renewed for this long is free for another worker (ms). */
  readonly ttlMs: number;
}

/** What the worker does when its set of partitions changes. */
export interface LeaseHandlers {
  /** The lease of `partition` is ours; `generation` grows with every change of hands (names the consumer). */
  gained(partition: number, generation: number): Promise<void>;
  /** Ours no more (another worker took it, or it could not be renewed in time): stop at once, ack nothing more. */
  lost(partition: number): void;
  /** We give it up (rebalancing, shutdown): finish what is in flight, then the lease is released. */
  releasing(partition: number): Promise<void>;
}

export interface PartitionLeases {
  /** True while `partition` is ours and its lease has not run out by our clock. */
  holds(partition: number): boolean;
  held(): number[];
  /** Runs one round now (tests, start-up). */
  tick(): Promise<void>;
  /** Stops renewing; with `release`, hands every partition back first (graceful shutdown). */
  stop(release: boolean): Promise<void>;
}

interface Lease {
  readonly seq: number;
  readonly until: number;
}

interface LeaseValue {
  readonly worker: string;
  readonly until: number;
  readonly released?: boolean;
}

/** The stream keeping leases and worker registrations (last value per subject, like a KV bucket). */
export function leaseStreamName(stream: string): string {
  return `${stream}_LEASES`;
}

function leasePrefix(subjectPrefix: string): string {
  return `${subjectPrefix}-leases`;
}

/**
 * Partition ownership over JetStream: each partition's lease is the last message on `<prefix>-leases.p<k>`, written
 * only with an expected-last-subject-sequence (compare-and-set), so two workers can never both take it. A holder
 * renews every ttl/3; a lease older than its ttl is free. Workers register on `<prefix>-leases.w.<name>` so each one
 * knows how many are alive and holds ceil(partitions / workers): a new worker gets partitions handed over, a dead
 * one's are taken over once its leases run out.
 */
export async function startPartitionLeases(connection: NatsConnection, options: LeaseOptions, handlers: LeaseHandlers): Promise<PartitionLeases> {
  const manager = await jetstreamManager(connection);
  const js = jetstream(connection);
  const name = leaseStreamName(options.stream);
  const prefix = leasePrefix(options.subjectPrefix);
  try {
    await manager.streams.info(name);
  } catch {
    await manager.streams.add({
      name,
      subjects: [`${prefix}.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_msgs_per_subject: 1,
      max_age: Math.max(60_000, options.ttlMs * 10) * 1_000_000,
    }).catch(async (err: unknown) => {
      // Another worker created it at the same moment.
      if (!(await manager.streams.info(name).catch(() => undefined))) throw err;
    });
  }
  const held = new Map<number, Lease>();
  const busy = new Set<number>();
  const preferred = new Set(options.preferred ?? []);
  const all = Array.from({ length: options.partitions }, (_, p) => p);
  // Each worker starts its search at a different place, so workers do not race for the same free partition.
  const offset = hashOf(options.worker) % options.partitions;
  const order = [...all.filter((p) => preferred.has(p)), ...all.map((_, i) => (i + offset) % options.partitions).filter((p) => !preferred.has(p))];
  const eligible = options.exclusive ? order.filter((p) => preferred.has(p)) : order;
  let stopped = false;
  let running: Promise<void> | undefined;
  const encode = (value: LeaseValue) => JSON.stringify(value);

  const lose = (partition: number) => {
    if (!held.delete(partition)) return;
    handlers.lost(partition);
  };

  const round = async () => {
    const now = Date.now();
    // Renew what we hold; a refused renewal means someone else holds it now.
    for (const [partition, lease] of [...held]) {
      try {
        const ack = await js.publish(`${prefix}.p${partition}`, encode({ worker: options.worker, until: now + options.ttlMs }), { expect: { lastSubjectSequence: lease.seq } });
        if (held.has(partition)) held.set(partition, { seq: ack.seq, until: now + options.ttlMs });
      } catch (err) {
        if (err instanceof JetStreamApiError || Date.now() >= lease.until) lose(partition);
      }
    }
    await js.publish(`${prefix}.w.${token(options.worker)}`, encode({ worker: options.worker, until: now + options.ttlMs })).catch(() => undefined);
    if (stopped) return;
    const target = options.exclusive ? eligible.length : Math.ceil(options.partitions / (await liveWorkers(manager, name, prefix, options.worker)));
    // More than our share: hand the extras over (those we do not prefer, last taken first).
    if (held.size > target) {
      const extras = [...held.keys()].sort((a, b) => Number(preferred.has(a)) - Number(preferred.has(b)) || b - a).slice(0, held.size - target);
      for (const partition of extras) await release(partition);
    }
    for (const partition of eligible) {
      if (held.size >= target || stopped) break;
      if (held.has(partition) || busy.has(partition)) continue;
      const current = await readLease(manager, name, `${prefix}.p${partition}`);
      if (current && current.value && !current.value.released && current.value.until > Date.now() && current.value.worker !== options.worker) continue;
      let generation: number;
      try {
        const until = Date.now() + options.ttlMs;
        const ack = await js.publish(`${prefix}.p${partition}`, encode({ worker: options.worker, until }), { expect: { lastSubjectSequence: current?.seq ?? 0 } });
        held.set(partition, { seq: ack.seq, until });
        generation = ack.seq;
      } catch {
        continue; // someone was quicker
      }
      busy.add(partition);
      try {
        await handlers.gained(partition, generation);
      } catch {
        lose(partition);
      } finally {
        busy.delete(partition);
      }
    }
  };

  const release = async (partition: number) => {
    const lease = held.get(partition);
    if (!lease) return;
    busy.add(partition);
    try {
      await handlers.releasing(partition);
    } finally {
      busy.delete(partition);
    }
    const current = held.get(partition);
    held.delete(partition);
    if (current) await js.publish(`${prefix}.p${partition}`, encode({ worker: options.worker, until: 0, released: true }), { expect: { lastSubjectSequence: current.seq } }).catch(() => undefined);
  };

  const tick = () => {
    running ??= round().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => {
    void tick().catch(() => undefined);
  }, Math.max(100, Math.floor(options.ttlMs / 3)));
  timer.unref();

  return {
    holds: (partition) => {
      const lease = held.get(partition);
      return lease !== undefined && Date.now() < lease.until;
    },
    held: () => [...held.keys()].sort((a, b) => a - b),
    tick,
    stop: async (releaseAll) => {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
      if (releaseAll) {
        for (const partition of [...held.keys()]) await release(partition).catch(() => undefined);
        await js.publish(`${prefix}.w.${token(options.worker)}`, encode({ worker: options.worker, until: 0 })).catch(() => undefined);
      }
      held.clear();
    },
  };
}

async function readLease(manager: JetStreamManager, stream: string, subject: string): Promise<{ seq: number; value: LeaseValue | undefined } | undefined> {
  const message = await manager.streams.getMessage(stream, { last_by_subj: subject }).catch(() => null);
  if (!message) return undefined;
  try {
    return { seq: message.seq, value: JSON.parse(message.string()) as LeaseValue };
  } catch {
    return { seq: message.seq, value: undefined };
  }
}

/** How many workers (this one included) renewed their registration within their ttl. */
async function liveWorkers(manager: JetStreamManager, stream: string, prefix: string, self: string): Promise<number> {
  const info = await manager.streams.info(stream, { subjects_filter: `${prefix}.w.>` }).catch(() => undefined);
  const subjects = Object.keys(info?.state.subjects ?? {});
  const now = Date.now();
  const live = new Set([self]);
  for (const subject of subjects) {
    const lease = await readLease(manager, stream, subject);
    if (lease?.value && lease.value.until > now) live.add(lease.value.worker);
  }
  return live.size;
}

function token(worker: string): string {
  return Buffer.from(worker, 'utf8').toString('base64url');
}

function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
