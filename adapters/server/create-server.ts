import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { asyncScheduler, Subject, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  createEngine,
  ENGINE_DEFAULTS,
  parseEvent,
  type CompiledPack,
  type EngineInput,
  type EngineOptions,
  type EngineOutput,
  type IngestError,
} from '../../engine/index.js';
import { AuthError, AUTH_ERROR_CODES } from '../auth/auth-error.js';
import type { Authenticator } from '../auth/authenticator.js';
import { checkCsrf, checkOrigin } from '../auth/browser-guard.js';
import { credentialsOf } from '../auth/request-credentials.js';
import { liveFeedScope, mayIngest, mayReadStore, type Principal } from '../auth/roles.js';
import { setSecurityHeaders } from '../auth/security-headers.js';
import { createSessionRoutes, describe } from '../auth/session-routes.js';
import type { Logger } from '../log/logger.js';
import { ServerMetrics } from '../metrics/server-metrics.js';
import type { BusWorkerFactory, RunningBusWorker } from '../nats/bus-worker.js';
import type { FeedRelay } from '../redis/redis-feed-relay.js';
import type { FindingStore } from '../store/finding-store.js';
import { AlertDesk } from './alert-desk.js';
import type { AudioConnector } from './audio-connector.js';
import { authorizeConnector } from './authorize-connector.js';
import { LiveFeed, type FeedFilter, type FeedGrant } from './live-feed.js';
import type { QaWorkspace } from '../qa/qa-workspace.js';
import { handleQaApi } from './qa-api.js';
import { handleReviewApi } from './review-api.js';
import { serveDashboardFile } from './static-files.js';

/** How `serve` runs. */
export interface ServerOptions {
  readonly port: number;
  readonly host: string;
  /** The packs in force, read at each call's start (hot reload swaps what this returns). */
  readonly packs: () => readonly CompiledPack[];
  readonly log: Logger;
  readonly store?: FindingStore;
  /** asyncScheduler (wall time) unless a test injects a virtual clock. */
  readonly scheduler?: SchedulerLike;
  readonly engine?: Omit<EngineOptions, 'scheduler' | 'packs'>;
  /** Largest WebSocket message accepted before the connection is closed (bigger events are refused one by one below this). */
  readonly maxMessageBytes?: number;
  /** Events from the bus (NATS JetStream) for this worker's partitions, besides the WebSocket ingest (no ack control). */
  readonly busEvents?: Observable<EngineInput>;
  /**
   * The bus as a worker (adapters/nats/bus-worker.ts): each call on a clock of its own, messages acknowledged once
   * processed and stored, partitions taken over from dead workers with their calls rebuilt.
   */
  readonly busWorker?: BusWorkerFactory;
  /** Fans overlay messages out across instances (Redis); without it the feed serves this instance's calls only. */
  readonly relay?: FeedRelay;
  /** Sign-in: every request but /healthz, /login and the pages' static files needs a valid token. */
  readonly auth: Authenticator;
  /** Other origins whose pages may call this server (a reverse proxy's public name, say). */
  readonly allowedOrigins?: readonly string[];
  /** Counters served at /metrics; a fresh set unless the caller shares one (process guards count into it too). */
  readonly metrics?: ServerMetrics;
  /** The clock of feed heartbeats (wall time unless a test drives it); separate from the engine's, which batch tests flush. */
  readonly heartbeatScheduler?: SchedulerLike;
  /** What readiness depends on besides the store (the NATS bus, the Redis relay); each a round trip that throws when down. */
  readonly readiness?: ReadonlyArray<{ readonly name: string; readonly check: () => Promise<void> }>;
  /** The QA workspace (scorecards, evaluations, search, sampling) over the store; its index follows the engine's outputs. */
  readonly qa?: QaWorkspace;
  /** Feed tuning: buffer for reconnects, heartbeat, per-client queue limits. */
  readonly feed?: { bufferSize?: number; heartbeatMs?: number; highWaterBytes?: number; hardLimitBytes?: number };
  /** Telephony media sockets (Twilio Media Streams, Genesys AudioHook), each at its own path, signed in as ingest. */
  readonly connectors?: readonly AudioConnector[];
}

