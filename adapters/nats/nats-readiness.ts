import type { NatsConnection } from '@nats-io/transport-node';
import { connectBus } from './event-stream.js';

/**
 * A readiness check for the bus: a round trip (flush) on a connection of its own, opened on first use and kept, so a
 * NATS outage shows as not ready while the consumers reconnect by themselves.
 */
export function natsReadiness(servers: string): { check: () => Promise<void>; close: () => Promise<void> } {
  let connection: Promise<NatsConnection> | undefined;
  return {
    check: async () => {
      connection ??= connectBus(servers);
      try {
        await (await connection).flush();
      } catch (err) {
        connection = undefined;
        throw err;
      }
    },
    close: async () => {
      const open = await connection?.catch(() => undefined);
      await open?.close();
    },
  };
}
