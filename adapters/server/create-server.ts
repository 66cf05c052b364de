import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asyncScheduler, Subject, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  createEngine,
  parseEvent,
  type CompiledPack,
  type EngineInput,
  type EngineOptions,
  type EngineOutput,
  type IngestError,
} from '../../engine/index.js';
import type { Logger } from '../log/logger.js';
import type { FeedRelay } from '../redis/redis-feed-relay.js';
import type { FindingStore } from '../store/finding-store.js';
import { NudgeFeed } from './nudge-feed.js';
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
  /** Events from the bus (NATS JetStream) for this worker's partitions, besides the WebSocket ingest. */
  readonly busEvents?: Observable<EngineInput>;
  /** Fans overlay messages out across instances (Redis); without it the feed serves this instance's calls only. */
  readonly relay?: FeedRelay;
}

/** A running server. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Every engine output, for in-process observers (console printing, tests). */
  readonly outputs: Subject<EngineOutput>;
  close(): Promise<void>;
}

/**
 * The live engine behind HTTP and WebSocket: `/ingest` takes protocol v1 events (one per message; append `?ack=1` to
 * get an acknowledgement per message), `/nudges?agent=…|call=…` feeds overlays, `/` serves the overlay page and
 * `/review` the QA review page over `/api/…` (review-api.ts), `/healthz` reports liveness.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { log, store } = options;
  const inputs = new Subject<EngineInput>();
  const outputs = new Subject<EngineOutput>();
  const feed = new NudgeFeed();
  const ingestSockets = new Map<string, WebSocket>();
  let connections = 0;
  let pendingWrites = Promise.resolve();

  const http = createHttpServer((request, response) => {
    handleHttp(request, response, { feed, store }).catch((err: unknown) => {
      log('error', 'http request failed', { path: request.url, error: (err as Error).name });
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? 1024 * 1024 });

  const replyError = (error: IngestError) => {
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
      outputs.next(output);
      if (output.type === 'rejected') replyError(output.error);
      if (output.type === 'fault') log('error', 'detector fault', { code: output.fault.code, callId: output.fault.callId, ruleId: output.fault.ruleId });
      if (store) pendingWrites = pendingWrites.then(() => persist(store, output)).catch((err: unknown) => log('error', 'store write failed', { error: (err as Error).message }));
    },
    error: (err: unknown) => log('error', 'engine stopped', { error: (err as Error).message }),
  });
  const bus = options.busEvents?.subscribe({
    next: (input) => inputs.next(input),
    error: (err: unknown) => log('error', 'event bus stopped', { error: (err as Error).message }),
  });

  http.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ingest' && url.pathname !== '/nudges') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      if (url.pathname === '/nudges') {
        const agentId = url.searchParams.get('agent') ?? undefined;
        const callId = url.searchParams.get('call') ?? undefined;
        feed.attach(ws, { ...(agentId ? { agentId } : {}), ...(callId ? { callId } : {}) });
        return;
      }
      const connection = String(++connections);
      const ack = url.searchParams.get('ack') === '1';
      ingestSockets.set(connection, ws);
      let messages = 0;
      log('info', 'ingest connected', { connection });
      ws.on('message', (data, isBinary) => {
        const message = ++messages;
        const source = { connection, message };
        if (isBinary) {
          replyError({ code: 'CALLCOACH_INGEST_MALFORMED_JSON', message: 'binary frames are not events; send each event as a JSON text message', source, severity: 'error' });
        } else {
          const parsed = parseEvent(data.toString(), source);
          if (!parsed.ok) replyError(parsed.error);
          else {
            inputs.next({ event: parsed.event, source });
          }
        }
        if (ack) ws.send(JSON.stringify({ type: 'ack', message }));
      });
      ws.on('close', () => {
        ingestSockets.delete(connection);
        log('info', 'ingest disconnected', { connection, messages });
      });
      ws.on('error', () => log('warn', 'ingest connection error', { connection }));
    });
  });

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
    close: async () => {
      bus?.unsubscribe();
      inputs.complete();
      engine.unsubscribe();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await pendingWrites;
      relayed?.unsubscribe();
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

async function handleHttp(request: IncomingMessage, response: ServerResponse, context: { feed: NudgeFeed; store: FindingStore | undefined }): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const json = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  };
  if (url.pathname === '/healthz') return json(200, { ok: true, openCalls: context.feed.openCalls, overlays: context.feed.clientCount });
  if (context.store && (await handleReviewApi(request, response, context.store))) return;
  const path = url.pathname === '/' ? '/overlay/index.html' : url.pathname === '/review' || url.pathname === '/review/' ? '/review/index.html' : url.pathname;
  if (request.method === 'GET' && (await serveDashboardFile(path, response))) return;
  json(404, { error: 'not found' });
}

