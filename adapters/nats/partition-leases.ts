import type { KV } from '@nats-io/kv';

/** How a worker holds partitions. */
export interface LeaseOptions {
  readonly partitions: number;
  /** This worker's name (for operators; shown in the lease). */
  readonly worker: string;
  /** This process: unique per start, so a restarted worker waits for its old leases to run out like anyone else. */
  readonly instance: string;
  /** A lease not renewed for this long is free for another worker (ms). */
  readonly ttlMs: number;
  /** Partitions this worker takes first; with `exclusive`, the only ones it ever holds (static assignment). */
  readonly preferred?: readonly number[];
  readonly exclusive?: boolean;
  /** Wall time (ms); injected by tests. */
  readonly now?: () => number;
}

/** What the worker does when its set of partitions changes. */
export interface LeaseHandlers {
  /** The lease of `partition` is ours; `generation` (the lease's KV revision) grows with every change of hands. */
  gained(partition: number, generation: number): Promise<void>;
  /** Ours no more (taken, or not renewed in time): stop at once and acknowledge nothing more. */
  lost(partition: number): void;
  /** We give it up (rebalancing, shutdown): stop taking messages and finish what is in flight; then it is released. */
  releasing(partition: number): Promise<void>;
}

/** A worker's leases. */
export interface PartitionLeases {
  /** True while `partition` is ours and its lease has not run out by our clock. */
  holds(partition: number): boolean;
  held(): number[];
  /** One round now: rebalance, take what is free. */
  tick(): Promise<void>;
  /**
   * Gives a partition up at once without handing anything over (its holder fell behind its own lease, or failed):
   * the lease is freed, so the next holder (this worker too, in a later round) starts cleanly from the ack floor.
   */
  abandon(partition: number): Promise<void>;
  /** Stops renewing; with `release`, hands every partition back first (graceful shutdown). */
  stop(release: boolean): Promise<void>;
}

interface LeaseValue {
  readonly worker: string;
  readonly instance: string;
  readonly until: number;
}

const partitionKey = (partition: number) => `p${partition}`;
const workerKey = (instance: string) => `w.${instance}`;

/**
 * Partition ownership in a JetStream KV bucket: the lease of partition k is key `p<k>`, taken with create (only if
 * free) or a compare-and-set update on the revision read (only if it ran out), renewed every ttl/3 the same way, so
 * two workers never both hold it. Workers register under `w.<instance>` and each holds its fair share,
 * ceil(partitions / live workers): a new worker gets partitions handed over, a dead one's are taken once its leases
 * run out. Lease times are wall clock: the workers' clocks must agree to well within the ttl (NTP).
 */
