import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { TRIGGER } from './call-script.js';

/** The peer: what a hand-rolled server does at the least, measured beside callcoach. */
export interface BareServer {
  readonly port: number;
  /** Messages parsed so far. */
  readonly events: () => number;
  close(): Promise<void>;
}

/**
 * A bare `ws` server driven like callcoach: `/ingest` parses each JSON message; an utterance whose text holds the
 * trigger phrase sends `{"type":"nudge","nudge":{callId,nudgeId,status}}` to every `/nudges` client, provisional for
 * the first interim result of an utterance that shows it, confirmed at its final. No sign-in, no rules, no state
 * beyond which utterances were nudged.
 */
export async function startBareServer(): Promise<BareServer> {
  const http: Server = createServer((_request, response) => response.writeHead(404).end());
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const overlays = new Set<WebSocket>();
  const nudged = new Map<string, Set<string>>();
  let events = 0;

  const publish = (callId: string, utteranceId: string, status: 'provisional' | 'confirmed') => {
    const text = JSON.stringify({ type: 'nudge', nudge: { callId, nudgeId: `${callId}/${utteranceId}`, status } });
    for (const overlay of overlays) if (overlay.readyState === overlay.OPEN) overlay.send(text);
  };

  const onEvent = (data: string) => {
    let event: { type?: unknown; callId?: unknown; utteranceId?: unknown; text?: unknown };
    try {
      event = JSON.parse(data) as typeof event;
    } catch {
      return;
    }
    events++;
    if (typeof event.callId !== 'string') return;
    if (event.type === 'call.ended') {
      nudged.delete(event.callId);
      return;
    }
    if ((event.type !== 'utterance.partial' && event.type !== 'utterance.final') || typeof event.text !== 'string' || typeof event.utteranceId !== 'string') return;
    if (!event.text.includes(TRIGGER)) return;
    let seen = nudged.get(event.callId);
    if (!seen) nudged.set(event.callId, (seen = new Set()));
    if (event.type === 'utterance.final') {
      seen.delete(event.utteranceId);
      publish(event.callId, event.utteranceId, 'confirmed');
    } else if (!seen.has(event.utteranceId)) {
      seen.add(event.utteranceId);
      publish(event.callId, event.utteranceId, 'provisional');
    }
  };

  http.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/ingest' && path !== '/nudges') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      if (path === '/nudges') {
        overlays.add(ws);
        ws.on('close', () => overlays.delete(ws));
        return;
      }
      ws.on('message', (data, isBinary) => {
        if (!isBinary) onEvent(data.toString());
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (http.address() as AddressInfo).port,
    events: () => events,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
