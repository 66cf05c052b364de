import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { randomBytes } from 'node:crypto';
import type { OperatorFunction, SchedulerLike } from 'rxjs';
import { ingestError, INGEST_ERROR_CODES, parseEvent, type EngineInput, type EngineOutput } from '../../engine/index.js';
import type { Logger } from '../log/logger.js';
import { CallRunner } from './call-runner.js';
import { connectBus, ensureEventStream, type EventBusConfig } from './event-stream.js';
import { callSubject, partitionFilter } from './event-subjects.js';
import { openCallsIndex, type OpenCallsIndex } from './open-calls-index.js';
import { startPartitionLeases, type PartitionLeases } from './partition-leases.js';
import { readCallMessages, storedAtOf } from './read-call-events.js';
import { retryWithBackoff } from './retry-with-backoff.js';

/** A worker's place on the bus. */
export interface BusWorkerOptions extends EventBusConfig {
  /** This worker's name (logs, leases); several processes may share it (each start is its own instance). */
  readonly worker: string;
  /** Prefix of consumer names (one consumer per partition and holder generation). */
  readonly group?: string;
  /** Partitions to take first; with `exclusive`, the only ones this worker ever holds (static assignment). */
  readonly ownPartitions?: readonly number[];
  readonly exclusive?: boolean;
  /** A partition whose holder has not renewed its lease for this long is taken over (default 6 s). */
  readonly leaseTtlMs?: number;
  /** JetStream redelivers a message not acknowledged (nor marked in progress) within this time (default 30 s). */
  readonly ackWaitMs?: number;
  /** At most this many messages per partition delivered and not yet acknowledged (default 1,000): back-pressure. */
  readonly maxAckPending?: number;
  /**
   * Call clocks: `wall` (default) follows wall time between events, `lagMs` behind (default 500) at `rate` (default
   * 1), so timers fire in quiet stretches; `events` moves a call's clock only with its events (exactly batch's
   * result whatever the delivery speed: tests, recorded calls put on the bus faster than real time).
   */
  readonly clock?: { readonly mode?: 'wall' | 'events'; readonly lagMs?: number; readonly rate?: number };
  /** Backoff of failed store and relay writes (default 100 ms doubling to 5 s). */
  readonly retry?: { readonly initialMs?: number; readonly maxMs?: number };
}

/** What the server gives the worker. */
export interface BusSink {
  /** Every live output, once (metrics, in-process observers, the local feed). */
  observe(output: EngineOutput): void;
  /** The output's durable effects (store, relay); rejects on failure and is retried with backoff until it succeeds. */
  write(output: EngineOutput, dedupeKey: string | undefined): Promise<void>;
  /** An event was taken from the bus. */
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
  writeRetries: number;
}

/** A running worker. */
export interface RunningBusWorker {
  /** Partitions held now. */
  held(): number[];
  readonly stats: BusWorkerStats;
  /** Resolves once the worker is connected and has run its first lease round (rejects if NATS cannot be reached). */
  readonly started: Promise<void>;
  /** With `graceful`, stops taking messages, lets in-flight ones finish and hands its partitions over first. */
  stop(graceful: boolean): Promise<void>;
}

/** The worker as `startServer` takes it: the server supplies the engine and where outputs go. */
export interface BusWorkerFactory {
  start(engine: (scheduler: SchedulerLike) => OperatorFunction<EngineInput, EngineOutput>, reorderWindowMs: number, sink: BusSink): RunningBusWorker;
}

interface PartitionRun {
  readonly partition: number;
  readonly runners: Map<string, CallRunner>;
  /** Calls closed here (bounded): their late events are refused, not rebuilt. */
  readonly ended: Set<string>;
  readonly inflight: Set<JsMsg>;
  /** The first stream sequence this run consumes; everything below it was processed and stored by a holder before. */
  readonly startSeq: number;
  messages?: ConsumerMessages;
  /** The last message taken had nothing behind it: wall time may move the call clocks. */
  caughtUp: boolean;
  /** No more messages are taken (handing over, or lost). */
  draining: boolean;
  /** Lost: nothing more is acknowledged, emitted or written. */
  dead: boolean;
  loop?: Promise<void>;
}