/** A running server. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Every engine output, for in-process observers (console printing, tests). */
  readonly outputs: Subject<EngineOutput>;
  /** The bus worker, when the server is one. */
  readonly busWorker?: RunningBusWorker;
  readonly metrics: ServerMetrics;
  readonly feed: LiveFeed;
  close(): Promise<void>;
}

/**
 * The live engine behind HTTP and WebSocket: `/ingest` takes protocol v1 events (one per message; append `?ack=1` to
 * get an acknowledgement per message), `/nudges?agent=…|call=…` feeds overlays, `/` serves the overlay page and
 * `/review` the QA review page over `/api/…` (review-api.ts), `/login` signs browsers in, `/healthz` reports liveness.
 * Every WebSocket and API request is signed in (adapters/auth/): ingest needs the ingest role, the feed shows each
 * role only its own calls, the API serves QA and admin.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { log, store } = options;
  const metrics = options.metrics ?? new ServerMetrics();
  const inputs = new Subject<EngineInput>();
  const outputs = new Subject<EngineOutput>();
  const feed = new LiveFeed({
    scheduler: options.heartbeatScheduler ?? asyncScheduler,
    alerts: new AlertDesk(options.packs),
    ...options.feed,
    onAudit: (entry) => {
      store?.audit(entry).catch((err: unknown) => log('error', 'audit write failed', { error: (err as Error).name }));
    },
  });
  const ingestSockets = new Map<string, WebSocket>();
  let connections = 0;
  let pendingWrites = Promise.resolve();
  // Set while an ingested event is in the engine: nudges emitted meanwhile were caused by it (the engine is synchronous).
  let ingestStartedAt: bigint | undefined;

  const allowedOrigins = options.allowedOrigins ?? [];
  const readiness = [
    ...(store ? [{ name: 'store', check: () => store.ping() }] : []),
    ...(options.relay ? [{ name: 'redis', check: () => (options.relay as FeedRelay).ping() }] : []),
    ...(options.readiness ?? []),
  ];
  const sessionRoutes = createSessionRoutes(options.auth, allowedOrigins);
  const http = createHttpServer((request, response) => {
    setSecurityHeaders(response);
    handleHttp(request, response, { feed, store, ...(options.qa ? { qa: options.qa } : {}), auth: options.auth, allowedOrigins, sessionRoutes, metrics, readiness }).catch((err: unknown) => {
      log('error', 'http request failed', { path: request.url, error: (err as Error).name });
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? 1024 * 1024 });

  const replyError = (error: IngestError) => {
    metrics.rejected.inc({ code: error.code });
    const connection = error.source?.connection;
    const socket = connection === undefined ? undefined : ingestSockets.get(connection);
    if (socket?.readyState === socket?.OPEN) socket?.send(JSON.stringify({ type: 'error', ...error }));
    log(error.severity === 'error' ? 'warn' : 'info', 'event rejected', { code: error.code, callId: error.callId, connection, message: error.source?.message, field: error.field });
  };

  const relay = options.relay;
  const relayed = relay?.messages.subscribe((output) => feed.publish(output));
  const engine: Subscription = inputs.pipe(createEngine({ ...options.engine, scheduler: options.scheduler ?? asyncScheduler, packs: options.packs })).subscribe({
    next: (output) => {
      if (relay) relay.publish(output).catch((err: unknown) => log('error', 'relay publish failed', { error: (err as Error).message }));
      else feed.publish(output);
      metrics.observe(output);
      if (output.type === 'nudge' && ingestStartedAt !== undefined) metrics.ingestToNudge.observe(Number(process.hrtime.bigint() - ingestStartedAt) / 1e9);
      outputs.next(output);
      if (output.type === 'rejected') replyError(output.error);
      if (output.type === 'fault') log('error', 'detector fault', { code: output.fault.code, callId: output.fault.callId, ruleId: output.fault.ruleId });
      const qa = options.qa;
      if (store) pendingWrites = pendingWrites.then(async () => {
          await persist(store, output);
          // The QA index is written after the finding store, so a call's row and lines exist when it is indexed.
          if (qa) await qa.record(output);
        }).catch((err: unknown) => {
          metrics.storeFailures.inc();
          log('error', 'store write failed', { error: (err as Error).name, code: (err as { code?: string }).code });
        });
    },
    error: (err: unknown) => log('error', 'engine stopped', { error: (err as Error).message }),
  });
  // Bus calls run on clocks of their own (one engine per call, on call time); their outputs go the same ways, and
  // their writes are what the worker waits for before acknowledging.
  const busWorker = options.busWorker?.start(
    (scheduler) => createEngine({ ...options.engine, scheduler, packs: options.packs }),
    options.engine?.reorderWindowMs ?? ENGINE_DEFAULTS.reorderWindowMs,
    {
      log,
      eventIn: (type) => metrics.eventsIn.inc({ type }),
      observe: (output) => {
        if (!relay) feed.publish(output);
        metrics.observe(output);
        outputs.next(output);
        if (output.type === 'rejected') replyError(output.error);
        if (output.type === 'fault') log('error', 'detector fault', { code: output.fault.code, callId: output.fault.callId, ruleId: output.fault.ruleId });
      },
      write: async (output, dedupeKey) => {
        try {
          if (store) await persist(store, output);
        } catch (err) {
          metrics.storeFailures.inc();
          throw err;
        }
        if (relay) await relay.publishOnce(output, dedupeKey);
      },
    },
  );
  const bus = options.busEvents?.subscribe({
    next: (input) => {
      if ('event' in input) metrics.eventsIn.inc({ type: input.event.type });
      inputs.next(input);
    },
    error: (err: unknown) => log('error', 'event bus stopped', { error: (err as Error).message }),
  });

  http.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const connector = options.connectors?.find((c) => c.path === url.pathname);
    if (connector) {
      authorizeConnector(request, connector, options.auth).then(
        (principal) => sockets.handleUpgrade(request, socket, head, (ws) => acceptConnector(ws, request, connector, principal)),
        (err: unknown) => refuseUpgrade(socket, url, err),
      );
      return;
    }
    if (url.pathname !== '/ingest' && url.pathname !== '/nudges') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    authorizeUpgrade(request, url, options.auth, allowedOrigins).then(
      (grant) => {
        sockets.handleUpgrade(request, socket, head, (ws) => {
          // A session ends when its token does: the socket is closed then, with a code the pages understand.
          const expiry = setTimeout(() => ws.close(4401, 'token expired; sign in again'), Math.max(0, grant.principal.expiresAt * 1000 - Date.now()));
          expiry.unref();
          ws.on('close', () => clearTimeout(expiry));
          if (grant.kind === 'feed') {
            feed.attach(ws, grant.grant);
            return;
          }
          acceptIngest(ws, url, grant.principal);
        });
      },
      (err: unknown) => refuseUpgrade(socket, url, err),
    );
  });

  const refuseUpgrade = (socket: Duplex, url: URL, err: unknown) => {
    const refusal = err instanceof AuthError ? err : new AuthError(AUTH_ERROR_CODES.INVALID, 'the sign-in could not be checked');
    metrics.authRefusals.inc({ code: refusal.code, surface: 'websocket' });
    log('warn', 'websocket refused', { path: url.pathname, code: refusal.code });
    const body = JSON.stringify({ code: refusal.code, error: refusal.message });
    const status = refusal.status === 401 ? '401 Unauthorized' : '403 Forbidden';
    socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nwww-authenticate: Bearer realm="callcoach"\r\nconnection: close\r\n\r\n${body}`);
  };

  // A connector's events enter the engine exactly as /ingest events do; refusals are logged (the platform cannot read them).
  const acceptConnector = (ws: WebSocket, request: IncomingMessage, connector: AudioConnector, principal: Principal | undefined) => {
    const connection = String(++connections);
    let events = 0;
    log('info', 'connector connected', { connection, connector: connector.name, subject: principal?.subject });
    ws.on('close', () => log('info', 'connector disconnected', { connection, connector: connector.name, events }));
    connector.accept(ws, {
      connection,
      principal,
      auth: options.auth,
      request,
      log,
      ingest: (event) => {
        metrics.eventsIn.inc({ type: event.type });
        inputs.next({ event, source: { connection, message: ++events } });
      },
    });
  };

  const acceptIngest = (ws: WebSocket, url: URL, principal: Principal) => {
    const connection = String(++connections);
    const ack = url.searchParams.get('ack') === '1';
    ingestSockets.set(connection, ws);
    let messages = 0;
    log('info', 'ingest connected', { connection, subject: principal.subject });
    ws.on('message', (data, isBinary) => {
      const message = ++messages;
      const source = { connection, message };
      if (isBinary) {
        replyError({ code: 'CALLCOACH_INGEST_MALFORMED_JSON', message: 'binary frames are not events; send each event as a JSON text message', source, severity: 'error' });
      } else {
        const parsed = parseEvent(data.toString(), source);
        if (!parsed.ok) replyError(parsed.error);
        else {
          metrics.eventsIn.inc({ type: parsed.event.type });
          ingestStartedAt = process.hrtime.bigint();
          inputs.next({ event: parsed.event, source });
          ingestStartedAt = undefined;
        }
      }
      if (ack) ws.send(JSON.stringify({ type: 'ack', message }));
    });
    ws.on('close', () => {
      ingestSockets.delete(connection);
      log('info', 'ingest disconnected', { connection, messages });
    });
    ws.on('error', () => log('warn', 'ingest connection error', { connection }));
  };

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;

  return {
    url,
    port,
    outputs,
    metrics,
    feed,
    ...(busWorker ? { busWorker } : {}),
    close: async () => {
      // Graceful: the worker's partitions go to the other workers with nothing in flight lost.
      await busWorker?.stop(true);
      bus?.unsubscribe();
      inputs.complete();
      engine.unsubscribe();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await pendingWrites;
      relayed?.unsubscribe();
      feed.close();
      outputs.complete();
    },
  };
}

async function persist(store: FindingStore, output: EngineOutput): Promise<void> {
  if (output.type === 'finding') await store.saveFinding(output.finding);
  else if (output.type === 'utterance') await store.saveUtterance(output.utterance);
  else if (output.type === 'call.opened') await store.callOpened({ callId: output.callId, language: output.language, packs: output.packs, ...(output.agentId ? { agentId: output.agentId } : {}) });
  else if (output.type === 'call.closed') await store.callClosed(output.callId, output.reason);
}

type Grant = { kind: 'feed'; principal: Principal; grant: FeedGrant } | { kind: 'ingest'; principal: Principal };

/** Who is opening a WebSocket and what they may see or send; an AuthError says why not. */
async function authorizeUpgrade(request: IncomingMessage, url: URL, auth: Authenticator, allowedOrigins: readonly string[]): Promise<Grant> {
  checkOrigin(request, allowedOrigins);
  const principal = await auth.verify(credentialsOf(request).token);
  if (url.pathname === '/ingest') {
    if (!mayIngest(principal)) throw new AuthError(AUTH_ERROR_CODES.FORBIDDEN, `only an ingest token may send events (this one is ${principal.role})`);
    return { kind: 'ingest', principal };
  }
  const scope = liveFeedScope(principal);
  if (!scope) throw new AuthError(AUTH_ERROR_CODES.FORBIDDEN, `a ${principal.role} token cannot watch live calls`);
  const agentId = url.searchParams.get('agent') || undefined;
  const callId = url.searchParams.get('call') || undefined;
  // An agent asking for another agent's feed is refused outright rather than shown an empty one.
  if (scope.agentId !== undefined && agentId !== undefined && agentId !== scope.agentId) throw new AuthError(AUTH_ERROR_CODES.FORBIDDEN, `agent ${scope.agentId} may watch only their own calls, not agent ${agentId}'s`);
  const filter: FeedFilter = { ...scope, ...(scope.agentId === undefined && agentId ? { agentId } : {}), ...(callId ? { callId } : {}) };
  // A reconnecting client says where it left off: ?stream=<id>&seq=<last seq seen>.
  const stream = url.searchParams.get('stream');
  const seq = Number(url.searchParams.get('seq'));
  const resume = stream && Number.isInteger(seq) && seq >= 0 ? { stream, seq } : undefined;
  return { kind: 'feed', principal, grant: { principal, filter, ...(resume ? { resume } : {}) } };
}

