/**
 * Child process of the live-latency suite: runs one server (`callcoach` or `bare`, argv[2]) on 127.0.0.1 and answers
 * the bench process's requests for CPU and event counts. Started with child_process.fork; never imported.
 */
import { randomBytes } from 'node:crypto';
import { Authenticator } from '../../adapters/auth/authenticator.js';
import { silentLogger } from '../../adapters/log/logger.js';
import { startServer } from '../../adapters/server/create-server.js';
import { shippedPack } from '../support/packs.js';
import { startBareServer } from './bare-server.js';
import type { ServerKind, ServerMessage, ServerRequest } from './protocol.js';

const send = (message: ServerMessage) => process.send?.(message);

async function main(kind: ServerKind): Promise<void> {
  let events: () => Promise<number>;
  if (kind === 'bare') {
    const bare = await startBareServer();
    events = async () => bare.events();
    listen(events);
    send({ type: 'ready', port: bare.port });
    return;
  }
  const pack = shippedPack('zh', true);
  const auth = Authenticator.create({ secret: new Uint8Array(randomBytes(48)) });
  const ingestToken = await auth.issue({ subject: 'bench-load', role: 'ingest' }, 3600);
  const feedToken = await auth.issue({ subject: 'bench-overlay', role: 'admin' }, 3600);
  const server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [pack], log: silentLogger, auth, engine: { nudgePolicy: { provisional: 'show' } } });
  events = async () => (await server.metrics.eventsIn.get()).values.reduce((sum, v) => sum + v.value, 0);
  listen(events);
  send({ type: 'ready', port: server.port, ingestToken, feedToken });
}

function listen(events: () => Promise<number>): void {
  process.on('message', (request: ServerRequest) => {
    if (request.type !== 'stats') return;
    const cpu = process.cpuUsage();
    const atMs = Number(process.hrtime.bigint()) / 1e6;
    events().then(
      (count) => send({ type: 'stats', id: request.id, stats: { cpuMicros: cpu.user + cpu.system, events: count, atMs } }),
      () => send({ type: 'stats', id: request.id, stats: { cpuMicros: cpu.user + cpu.system, events: Number.NaN, atMs } }),
    );
  });
  // The bench process going away ends this one.
  process.on('disconnect', () => process.exit(0));
}

main((process.argv[2] as ServerKind | undefined) ?? 'callcoach').catch((err: unknown) => {
  process.stderr.write(`live-latency server host: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
