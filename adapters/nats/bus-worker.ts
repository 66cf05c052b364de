import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { OperatorFunction, SchedulerLike } from 'rxjs';
import { parseEvent, type EngineInput, type EngineOutput } from '../../engine/index.js';
import type { Logger } from '../log/logger.js';
import { CallRunner, type OutputMode } from './call-runner.js';
import { connectBus, ensureEventStream, type EventBusConfig } from './event-stream.js';
import { callSubject, partitionFilter } from './event-subjects.js';
import { startPartitionLeases, type PartitionLeases } from './partition-leases.js';

/** A worker's place on the bus. */
export interface BusWorkerOptions extends EventBusConfig {
  /** This worker's name; unique among the live workers (a restarted worker may reuse its name). */
  readonly worker: string;
  /** Prefix of the consumers' names (one consumer per partition, shared by whoever holds the partition). */
  readonly group?: string;
  /** Partitions to take first; with `exclusive`, the only ones this worker ever holds (static assignment). */
  readonly ownPartitions?: readonly number[];
  readonly exclusive?: boolean;
  /** A partition whose holder has not renewed its lease for this long is taken over (default 6 s). */
  readonly leaseTtlMs?: number;
  /** JetStream redelivers a message not acknowledged (nor marked in progress) within this time (default 30 s). */
  readonly ackWaitMs?: number;
  /** At most this many messages per partition in flight, unacknowledged (default 1,000): back-pressure on a slow store. */
  readonly maxAckPending?: number;
  /** How call clocks follow wall time between events: `lagMs` behind the last event's pace (default 300), at `rate` (default 1). */
  readonly clock?: { readonly lagMs?: number; readonly rate?: number };
}

/** What the server gives the worker: where live outputs go. */
export interface BusSink {
  /** A live output of a bus call (feed, relay, metrics); returns the store write it caused, settling once written. */
  emit(output: EngineOutput): Promise<void> | undefined;
  /** Counted when an event is taken from the bus. */
  eventIn?(type: string): void;
  readonly log: Logger;
}

/** Counters for tests and benchmarks. */
export interface BusWorkerStats {
  processed: number;
  acked: number;
  replayedCalls: number;
  replayedEvents: number;
  replayMs: number;
  takeovers: number;
}

/** A running worker. */
export interface RunningBusWorker {
  /** Partitions held now. */
  held(): number[];
  readonly stats: BusWorkerStats;
  /** With `graceful`, finishes what is in flight and hands its partitions to the other workers first. */
  stop(graceful: boolean): Promise<void>;
}

/** The event bus as `startServer`'s `busEvents`: the server hands it an engine factory and a sink. */
export interface BusEventSource {
  start(engine: (scheduler: SchedulerLike) => OperatorFunction<EngineInput, EngineOutput>, reorderWindowMs: number, sink: BusSink): RunningBusWorker;
}

interface PartitionRun {
  readonly partition: number;
  readonly runners: Map<string, CallRunner>;
  readonly inflight: Set<JsMsg>;
  messages?: ConsumerMessages;
  /** The last message taken had nothing behind it: wall time may move the calls' clocks. */
  caughtUp: boolean;
  /** No more messages are processed (handing over, or lost). */
  draining: boolean;
  /** Lost: nothing more is acknowledged either. */
  dead: boolean;
  loop?: Promise<void>;
}

/**
 * Events from NATS JetStream for the partitions this worker holds, with at-least-once processing:
 * - one lease per partition (partition-leases.ts) so a partition has one worker at a time;
 * - on taking a partition, a consumer of its own generation starts where the previous holder's acknowledgements
 *   reached (the old consumers are deleted, so a worker that lost its lease cannot acknowledge any more);
 * - a message is acknowledged only after the engine has processed it and every store write of its call so far has
 *   completed (marked in progress meanwhile, so a slow store does not make JetStream redeliver);
 * - a call this worker has not seen is first rebuilt by replaying its events from the stream (its own subject),
 *   silently: those events were acknowledged, so what they caused was already stored and shown.
 */
export function natsBusWorker(options: BusWorkerOptions): BusEventSource {
  return {
    start: (engine, reorderWindowMs, sink) => startBusWorker(options, engine, reorderWindowMs, sink),
  };
}

