import WebSocket from 'ws';
import type { HeapVirtualScheduler } from '../../adapters/batch/heap-virtual-scheduler.js';
import type { RunningServer } from '../../adapters/server/create-server.js';
import type { CallEvent } from '../../engine/index.js';
import { bearer } from './auth.js';

/**
 * Sends calls to a running server over its ingest socket, each event at its call time on the server's virtual clock
 * (calls one after the other), waiting for each acknowledgement; then lets every timer run.
 */
export async function feedCalls(server: RunningServer, scheduler: HeapVirtualScheduler, calls: ReadonlyArray<readonly CallEvent[]>): Promise<void> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ingest?ack=1`, { headers: await bearer('ingest') });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  for (const events of calls) {
    const base = scheduler.now();
    for (const event of events) {
      scheduler.advanceTo(base + event.tMs);
      const acked = new Promise((resolve) => socket.once('message', resolve));
      socket.send(JSON.stringify(event));
      await acked;
    }
    scheduler.advanceTo(scheduler.now() + 60_000);
  }
  socket.close();
  // Store writes run behind the flow; a round trip through the HTTP server lets them land.
  await fetch(`${server.url}/healthz`);
  await new Promise((resolve) => setImmediate(resolve));
}
