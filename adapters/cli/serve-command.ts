import { hostname } from 'node:os';
import { join } from 'node:path';
import { PERSONAL_DATA_KINDS, redactionFor, type PersonalDataKind, type RedactionPolicy } from '../../engine/index.js';
import type { SchedulerLike } from 'rxjs';
import { formatProblem } from '../../rules/compiler/pack-problem.js';
import { watchPacks } from '../packs/watch-packs.js';
import { createLogger } from '../log/logger.js';
import { installProcessGuards } from '../metrics/process-guards.js';
import { ServerMetrics } from '../metrics/server-metrics.js';
import { startServer, type RunningServer } from '../server/create-server.js';
import { openFindingStore } from '../store/open-finding-store.js';
import { openQaStore } from '../store/qa/open-qa-store.js';
import type { QaStore } from '../store/qa/qa-store.js';
import { QaWorkspace } from '../qa/qa-workspace.js';
import type { FindingStore } from '../store/finding-store.js';
import { CliError } from './cli-error.js';
import { DEFAULT_EVENT_STREAM, DEFAULT_EVENT_SUBJECT_PREFIX, parsePartitions } from '../nats/event-subjects.js';
import { natsBusWorker } from '../nats/bus-worker.js';
import { natsReadiness } from '../nats/nats-readiness.js';
import { DEFAULT_FEED_CHANNEL, openRedisFeedRelay } from '../redis/redis-feed-relay.js';
import { parseCliArgs } from './parse-cli-args.js';
import { AUTH_OPTIONS, resolveAuth, type AuthValues, type ResolvedAuth } from './auth-options.js';
import { CONNECTOR_OPTIONS, resolveConnectors, type ConnectorValues } from './connector-options.js';

const USAGE =
  'callcoach serve [--port 8080] [--host 127.0.0.1] [--pack id|path]... [--store file.sqlite|postgres://…] [--reorder-window-ms N] [--log-json] [--no-watch]\n' +
  '                [--nats nats://… [--partitions 16] [--own-partitions 0-15] [--worker name] [--lease-ttl-ms 6000] [--bus-clock wall|events]]\n' +
  '                [--redis redis://… [--redis-channel name]]\n' +
  '                [--auth-secret-file f | --auth-jwks url|file] [--auth-issuer i] [--auth-audience a] [--users users.json] [--allowed-origin https://…]...\n' +
  '                [--redaction all|off|kind,kind] [--keep-last 0-4]\n' +
  '                [--connectors twilio,genesys [--recognizer google|sherpa-onnx] [--model-dir dir] [--connector-language en-US] [--inbound-speaker customer|agent]]';

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
  'lease-ttl-ms': { type: 'string' },
  'bus-clock': { type: 'string' },
  redis: { type: 'string' },
  'redis-channel': { type: 'string' },
  'no-watch': { type: 'boolean' },
  redaction: { type: 'string' },
  'keep-last': { type: 'string' },
  ...AUTH_OPTIONS,
  ...CONNECTOR_OPTIONS,
} as const;

type ServeValues = AuthValues & ConnectorValues & { redaction?: string; 'keep-last'?: string } & { port?: string; host?: string; pack?: string[]; store?: string; 'reorder-window-ms'?: string; 'log-json'?: boolean; nats?: string; partitions?: string; 'own-partitions'?: string; worker?: string; 'lease-ttl-ms'?: string; 'bus-clock'?: string; redis?: string; 'redis-channel'?: string; 'no-watch'?: boolean };

