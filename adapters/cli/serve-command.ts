import { join } from 'node:path';
import type { SchedulerLike } from 'rxjs';
import { formatProblem } from '../../rules/compiler/pack-problem.js';
import { watchPacks } from '../packs/watch-packs.js';
import { createLogger } from '../log/logger.js';
import { startServer, type RunningServer } from '../server/create-server.js';
import { openFindingStore } from '../store/open-finding-store.js';
import type { FindingStore } from '../store/finding-store.js';
import { CliError } from './cli-error.js';
import { DEFAULT_EVENT_STREAM, DEFAULT_EVENT_SUBJECT_PREFIX, parsePartitions } from '../nats/event-subjects.js';
import { consumeBusEvents } from '../nats/nats-event-source.js';
import { openRedisFeedRelay } from '../redis/redis-feed-relay.js';
import { parseCliArgs } from './parse-cli-args.js';

const USAGE =
  'callcoach serve [--port 8080] [--host 127.0.0.1] [--pack id|path]... [--store file.sqlite|postgres://…] [--reorder-window-ms N] [--log-json] [--no-watch]\n' +
  '                [--nats nats://… [--partitions 16] [--own-partitions 0-15] [--worker name]] [--redis redis://…]';

/** Options shared by `serve` and `start`. */
export const SERVE_OPTIONS = {
  port: { type: 'string', default: '8080' },
  host: { type: 'string', default: '127.0.0.1' },
  pack: { type: 'string', multiple: true },
  store: { type: 'string' },
  'reorder-window-ms': { type: 'string' },
  'log-json': { type: 'boolean' },
  nats: { type: 'string' },
  partitions: { type: 'string', default: '16' },
  'own-partitions': { type: 'string' },
  worker: { type: 'string' },
  redis: { type: 'string' },
  'no-watch': { type: 'boolean' },
} as const;

type ServeValues = { port?: string; host?: string; pack?: string[]; store?: string; 'reorder-window-ms'?: string; 'log-json'?: boolean; nats?: string; partitions?: string; 'own-partitions'?: string; worker?: string; redis?: string; 'no-watch'?: boolean };

/** Parsed serve options to a running server (and its store). Environment: CALLCOACH_STORE overrides the default store. */
export async function launchServer(
  command: string,
  values: ServeValues,
  scheduler?: SchedulerLike,
): Promise<{ server: RunningServer; store: FindingStore; stop: () => Promise<void> }> {
  const port = Number(values.port ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`${command}: --port must be a port number (0-65535)`);
  const reorder = values['reorder-window-ms'];
  const reorderWindowMs = reorder === undefined ? undefined : Number(reorder);
  if (reorderWindowMs !== undefined && !(Number.isInteger(reorderWindowMs) && reorderWindowMs >= 0)) throw new CliError(`${command}: --reorder-window-ms must be a whole number of milliseconds`);
  const log = createLogger({ json: values['log-json'] === true });
  // Packs reload when their files change: a good edit swaps in for new calls, a broken one is rejected and the
  // version in force keeps serving (calls in progress keep the version they started with).
  const packs = watchPacks(values.pack ?? [], { watch: values['no-watch'] !== true });
  const reloads = packs.reloads.subscribe((event) => {
    if (event.type === 'loaded') log('info', 'pack reloaded', { pack: event.packId, version: event.version, previous: event.previousVersion, warnings: event.warnings.length });
    else {
      log('error', 'pack change rejected; the previous version stays live', { pack: event.packId, kept: event.keptVersion, problems: event.problems.length });
      for (const problem of event.problems) log('error', formatProblem(problem));
    }
  });
  const busEvents = values.nats ? busSource(command, values) : undefined;
  const redisUrl = values.redis ?? process.env.CALLCOACH_REDIS_URL;
  const relay = redisUrl ? await openRelay(command, redisUrl) : undefined;
  const store = await openFindingStore(values.store ?? process.env.CALLCOACH_STORE ?? join('.callcoach', 'findings.sqlite'));
  try {
    const server = await startServer({
      port,
      host: values.host ?? '127.0.0.1',
      packs: packs.current,
      log,
      store,
      ...(reorderWindowMs !== undefined ? { engine: { reorderWindowMs } } : {}),
      ...(scheduler ? { scheduler } : {}),
      ...(busEvents ? { busEvents } : {}),
      ...(relay ? { relay } : {}),
    });
    log('info', 'serving', { url: server.url, packs: packs.current().map((p) => `${p.id}@${p.version}`).join(','), store: store.kind, bus: values.nats ? 'nats' : undefined, relay: relay ? 'redis' : undefined });
    const stop = async () => {
      await server.close();
      reloads.unsubscribe();
      packs.close();
      await relay?.close();
      await store.close();
    };
    return { server, store, stop };
  } catch (err) {
    reloads.unsubscribe();
    packs.close();
    await relay?.close();
    await store.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`${command}: port ${port} is already in use; choose another with --port`);
    throw err;
  }
}

function busSource(command: string, values: ServeValues) {
  const partitions = Number(values.partitions ?? '16');
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1024) throw new CliError(`${command}: --partitions must be a whole number from 1 to 1024`);
  let own: number[];
  try {
    own = parsePartitions(values['own-partitions'] ?? `0-${partitions - 1}`, partitions);
  } catch (err) {
    throw new CliError(`${command}: --own-partitions: ${(err as Error).message}`);
  }
  return consumeBusEvents({
    servers: values.nats as string,
    stream: DEFAULT_EVENT_STREAM,
    subjectPrefix: DEFAULT_EVENT_SUBJECT_PREFIX,
    partitions,
    ownPartitions: own,
    durable: `callcoach-${values.worker ?? `p${own.join('_')}`}`.replace(/[^A-Za-z0-9_-]/g, '_'),
  });
}

async function openRelay(command: string, url: string) {
  try {
    return await openRedisFeedRelay(url);
  } catch (err) {
    throw new CliError(`${command}: ${(err as Error).message}`);
  }
}

/** `callcoach serve`: WebSocket ingest, a WebSocket nudge feed and the overlay page. Runs until interrupted. */
export async function serveCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCliArgs('serve', argv, SERVE_OPTIONS, USAGE);
  if (positionals.length > 0) throw new CliError(`serve: unexpected argument ${positionals[0]}\nusage: ${USAGE}`);
  const { server, stop } = await launchServer('serve', values);
  process.stdout.write(
    `callcoach serving on ${server.url}\n  overlay:  ${server.url}/\n  review:   ${server.url}/review\n  ingest:   ${server.url.replace('http', 'ws')}/ingest\n  nudges:   ${server.url.replace('http', 'ws')}/nudges?agent=<id>\n`,
  );
  await untilInterrupted();
  await stop();
  return 0;
}

/** Resolves on SIGINT or SIGTERM. */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
