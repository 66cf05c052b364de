import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';

/** Where the event bus is. */
export interface EventBusConfig {
  readonly servers: string;
  readonly stream: string;
  readonly subjectPrefix: string;
  /** How many partitions calls are spread over; producers and workers must agree. */
  readonly partitions: number;
  /** How long events are kept for replay after a crash (ms). */
  readonly maxAgeMs?: number;
}

/** A clear, retry-worthy error when NATS cannot be reached. */
export class EventBusUnavailable extends Error {
  readonly code = 'CALLCOACH_ADAPTER_NATS_UNAVAILABLE';
  readonly retryable = true;
  constructor(servers: string, cause: unknown) {
    super(`cannot reach NATS at ${servers} (${cause instanceof Error ? cause.message : String(cause)}); check the URL and that nats-server runs with JetStream (-js)`);
    this.name = 'EventBusUnavailable';
  }
}

/** Connects to NATS, turning a refusal into EventBusUnavailable. */
export async function connectBus(servers: string): Promise<NatsConnection> {
  try {
    return await connect({ servers, name: 'callcoach', maxReconnectAttempts: -1, reconnectTimeWait: 1_000 });
  } catch (err) {
    throw new EventBusUnavailable(servers, err);
  }
}

/** Creates the events stream if it does not exist (idempotent; an existing stream is left as configured). */
export async function ensureEventStream(connection: NatsConnection, config: EventBusConfig): Promise<void> {
  const manager = await jetstreamManager(connection);
  try {
    await manager.streams.info(config.stream);
  } catch {
    await manager.streams.add({
      name: config.stream,
      subjects: [`${config.subjectPrefix}.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: (config.maxAgeMs ?? 24 * 3_600_000) * 1_000_000,
      // JetStream drops a repeated Nats-Msg-Id within this window: producers retrying a publish do not duplicate events.
      duplicate_window: 2 * 60_000 * 1_000_000,
    });
  }
}