/** Parsed serve options to a running server (and its store). Environment: CALLCOACH_STORE overrides the default store. */
export async function launchServer(
  command: string,
  values: ServeValues,
  scheduler?: SchedulerLike,
): Promise<{ server: RunningServer; store: FindingStore; signIn: ResolvedAuth; connectors: readonly string[]; stop: () => Promise<void> }> {
  const port = Number(values.port ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`${command}: --port must be a port number (0-65535)`);
  const reorder = values['reorder-window-ms'];
  const reorderWindowMs = reorder === undefined ? undefined : Number(reorder);
  if (reorderWindowMs !== undefined && !(Number.isInteger(reorderWindowMs) && reorderWindowMs >= 0)) throw new CliError(`${command}: --reorder-window-ms must be a whole number of milliseconds`);
  const host = values.host ?? '127.0.0.1';
  const signIn = resolveAuth(command, values, host);
  const redaction = parseRedaction(command, values.redaction ?? process.env.CALLCOACH_REDACTION, values['keep-last']);
  const log = createLogger({ json: values['log-json'] === true });
  const connectors = resolveConnectors(command, values, log);
  const metrics = new ServerMetrics();
  // One call's stray error (an adapter's socket callback, say) is logged and counted, never the end of every call.
  const unguard = installProcessGuards(log, (kind) => metrics.processErrors.inc({ kind }));
  // Packs reload when their files change: a good edit swaps in for new calls, a broken one is rejected and the
  // version in force keeps serving (calls in progress keep the version they started with).
  const packs = watchPacks(values.pack ?? [], { watch: values['no-watch'] !== true });
  const reloads = packs.reloads.subscribe((event) => {
    metrics.packReloads.inc({ result: event.type === 'loaded' ? 'loaded' : 'rejected' });
    if (event.type === 'loaded') log('info', 'pack reloaded', { pack: event.packId, version: event.version, previous: event.previousVersion, warnings: event.warnings.length });
    else {
      log('error', 'pack change rejected; the previous version stays live', { pack: event.packId, kept: event.keptVersion, problems: event.problems.length });
      for (const problem of event.problems) log('error', formatProblem(problem));
    }
  });
  const busWorker = values.nats ? busWorkerOf(command, values) : undefined;
  const busReady = values.nats ? natsReadiness(values.nats) : undefined;
  const redisUrl = values.redis ?? process.env.CALLCOACH_REDIS_URL;
  const relay = redisUrl ? await openRelay(command, redisUrl, values['redis-channel']) : undefined;
  const storeLocation = values.store ?? process.env.CALLCOACH_STORE ?? join('.callcoach', 'findings.sqlite');
  const store = await openFindingStore(storeLocation);
  let qaStore: QaStore | undefined;
  try {
    // The QA workspace shares the store's database; its migrations run now, after the finding store's tables exist.
    qaStore = await openQaStore(storeLocation);
    const qa = new QaWorkspace(qaStore, store, packs.current, redactionFor(redaction, []));
    const server = await startServer({
      port,
      host,
      packs: packs.current,
      log,
      store,
      qa,
      auth: signIn.auth,
      metrics,
      ...(values['allowed-origin'] ? { allowedOrigins: values['allowed-origin'] } : {}),
      engine: { ...(reorderWindowMs !== undefined ? { reorderWindowMs } : {}), ...(redaction ? { redaction } : {}) },
      ...(scheduler ? { scheduler } : {}),
      ...(busWorker ? { busWorker } : {}),
      ...(relay ? { relay } : {}),
      ...(busReady ? { readiness: [{ name: 'nats', check: busReady.check }] } : {}),
      ...(connectors.length > 0 ? { connectors } : {}),
    });
    if (redaction?.redact === 'off') log('warn', 'redaction is OFF: transcripts, findings and nudges keep personal data as said (synthetic test data only)');
    log('info', 'serving', { url: server.url, signIn: signIn.generated ? 'generated secret (loopback only)' : 'configured', packs: packs.current().map((p) => `${p.id}@${p.version}`).join(','), store: store.kind, bus: values.nats ? 'nats' : undefined, relay: relay ? 'redis' : undefined, connectors: connectors.map((c) => c.path).join(',') || undefined });
    const stop = async () => {
      unguard();
      await server.close();
      await busReady?.close();
      reloads.unsubscribe();
      packs.close();
      await relay?.close();
      await qaStore?.close();
      await store.close();
    };
    return { server, store, signIn, connectors: connectors.map((c) => c.path), stop };
  } catch (err) {
    unguard();
    reloads.unsubscribe();
    packs.close();
    await relay?.close();
    await qaStore?.close();
    await store.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`${command}: port ${port} is already in use; choose another with --port`);
    throw err;
  }
}