function startBusWorker(options: BusWorkerOptions, engine: (scheduler: SchedulerLike) => OperatorFunction<EngineInput, EngineOutput>, reorderWindowMs: number, sink: BusSink): RunningBusWorker {
  const group = options.group ?? 'callcoach';
  const ttlMs = options.leaseTtlMs ?? 6_000;
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const lagMs = options.clock?.lagMs ?? 300;
  const rate = options.clock?.rate ?? 1;
  const runs = new Map<number, PartitionRun>();
  const stats: BusWorkerStats = { processed: 0, acked: 0, replayedCalls: 0, replayedEvents: 0, replayMs: 0, takeovers: 0 };
  const { log } = sink;
  let connection: NatsConnection | undefined;
  let leases: PartitionLeases | undefined;
  let stopping = false;

  const consumerPrefix = (partition: number) => `${group}-p${partition}-g`;

  const newRunner = (run: PartitionRun, callId: string) => {
    const runner = new CallRunner(callId, engine, reorderWindowMs, (output: EngineOutput, mode: OutputMode, self: CallRunner) => {
      if (output.type === 'call.closed' && run.runners.get(callId) === self) run.runners.delete(callId);
      if (mode === 'replay' || run.dead) return;
      const write = sink.emit(output);
      if (write) self.written = Promise.all([self.written, write]).then(() => undefined);
    });
    run.runners.set(callId, runner);
    return runner;
  };

  const replay = async (open: NatsConnection, run: PartitionRun, runner: CallRunner, callId: string, beforeSeq: number) => {
    const started = performance.now();
    const consumer = await jetstream(open).consumers.get(options.stream, { filter_subjects: callSubject(options.subjectPrefix, options.partitions, callId) });
    const messages = await consumer.consume({ max_messages: 512 });
    let events = 0;
    try {
      for await (const message of messages) {
        if (message.seq >= beforeSeq || run.dead) break;
        const source = { connection: `nats:${options.stream}`, message: message.seq };
        const parsed = parseEvent(message.string(), source);
        if (parsed.ok) {
          runner.feed({ event: parsed.event, source }, message.seq, storedAt(message), 'replay');
          events++;
        }
      }
    } finally {
      await messages.close().catch(() => undefined);
    }
    stats.replayedCalls++;
    stats.replayedEvents += events;
    stats.replayMs += performance.now() - started;
    if (events > 0) log('info', 'call rebuilt from the bus', { callId, partition: run.partition, events, ms: Math.round(performance.now() - started) });
  };

  const handle = async (open: NatsConnection, run: PartitionRun, message: JsMsg) => {
    if (run.draining || !leases?.holds(run.partition)) return; // not ours to process: the next holder gets it
    run.caughtUp = message.info.pending === 0;
    const source = { connection: `nats:${options.stream}`, message: message.seq };
    const parsed = parseEvent(message.string(), source);
    if (!parsed.ok) {
      sink.emit({ type: 'rejected', error: parsed.error });
      message.ack();
      return;
    }
    const { event } = parsed;
    sink.eventIn?.(event.type);
    let runner = run.runners.get(event.callId);
    if (runner && message.seq <= runner.lastSeq) {
      // A redelivery of a message already processed here: acknowledge it once its call's writes are done.
      void runner.written.then(() => {
        if (!run.dead) message.ack();
      });
      return;
    }
    if (!runner) {
      runner = newRunner(run, event.callId);
      if (event.type !== 'call.started') await replay(open, run, runner, event.callId, message.seq);
      if (run.draining) return;
    }
    stats.processed++;
    run.inflight.add(message);
    const self = runner;
    self.feed({ event, source }, message.seq, storedAt(message), 'live', () => {
      void self.written.then(() => {
        run.inflight.delete(message);
        if (run.dead) return;
        message.ack();
        stats.acked++;
      });
    });
  };

  const gained = async (partition: number, generation: number) => {
    const open = connection as NatsConnection;
    const manager = await jetstreamManager(open);
    // Where the previous holders' acknowledgements reached: everything up to there was processed and stored.
    const previous: Array<{ name: string; from: number }> = [];
    for await (const info of manager.consumers.list(options.stream)) {
      if (!info.name.startsWith(consumerPrefix(partition))) continue;
      previous.push({ name: info.name, from: Math.max(info.ack_floor.stream_seq, (info.config.opt_start_seq ?? 1) - 1) + 1 });
    }
    const from = previous.length > 0 ? Math.min(...previous.map((p) => p.from)) : undefined;
    const name = `${consumerPrefix(partition)}${generation}`;
    await manager.consumers.add(options.stream, {
      durable_name: name,
      ack_policy: AckPolicy.Explicit,
      ack_wait: ackWaitMs * 1_000_000,
      max_ack_pending: options.maxAckPending ?? 1_000,
      filter_subject: partitionFilter(options.subjectPrefix, partition),
      ...(from !== undefined ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from } : { deliver_policy: DeliverPolicy.All }),
    });
    // A holder that lost its lease without noticing can no longer acknowledge (or take) anything.
    for (const old of previous) if (old.name !== name) await manager.consumers.delete(options.stream, old.name).catch(() => undefined);
    const run: PartitionRun = { partition, runners: new Map(), inflight: new Set(), caughtUp: false, draining: false, dead: false };
    runs.set(partition, run);
    if (previous.length > 0) stats.takeovers++;
    const consumer = await jetstream(open).consumers.get(options.stream, name);
    const messages = await consumer.consume({ max_messages: 256 });
    run.messages = messages;
    log('info', 'partition taken', { partition, consumer: name, from: from ?? 1 });
    run.loop = (async () => {
      for await (const message of messages) {
        if (run.draining) break;
        try {
          await handle(open, run, message);
        } catch (err) {
          log('error', 'bus message failed', { partition, message: message.seq, error: (err as Error).name });
        }
      }
    })();
  };

  const lost = (partition: number) => {
    const run = runs.get(partition);
    if (!run) return;
    runs.delete(partition);
    run.draining = true;
    run.dead = true;
    void run.messages?.close().catch(() => undefined);
    for (const runner of run.runners.values()) runner.stop();
    log('warn', 'partition lost', { partition, calls: run.runners.size });
  };

  const releasing = async (partition: number) => {
    const run = runs.get(partition);
    if (!run) return;
    run.draining = true;
    await run.messages?.close().catch(() => undefined);
    await run.loop?.catch(() => undefined);
    // Let in-flight messages finish (their reorder windows pass, their writes complete), within half a lease.
    const deadline = Date.now() + ttlMs / 2;
    while (run.inflight.size > 0 && Date.now() < deadline) {
      for (const runner of run.runners.values()) runner.pump(Date.now() + reorderWindowMs + lagMs, lagMs, rate);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    runs.delete(partition);
    run.dead = true;
    for (const runner of run.runners.values()) runner.stop();
    log('info', 'partition handed over', { partition, unfinished: run.inflight.size });
  };

  // Call clocks follow wall time between events (only where the partition has no backlog: events still queued will
  // move their calls' clocks themselves, exactly).
  const pump = setInterval(() => {
    const now = Date.now();
    for (const run of runs.values()) {
      if (!run.caughtUp || run.draining) continue;
      for (const runner of run.runners.values()) runner.pump(now, lagMs, rate);
    }
  }, 50);
  // A message whose writes wait on a slow or failing store is marked in progress rather than redelivered.
  const working = setInterval(() => {
    for (const run of runs.values()) for (const message of run.inflight) message.working();
  }, Math.max(200, Math.floor(ackWaitMs / 3)));

  const started = (async () => {
    connection = await connectBus(options.servers);
    await ensureEventStream(connection, options);
    leases = await startPartitionLeases(
      connection,
      { stream: options.stream, subjectPrefix: options.subjectPrefix, partitions: options.partitions, worker: options.worker, ttlMs, ...(options.ownPartitions ? { preferred: options.ownPartitions } : {}), ...(options.exclusive ? { exclusive: true } : {}) },
      { gained, lost, releasing },
    );
    if (stopping) return;
    await leases.tick();
  })().catch((err: unknown) => {
    log('error', 'event bus unavailable', { error: (err as Error).message });
  });

  return {
    held: () => leases?.held() ?? [],
    stats,
    stop: async (graceful) => {
      stopping = true;
      clearInterval(pump);
      clearInterval(working);
      await started;
      await leases?.stop(graceful);
      for (const partition of [...runs.keys()]) lost(partition);
      await connection?.drain().catch(() => undefined);
    },
  };
}

/** When JetStream stored the message (wall ms), never in our future. */
function storedAt(message: JsMsg): number {
  return Math.min(Date.now(), Number(message.timestampNanos / 1_000_000n));
}