const ENDED_REMEMBERED = 10_000;

/**
 * Events from NATS JetStream for the partitions this worker holds, processed at least once and shown once:
 * - one lease per partition (partition-leases.ts), so each partition, and so each call, has one holder at a time;
 * - a holder's consumer is its own (`<group>-p<k>-g<generation>`): it starts where the previous holders'
 *   acknowledgements reached, and deletes their consumers, so a holder that lost its lease cannot acknowledge more;
 * - a message is acknowledged only after the engine has acted on it and every store and relay write its call had
 *   made by then has succeeded (marked in progress meanwhile, retried with backoff through outages);
 * - a taken-over call is rebuilt by replaying its events below the consumer's start from the stream, silently
 *   (what they caused was stored and shown before they were acknowledged), on the call clock; whatever it produces
 *   again afterwards has the same deterministic ids, so the store upserts and the relay shows it once.
 */
export function natsBusWorker(options: BusWorkerOptions): BusWorkerFactory {
  return { start: (engine, reorderWindowMs, sink) => startBusWorker(options, engine, reorderWindowMs, sink) };
}

function startBusWorker(options: BusWorkerOptions, engine: (scheduler: SchedulerLike) => OperatorFunction<EngineInput, EngineOutput>, reorderWindowMs: number, sink: BusSink): RunningBusWorker {
  const group = options.group ?? 'callcoach';
  const ttlMs = options.leaseTtlMs ?? 6_000;
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const clockMode = options.clock?.mode ?? 'wall';
  const lagMs = options.clock?.lagMs ?? 500;
  const rate = options.clock?.rate ?? 1;
  const instance = `${options.worker.replace(/[^A-Za-z0-9_-]/g, '_')}-${randomBytes(4).toString('hex')}`;
  const runs = new Map<number, PartitionRun>();
  const stats: BusWorkerStats = { processed: 0, acked: 0, replayedCalls: 0, replayedEvents: 0, replayMs: 0, takeovers: 0, writeRetries: 0 };
  const { log } = sink;
  let connection: NatsConnection | undefined;
  let leases: PartitionLeases | undefined;
  let index: OpenCallsIndex | undefined;
  let stopping = false;

  const consumerPrefix = (partition: number) => `${group}-p${partition}-g`;

  const write = (run: PartitionRun, output: EngineOutput, dedupeKey: string | undefined) =>
    retryWithBackoff(() => sink.write(output, dedupeKey), {
      ...options.retry,
      cancelled: () => run.dead,
      onFailure: (err, attempt, waitMs) => {
        stats.writeRetries++;
        if (attempt === 1 || attempt % 10 === 0) log('warn', 'write failed; retrying', { partition: run.partition, output: output.type, attempt, waitMs, error: (err as Error).name });
      },
    }).then(() => undefined);

  const newRunner = (run: PartitionRun, callId: string) => {
    const runner = new CallRunner(callId, engine, reorderWindowMs, (output, mode, dedupeKey) => {
      if (output.type === 'call.closed' && run.runners.get(callId) === runner) {
        run.runners.delete(callId);
        run.ended.add(callId);
        if (run.ended.size > ENDED_REMEMBERED) run.ended.delete(run.ended.values().next().value as string);
        if (!run.dead) void index?.closed(run.partition, callId).catch(() => undefined);
      }
      if (mode === 'replay' || run.dead) return undefined;
      sink.observe(output);
      return write(run, output, dedupeKey);
    });
    run.runners.set(callId, runner);
    return runner;
  };

  /** Rebuilds a call from its events below the run's start (they were processed and stored before). */
  const rebuild = async (open: NatsConnection, run: PartitionRun, runner: CallRunner) => {
    const started = performance.now();
    const stored = await readCallMessages(open, options.stream, callSubject(options.subjectPrefix, options.partitions, runner.callId), run.startSeq);
    let events = 0;
    for (const message of stored) {
      if (run.dead) return;
      const source = { connection: `nats:${options.stream}`, message: message.seq };
      const parsed = parseEvent(message.data, source);
      if (!parsed.ok) continue;
      void runner.feed({ event: parsed.event, source }, message.seq, message.storedAtMs, 'replay');
      events++;
    }
    stats.replayedCalls++;
    stats.replayedEvents += events;
    stats.replayMs += performance.now() - started;
  };

  const refuse = (run: PartitionRun, message: JsMsg, output: EngineOutput) => {
    sink.observe(output);
    if (!run.dead) message.ack();
  };

  const handle = async (open: NatsConnection, run: PartitionRun, message: JsMsg) => {
    if (run.draining) return;
    if (!leases?.holds(run.partition)) {
      // Our lease ran out by our own clock. A partition is processed strictly in order, so it cannot skip this
      // message and go on: the run ends here, and the next holder (maybe us again) starts from the ack floor.
      log('warn', 'lease ran out while processing; partition given up', { partition: run.partition });
      await leases?.abandon(run.partition);
      return;
    }
    run.caughtUp = message.info.pending === 0;
    const source = { connection: `nats:${options.stream}`, message: message.seq };
    const parsed = parseEvent(message.string(), source);
    if (!parsed.ok) return refuse(run, message, { type: 'rejected', error: parsed.error });
    const { event } = parsed;
    sink.eventIn?.(event.type);
    let runner = run.runners.get(event.callId);
    if (!runner) {
      if (run.ended.has(event.callId)) {
        const error = ingestError(INGEST_ERROR_CODES.CALL_ALREADY_ENDED, `call ${event.callId} already ended and was closed; its ${event.type} is ignored`, { callId: event.callId, eventType: event.type, source });
        return refuse(run, message, { type: 'rejected', error });
      }
      runner = newRunner(run, event.callId);
      if (event.type !== 'call.started') await rebuild(open, run, runner);
      if (run.dead) return;
      if (runner.closed) {
        const error = ingestError(INGEST_ERROR_CODES.CALL_ALREADY_ENDED, `call ${event.callId} already ended and was closed; its ${event.type} is ignored`, { callId: event.callId, eventType: event.type, source });
        return refuse(run, message, { type: 'rejected', error });
      }
    }
    if (message.seq <= runner.lastSeq) {
      // Redelivered after it was fed here (its ack wait ran out): it settles with the original.
      return;
    }
    stats.processed++;
    run.inflight.add(message);
    const processed = runner.feed({ event, source }, message.seq, storedAtOf(message), 'live');
    // A call is in the index before its start is acknowledged, so a takeover always knows to rebuild it.
    const indexed = event.type === 'call.started' && index ? retryWithBackoff(() => (index as OpenCallsIndex).opened(run.partition, event.callId), { cancelled: () => run.dead }) : undefined;
    void Promise.all([processed, indexed]).then(() => {
      run.inflight.delete(message);
      if (run.dead) return;
      message.ack();
      stats.acked++;
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
    const from = previous.length > 0 ? Math.min(...previous.map((p) => p.from)) : 1;
    const name = `${consumerPrefix(partition)}${generation}`;
    await manager.consumers.add(options.stream, {
      durable_name: name,
      ack_policy: AckPolicy.Explicit,
      ack_wait: ackWaitMs * 1_000_000,
      max_ack_pending: options.maxAckPending ?? 1_000,
      filter_subject: partitionFilter(options.subjectPrefix, partition),
      ...(from > 1 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from } : { deliver_policy: DeliverPolicy.All }),
    });
    // A holder that lost its lease without noticing can no longer acknowledge (or take) anything.
    for (const old of previous) if (old.name !== name) await manager.consumers.delete(options.stream, old.name).catch(() => undefined);
    const run: PartitionRun = { partition, runners: new Map(), ended: new Set(), inflight: new Set(), startSeq: from, caughtUp: false, draining: false, dead: false };
    runs.set(partition, run);
    if (previous.length > 0) stats.takeovers++;
    log('info', 'partition taken', { partition, consumer: name, from, previousHolders: previous.length });
    // Rebuilding and consuming go on in the background: the lease keeps being renewed meanwhile.
    run.loop = (async () => {
      const openCalls = (await index?.list(partition).catch(() => [] as string[])) ?? [];
      for (const callId of openCalls) {
        if (run.dead || run.draining) return;
        if (run.runners.has(callId)) continue;
        const runner = newRunner(run, callId);
        await rebuild(open, run, runner);
        if (runner.closed || runner.lastSeq === 0) run.runners.delete(callId);
      }
      if (openCalls.length > 0) log('info', 'calls rebuilt from the bus', { partition, calls: openCalls.length });
      const consumer = await jetstream(open).consumers.get(options.stream, name);
      // Nothing queued: rebuilt calls' clocks may follow wall time at once (their timers go on in quiet stretches).
      run.caughtUp = (await consumer.info()).num_pending === 0;
      const messages = await consumer.consume({ max_messages: 256 });
      run.messages = messages;
      if (run.draining) await messages.close().catch(() => undefined);
      for await (const message of messages) {
        if (run.draining) break;
        try {
          await handle(open, run, message);
        } catch (err) {
          // Skipping a message would break the partition's order: give the partition up and start again cleanly.
          log('error', 'bus message failed; partition given up', { partition, message: message.seq, error: (err as Error).name });
          await leases?.abandon(partition);
          break;
        }
      }
    })().catch((err: unknown) => log('error', 'partition stopped', { partition, error: (err as Error).name }));
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
    await run.loop;
    // Let in-flight messages settle (reorder windows pass, writes complete), within half a lease; what does not is
    // redelivered to the next holder, which rebuilds those calls.
    const deadline = Date.now() + ttlMs / 2;
    while (run.inflight.size > 0 && Date.now() < deadline) {
      if (clockMode === 'wall') for (const runner of run.runners.values()) runner.pump(Date.now() + reorderWindowMs + lagMs, lagMs, rate);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    runs.delete(partition);
    run.dead = true;
    for (const runner of run.runners.values()) runner.stop();
    log('info', 'partition handed over', { partition, unsettled: run.inflight.size });
  };

  // Call clocks follow wall time between events, only where the partition has no backlog (queued events move their
  // calls' clocks themselves, exactly).
  const pump =
    clockMode === 'wall'
      ? setInterval(() => {
          const now = Date.now();
          for (const run of runs.values()) {
            if (!run.caughtUp || run.draining) continue;
            for (const runner of run.runners.values()) runner.pump(now, lagMs, rate);
          }
        }, 50)
      : undefined;
  // A message waiting on its call's next event or a slow store is marked in progress rather than redelivered.
  const working = setInterval(() => {
    for (const run of runs.values()) for (const message of run.inflight) message.working();
  }, Math.max(200, Math.floor(ackWaitMs / 3)));

  const started = (async () => {
    connection = await connectBus(options.servers);
    await ensureEventStream(connection, options);
    const kvm = new Kvm(connection);
    const keepMs = options.maxAgeMs ?? 24 * 3_600_000;
    const owners = await kvm.create(`${options.stream}_OWNERS`, { history: 1, ttl: Math.max(3_600_000, ttlMs * 100) });
    index = openCallsIndex(await kvm.create(`${options.stream}_CALLS`, { history: 1, ttl: keepMs }));
    leases = startPartitionLeases(
      owners,
      { partitions: options.partitions, worker: options.worker, instance, ttlMs, ...(options.ownPartitions ? { preferred: options.ownPartitions } : {}), ...(options.exclusive ? { exclusive: true } : {}) },
      { gained, lost, releasing },
    );
    if (stopping) return;
    await leases.tick();
  })();
  started.catch((err: unknown) => log('error', 'event bus unavailable', { error: (err as Error).message }));

  return {
    held: () => leases?.held() ?? [],
    stats,
    started,
    stop: async (graceful) => {
      stopping = true;
      if (pump) clearInterval(pump);
      clearInterval(working);
      await started.catch(() => undefined);
      await leases?.stop(graceful);
      for (const partition of [...runs.keys()]) lost(partition);
      await connection?.drain().catch(() => undefined);
    },
  };
}
