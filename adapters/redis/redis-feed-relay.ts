import { createClient } from '@redis/client';
import { Subject, type Observable } from 'rxjs';
import type { EngineOutput } from '../../engine/index.js';

/** The Redis channel overlay feeds listen on. */
export const DEFAULT_FEED_CHANNEL = 'callcoach:feed';

const FEED_TYPES = new Set<EngineOutput['type']>(['call.opened', 'nudge', 'nudge.retracted', 'call.state', 'finding', 'call.closed']);

/**
 * Fans nudges out across server instances: every engine publishes what overlays need to one Redis channel, and every
 * instance's feed subscribes to it, so an agent's overlay may connect to any instance, wherever the call is processed.
 */
export interface FeedRelay {
  /** Publishes an engine output if overlays care about it. */
  publish(output: EngineOutput): Promise<void>;
  /**
   * Publishes it unless an output with the same `dedupeKey` was published before (by any instance, within the
   * remembered time): remembering and publishing are one atomic step in Redis, so after a failover a replayed nudge
   * reaches the overlay exactly once, and a worker dying mid-way leaves it either sent and remembered, or neither.
   */
  publishOnce(output: EngineOutput, dedupeKey: string | undefined): Promise<void>;
  /** Everything published by any instance (this one included). */
  readonly messages: Observable<EngineOutput>;
  /** A round trip to Redis (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** How long a published key is remembered: longer than any call plus the bus's replay window. */
export const DEFAULT_DEDUPE_SECONDS = 24 * 3600;

// SET NX and PUBLISH in one script: Redis runs it whole or not at all.
const PUBLISH_ONCE = `if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then redis.call('PUBLISH', ARGV[3], ARGV[1]) return 1 end return 0`;

/** Connects a relay: one connection to publish, one to subscribe (Redis requires a dedicated subscriber). */
export async function openRedisFeedRelay(url: string, channel = DEFAULT_FEED_CHANNEL, options: { dedupeSeconds?: number } = {}): Promise<FeedRelay> {
  const dedupeSeconds = options.dedupeSeconds ?? DEFAULT_DEDUPE_SECONDS;
  // Fail fast at start-up (a wrong URL is an operator's mistake); once connected, ride out restarts of Redis.
  let connected = false;
  const reconnectStrategy = (retries: number, cause: Error) => (connected ? Math.min(retries * 200, 5_000) : new Error(cause.message));
  const publisher = createClient({ url, socket: { reconnectStrategy } });
  const subscriber = publisher.duplicate();
  publisher.on('error', () => undefined);
  subscriber.on('error', () => undefined);
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    connected = true;
  } catch (err) {
    await Promise.allSettled([publisher.destroy(), subscriber.destroy()]);
    throw Object.assign(new Error(`cannot reach Redis at ${url} (${(err as Error).message}); check the URL and that redis-server runs`), {
      code: 'CALLCOACH_ADAPTER_REDIS_UNAVAILABLE',
      retryable: true,
    });
  }
  // Subscribed before the relay is handed out, so nothing published afterwards is missed.
  const messages = new Subject<EngineOutput>();
  await subscriber.subscribe(channel, (message: string) => messages.next(JSON.parse(message) as EngineOutput));
  return {
    publish: async (output) => {
      if (FEED_TYPES.has(output.type)) await publisher.publish(channel, JSON.stringify(output));
    },
    publishOnce: async (output, dedupeKey) => {
      if (!FEED_TYPES.has(output.type)) return;
      if (dedupeKey === undefined) await publisher.publish(channel, JSON.stringify(output));
      else await publisher.eval(PUBLISH_ONCE, { keys: [`${channel}:sent:${dedupeKey}`], arguments: [JSON.stringify(output), String(dedupeSeconds), channel] });
    },
    messages: messages.asObservable(),
    ping: async () => {
      await publisher.ping();
    },
    close: async () => {
      messages.complete();
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}