export function startPartitionLeases(kv: KV, options: LeaseOptions, handlers: LeaseHandlers): PartitionLeases {
  const now = options.now ?? Date.now;
  const held = new Map<number, { revision: number; until: number }>();
  const busy = new Set<number>();
  const preferred = new Set(options.preferred ?? []);
  const all = Array.from({ length: options.partitions }, (_, p) => p);
  // Each worker starts looking at a different place, so workers do not race for the same free partition.
  const offset = hashOf(options.instance) % options.partitions;
  const rotated = all.map((_, i) => (i + offset) % options.partitions);
  const order = [...rotated.filter((p) => preferred.has(p)), ...rotated.filter((p) => !preferred.has(p))];
  const eligible = options.exclusive ? order.filter((p) => preferred.has(p)) : order;
  const encode = (until: number) => JSON.stringify({ worker: options.worker, instance: options.instance, until } satisfies LeaseValue);
  let stopped = false;
  let running: Promise<void> | undefined;

  const lose = (partition: number) => {
    if (!held.delete(partition)) return;
    handlers.lost(partition);
  };

  const renew = async () => {
    for (const [partition, lease] of [...held]) {
      const until = now() + options.ttlMs;
      try {
        const revision = await kv.update(partitionKey(partition), encode(until), lease.revision);
        if (held.has(partition)) held.set(partition, { revision, until });
      } catch (err) {
        // A refused compare-and-set: someone took it. Any other failure (NATS away): ours until it runs out.
        if (isWrongRevision(err) || now() >= lease.until) lose(partition);
      }
    }
  };

  const liveWorkers = async (): Promise<number> => {
    const live = new Set([options.instance]);
    const keys = await kv.keys('w.>');
    const names: string[] = [];
    for await (const key of keys) names.push(key);
    for (const key of names) {
      const entry = await kv.get(key).catch(() => null);
      if (entry?.operation !== 'PUT') continue;
      const value = parse(entry.string());
      if (value && value.until > now()) live.add(value.instance);
    }
    return live.size;
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
    if (current) await kv.delete(partitionKey(partition), { previousSeq: current.revision }).catch(() => undefined);
  };

  const take = async (partition: number) => {
    const key = partitionKey(partition);
    const entry = await kv.get(key).catch(() => undefined);
    if (entry === undefined) return; // cannot tell: try next round
    const until = now() + options.ttlMs;
    let revision: number;
    try {
      if (!entry || entry.operation !== 'PUT') revision = await kv.create(key, encode(until));
      else {
        const value = parse(entry.string());
        if (value && value.until > now()) return; // someone holds it
        revision = await kv.update(key, encode(until), entry.revision);
      }
    } catch {
      return; // someone was quicker
    }
    held.set(partition, { revision, until });
    busy.add(partition);
    try {
      await handlers.gained(partition, revision);
    } catch {
      // Could not start consuming it: give it back for someone else (or the next round).
      held.delete(partition);
      await kv.delete(key, { previousSeq: revision }).catch(() => undefined);
    } finally {
      busy.delete(partition);
    }
  };

  const round = async () => {
    if (stopped) return;
    await kv.put(workerKey(options.instance), encode(now() + options.ttlMs));
    const target = options.exclusive ? eligible.length : Math.ceil(options.partitions / (await liveWorkers()));
    if (held.size > target) {
      // More than our share: hand over the ones we do not prefer, most recently taken first.
      const extras = [...held.keys()].sort((a, b) => Number(preferred.has(a)) - Number(preferred.has(b)) || b - a).slice(0, held.size - target);
      for (const partition of extras) await release(partition);
    }
    for (const partition of eligible) {
      if (held.size >= target || stopped) break;
      if (!held.has(partition) && !busy.has(partition)) await take(partition);
    }
  };

  const tick = () => {
    running ??= round()
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  // Renewals run on their own timer: a slow hand-over or take in a round never lets the other leases lapse.
  let renewing: Promise<void> | undefined;
  const renewTimer = setInterval(() => {
    renewing ??= renew()
      .catch(() => undefined)
      .finally(() => {
        renewing = undefined;
      });
  }, Math.max(50, Math.floor(options.ttlMs / 3)));
  renewTimer.unref();
  const timer = setInterval(() => void tick(), Math.max(50, Math.floor(options.ttlMs / 3)));
  timer.unref();

  return {
    holds: (partition) => {
      const lease = held.get(partition);
      return lease !== undefined && now() < lease.until;
    },
    held: () => [...held.keys()].sort((a, b) => a - b),
    tick,
    abandon: async (partition) => {
      const lease = held.get(partition);
      if (!lease) return;
      lose(partition);
      await kv.delete(partitionKey(partition), { previousSeq: lease.revision }).catch(() => undefined);
    },
    stop: async (releaseAll) => {
      stopped = true;
      clearInterval(timer);
      clearInterval(renewTimer);
      await running;
      await renewing;
      if (releaseAll) {
        for (const partition of [...held.keys()]) await release(partition).catch(() => undefined);
        await kv.delete(workerKey(options.instance)).catch(() => undefined);
      }
      held.clear();
    },
  };
}

function parse(text: string): LeaseValue | undefined {
  try {
    return JSON.parse(text) as LeaseValue;
  } catch {
    return undefined;
  }
}

function isWrongRevision(err: unknown): boolean {
  return /wrong last sequence/i.test((err as Error).message ?? '');
}

function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
