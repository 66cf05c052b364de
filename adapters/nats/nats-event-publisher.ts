import { jetstream } from '@nats-io/jetstream';
import type { CallEvent } from '../../engine/index.js';
import { connectBus, ensureEventStream, type EventBusConfig } from './event-stream.js';
import { callSubject } from './event-subjects.js';

/** Publishes protocol v1 events onto the bus, each call to its partition, waiting for JetStream's acknowledgement. */
export interface EventPublisher {
  publish(event: CallEvent): Promise<void>;
  close(): Promise<void>;
}

/** Opens a publisher (creating the stream if needed). Events with an eventId are de-duplicated by JetStream. */
export async function openEventPublisher(config: EventBusConfig): Promise<EventPublisher> {
  const connection = await connectBus(config.servers);
  await ensureEventStream(connection, config);
  const js = jetstream(connection);
  return {
    publish: async (event) => {
      // <prefix>.<partition>.<call>: a call stays in one partition, in publish order, and can be read back alone.
      const subject = callSubject(config.subjectPrefix, config.partitions, event.callId);
      await js.publish(subject, JSON.stringify(event), event.eventId !== undefined ? { msgID: `${event.callId}/${event.eventId}` } : {});
    },
    close: () => connection.drain(),
  };
}
