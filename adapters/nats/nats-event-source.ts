import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Observable } from 'rxjs';
import { parseEvent, type EngineInput } from '../../engine/index.js';
import { connectBus, ensureEventStream, type EventBusConfig } from './event-stream.js';
import { partitionFilter } from './event-subjects.js';

/** A worker's share of the bus. */
export interface EventSourceOptions extends EventBusConfig {
  /** The partitions this worker owns; together the workers must cover every partition exactly once. */
  readonly ownPartitions: readonly number[];
  /** Durable consumer name: a restarted worker resumes where it left off. */
  readonly durable: string;
}

/**
 * Events from the bus for this worker's partitions, in order per partition, as engine inputs (bad messages become
 * errors naming the stream sequence). One durable consumer per partition (a single filter subject each, which every
 * JetStream server version supports); each message is acknowledged once handed to the engine, so a worker that
 * restarts resumes where it left off: nothing acknowledged is read twice and nothing unread is lost.
 */
export function consumeBusEvents(options: EventSourceOptions): Observable<EngineInput> {
  return new Observable<EngineInput>((subscriber) => {
    let connection: NatsConnection | undefined;
    const running: ConsumerMessages[] = [];
    let closed = false;
    const partition = async (open: NatsConnection, number: number) => {
      const manager = await jetstreamManager(open);
      const durable = `${options.durable}-p${number}`;
      const filter_subject = partitionFilter(options.subjectPrefix, number);
      try {
        await manager.consumers.info(options.stream, durable);
      } catch {
        await manager.consumers.add(options.stream, { durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject });
      }
      const consumer = await jetstream(open).consumers.get(options.stream, durable);
      const messages = await consumer.consume({ max_messages: 512 });
      running.push(messages);
      if (closed) return messages.stop();
      for await (const message of messages) {
        const source = { connection: `nats:${options.stream}`, message: message.seq };
        const parsed = parseEvent(message.string(), source);
        subscriber.next(parsed.ok ? { event: parsed.event, source } : { error: parsed.error });
        message.ack();
      }
    };
    (async () => {
      connection = await connectBus(options.servers);
      await ensureEventStream(connection, options);
      const open = connection;
      await Promise.all(options.ownPartitions.map((p) => partition(open, p)));
    })().catch((err: unknown) => {
      if (!closed) subscriber.error(err);
    });
    return () => {
      closed = true;
      for (const messages of running) messages.stop();
      void connection?.drain().catch(() => undefined);
    };
  });
}