function busWorkerOf(command: string, values: ServeValues) {
  const partitions = Number(values.partitions ?? '16');
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1024) throw new CliError(`${command}: --partitions must be a whole number from 1 to 1024`);
  let own: number[] | undefined;
  try {
    own = values['own-partitions'] === undefined ? undefined : parsePartitions(values['own-partitions'], partitions);
  } catch (err) {
    throw new CliError(`${command}: --own-partitions: ${(err as Error).message}`);
  }
  const ttl = values['lease-ttl-ms'] === undefined ? undefined : Number(values['lease-ttl-ms']);
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 300)) throw new CliError(`${command}: --lease-ttl-ms must be a whole number of milliseconds, at least 300`);
  const clock = values['bus-clock'] ?? 'wall';
  if (clock !== 'wall' && clock !== 'events') throw new CliError(`${command}: --bus-clock must be wall (timers follow wall time between events) or events (call time moves with events only)`);
  return natsBusWorker({
    servers: values.nats as string,
    stream: process.env.CALLCOACH_NATS_STREAM ?? DEFAULT_EVENT_STREAM,
    subjectPrefix: process.env.CALLCOACH_NATS_SUBJECT_PREFIX ?? DEFAULT_EVENT_SUBJECT_PREFIX,
    partitions,
    worker: values.worker ?? hostname(),
    // --own-partitions is a static assignment (only those, never another's); without it, workers share all partitions.
    ...(own ? { ownPartitions: own, exclusive: true } : {}),
    ...(ttl !== undefined ? { leaseTtlMs: ttl } : {}),
    clock: { mode: clock },
  });
}

async function openRelay(command: string, url: string, channel: string | undefined) {
  try {
    return await openRedisFeedRelay(url, channel ?? process.env.CALLCOACH_REDIS_CHANNEL ?? DEFAULT_FEED_CHANNEL);
  } catch (err) {
    throw new CliError(`${command}: ${(err as Error).message}`);
  }
}

/** --redaction all|off|cn_id,phone,… and --keep-last N as the deployment's redaction policy. */
export function parseRedaction(command: string, redact: string | undefined, keepLast: string | undefined): RedactionPolicy | undefined {
  if (redact === undefined && keepLast === undefined) return undefined;
  let kinds: RedactionPolicy['redact'];
  if (redact === undefined || redact === 'all' || redact === 'off') kinds = redact ?? 'all';
  else {
    const list = redact.split(',').map((k) => k.trim());
    const unknown = list.filter((k) => !(PERSONAL_DATA_KINDS as readonly string[]).includes(k));
    if (unknown.length > 0) throw new CliError(`${command}: --redaction: unknown kind ${unknown.join(', ')} (known: all, off, ${PERSONAL_DATA_KINDS.join(', ')})`);
    kinds = list as PersonalDataKind[];
  }
  const n = keepLast === undefined ? undefined : Number(keepLast);
  if (n !== undefined && !(Number.isInteger(n) && n >= 0 && n <= 4)) throw new CliError(`${command}: --keep-last must be 0, 1, 2, 3 or 4`);
  return { redact: kinds, ...(n !== undefined ? { keepLast: n } : {}) };
}

/** Ready-to-click sign-in links for a loopback demo whose secret was generated for this run. */
export async function localLinks(server: RunningServer, signIn: ResolvedAuth, agentId: string): Promise<string> {
  const admin = await signIn.auth.issue({ subject: 'local-admin', role: 'admin' }, 12 * 3600);
  const agent = await signIn.auth.issue({ subject: agentId, role: 'agent', agentId }, 12 * 3600);
  const qa = await signIn.auth.issue({ subject: 'local-qa', role: 'qa' }, 12 * 3600);
  // The token rides in the #fragment: browsers never send it to the server or write it to its logs.
  return (
    `  sign in (links work for 12 h, this run only; the secret was generated because none is configured):\n` +
    `    supervisor wall (admin): ${server.url}/login#token=${admin}&next=/live\n` +
    `    admin overlay (all):     ${server.url}/login#token=${admin}\n` +
    `    agent ${agentId}:          ${server.url}/login#token=${agent}\n` +
    `    QA review:               ${server.url}/login#token=${qa}&next=/review\n`
  );
}

/** `callcoach serve`: WebSocket ingest, a WebSocket nudge feed and the overlay page. Runs until interrupted. */
export async function serveCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCliArgs('serve', argv, SERVE_OPTIONS, USAGE);
  if (positionals.length > 0) throw new CliError(`serve: unexpected argument ${positionals[0]}\nusage: ${USAGE}`);
  const { server, signIn, connectors, stop } = await launchServer('serve', values);
  const ws = server.url.replace('http', 'ws');
  process.stdout.write(
    `callcoach serving on ${server.url}\n  overlay:  ${server.url}/\n  review:   ${server.url}/review\n  ingest:   ${ws}/ingest (ingest token)\n  nudges:   ${ws}/nudges?agent=<id>\n` +
      connectors.map((path) => `  telephony: ${ws}${path} (ingest token; behind TLS as wss://)\n`).join(''),
  );
  if (signIn.generated) process.stdout.write(await localLinks(server, signIn, 'a-1024'));
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