const PAGES: Record<string, string> = { '/': '/overlay/index.html', '/live': '/live/index.html', '/review': '/review/index.html', '/review/': '/review/index.html', '/login': '/login/index.html' };

interface HttpContext {
  readonly feed: LiveFeed;
  readonly store: FindingStore | undefined;
  readonly qa?: QaWorkspace;
  readonly auth: Authenticator;
  readonly allowedOrigins: readonly string[];
  readonly sessionRoutes: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
  readonly metrics: ServerMetrics;
  readonly readiness: ReadonlyArray<{ readonly name: string; readonly check: () => Promise<void> }>;
}

const READINESS_TIMEOUT_MS = 2_000;

/** Each dependency's round trip, with a timeout: a hung database is as unready as a refused one. */
async function checkReadiness(checks: HttpContext['readiness']): Promise<Record<string, 'ok' | string>> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
      });
      try {
        await Promise.race([check(), timeout]);
        return [name, 'ok'] as const;
      } catch (err) {
        return [name, (err as Error).message.slice(0, 200)] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(results);
}

async function handleHttp(request: IncomingMessage, response: ServerResponse, context: HttpContext): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const json = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  };
  // Liveness: the process answers. Readiness: the store, NATS and Redis answer too (a load balancer's check).
  if (url.pathname === '/healthz') return json(200, { ok: true, openCalls: context.feed.openCalls, overlays: context.feed.clientCount });
  if (url.pathname === '/readyz' || (url.pathname === '/healthz/ready')) {
    const checks = await checkReadiness(context.readiness);
    const ready = Object.values(checks).every((v) => v === 'ok');
    return json(ready ? 200 : 503, { ready, checks });
  }
  if (await context.sessionRoutes(request, response)) return;
  if (url.pathname === '/metrics' && request.method === 'GET') {
    // Counts only, but they describe the floor: an admin token (a scraper's) is needed.
    try {
      const principal = await context.auth.verify(credentialsOf(request).token);
      if (principal.role !== 'admin') throw new AuthError(AUTH_ERROR_CODES.FORBIDDEN, `/metrics needs an admin token (this one is ${principal.role})`);
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      context.metrics.authRefusals.inc({ code: err.code, surface: 'http' });
      return json(err.status, { code: err.code, error: err.message });
    }
    context.metrics.feedClients.set(context.feed.clientCount);
    context.metrics.feedLag.set(Math.max(0, ...context.feed.lags()));
    context.metrics.feedQueuedBytes.set(Math.max(0, ...context.feed.queuedBytes()));
    response.writeHead(200, { 'content-type': context.metrics.registry.contentType, 'cache-control': 'no-store' });
    response.end(await context.metrics.registry.metrics());
    return;
  }
  const page = PAGES[url.pathname];
  if (page && request.method === 'GET') {
    // Pages other than /login need a session; without one the browser is sent to sign in and brought back.
    if (url.pathname !== '/login') {
      const signedIn = await context.auth.verify(credentialsOf(request).token).catch(() => undefined);
      if (!signedIn) {
        response.writeHead(302, { location: `/login?next=${encodeURIComponent(url.pathname)}`, 'cache-control': 'no-store' }).end();
        return;
      }
    }
    if (await serveDashboardFile(page, response)) return;
  }
  if (url.pathname.startsWith('/api/')) {
    let principal: Principal;
    try {
      const credentials = credentialsOf(request);
      principal = await context.auth.verify(credentials.token);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        checkOrigin(request, context.allowedOrigins);
        checkCsrf(request, credentials);
      }
      if (url.pathname === '/api/me') return json(200, describe(principal));
      // The QA workspace checks each role itself: agents dispute, supervisors resolve their team's disputes.
      if (url.pathname.startsWith('/api/qa/') && context.qa && context.store) return await handleQaApi(request, response, context.qa, context.store, principal);
      if (!mayReadStore(principal)) throw new AuthError(AUTH_ERROR_CODES.FORBIDDEN, `a ${principal.role} token cannot read stored calls (QA and admin can)`);
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      context.metrics.authRefusals.inc({ code: err.code, surface: 'http' });
      if (err.status === 401) response.setHeader('www-authenticate', 'Bearer realm="callcoach"');
      return json(err.status, { code: err.code, error: err.message });
    }
    if (context.store && (await handleReviewApi(request, response, context.store, principal))) return;
    return json(404, { error: context.store ? 'unknown API path' : 'this server keeps no store' });
  }
  // Scripts and styles of the pages are public: they hold no data.
  if (request.method === 'GET' && /\.(js|css|svg)$/.test(url.pathname) && (await serveDashboardFile(url.pathname, response))) return;
  json(404, { error: 'not found' });
}

