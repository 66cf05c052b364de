import type { KV } from '@nats-io/kv';
import { callToken } from './event-subjects.js';

/**
 * The calls open on each partition, in a JetStream KV bucket (`p<k>.<call token>` → call id). A call is entered
 * before its call.started is acknowledged and removed once it has closed, so a worker taking a partition over knows
 * every call to rebuild at once, and their timers go on without waiting for the next event of each.
 */
export interface OpenCallsIndex {
  opened(partition: number, callId: string): Promise<void>;
  closed(partition: number, callId: string): Promise<void>;
  list(partition: number): Promise<string[]>;
}

/** The index over a KV bucket. */
export function openCallsIndex(kv: KV): OpenCallsIndex {
  const keyOf = (partition: number, callId: string) => `p${partition}.${callToken(callId)}`;
  return {
    opened: async (partition, callId) => {
      await kv.put(keyOf(partition, callId), callId);
    },
    closed: async (partition, callId) => {
      await kv.delete(keyOf(partition, callId));
    },
    list: async (partition) => {
      const keys: string[] = [];
      for await (const key of await kv.keys(`p${partition}.>`)) keys.push(key);
      const calls: string[] = [];
      for (const key of keys) {
        const entry = await kv.get(key);
        if (entry?.operation === 'PUT') calls.push(entry.string());
      }
      return calls;
    },
  };
}
