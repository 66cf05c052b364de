import { DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/** One message of a call read back from the stream. */
export interface StoredCallMessage {
  readonly seq: number;
  readonly data: string;
  /** When JetStream stored it (wall ms). */
  readonly storedAtMs: number;
}

/**
 * A call's messages with stream sequence below `beforeSeq`, oldest first, read back from its own subject (the stream
 * is the source of truth for a call's state). An ordered consumer, so nothing is left behind on the server.
 */
export async function readCallMessages(connection: NatsConnection, stream: string, subject: string, beforeSeq: number): Promise<StoredCallMessage[]> {
  const manager = await jetstreamManager(connection);
  // The subject's newest message says where to stop reading (a consumer on a subject with nothing left would wait).
  const last = await manager.streams.getMessage(stream, { last_by_subj: subject }).catch(() => null);
  if (!last) return [];
  const until = Math.min(last.seq, beforeSeq - 1);
  const out: StoredCallMessage[] = [];
  const consumer = await jetstream(connection).consumers.get(stream, { filter_subjects: subject, deliver_policy: DeliverPolicy.All });
  const messages = await consumer.consume({ max_messages: 256 });
  try {
    for await (const message of messages as AsyncIterable<JsMsg>) {
      if (message.seq > until) break;
      out.push({ seq: message.seq, data: message.string(), storedAtMs: storedAtOf(message) });
      if (message.seq >= until || message.info.pending === 0) break;
    }
  } finally {
    await messages.close().catch(() => undefined);
  }
  return out;
}

/** When JetStream stored a message (wall ms). */
export function storedAtOf(message: JsMsg): number {
  return Number(message.timestampNanos / 1_000_000n);
}
