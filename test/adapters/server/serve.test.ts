import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { HeapVirtualScheduler } from '../../../adapters/batch/heap-virtual-scheduler.js';
import { silentLogger } from '../../../adapters/log/logger.js';
import { startServer, type RunningServer } from '../../../adapters/server/create-server.js';
import { openSqliteFindingStore } from '../../../adapters/store/sqlite-finding-store.js';
import type { CallEvent } from '../../../engine/index.js';
import { bearer, testAuth } from '../../support/auth.js';
import { callScript } from '../../support/call-script.js';
import { shippedPack } from '../../support/packs.js';

const packs = [shippedPack('zh-CN-standard')];
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A client socket that collects every message it receives. */
async function connect(url: string, headers: Record<string, string>): Promise<{ socket: WebSocket; messages: Array<Record<string, unknown>>; next(type: string): Promise<Record<string, unknown>> }> {
  const socket = new WebSocket(url, { headers });
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<{ type: string; resolve: (m: Record<string, unknown>) => void }> = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    messages.push(message);
    const i = waiters.findIndex((w) => w.type === message.type);
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(message);
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, messages, next: (type) => new Promise((resolve) => waiters.push({ type, resolve })) };
}

async function sendAll(client: Awaited<ReturnType<typeof connect>>, payloads: readonly string[], scheduler?: HeapVirtualScheduler): Promise<void> {
  for (const payload of payloads) {
    const acked = client.next('ack');
    client.socket.send(payload);
    await acked;
    if (scheduler) {
      try {
        scheduler.advanceTo((JSON.parse(payload) as CallEvent).tMs + 1_000);
      } catch {
        // not an event: nothing to advance to
      }
    }
  }
}

describe('startServer', () => {
  it('answers a bad message on its own socket, naming the message, and keeps serving the other calls', async () => {
    const scheduler = new HeapVirtualScheduler();
    server = await startServer({ port: 0, host: '127.0.0.1', packs: () => packs, log: silentLogger, auth: testAuth, scheduler });
    const findings: string[] = [];
    server.outputs.subscribe((o) => o.type === 'finding' && findings.push(o.finding.ruleId));
    const ingest = await connect(`${server.url.replace('http', 'ws')}/ingest?ack=1`, await bearer('ingest'));
    const good = callScript('good').agent('你问我，我问谁？').end('customer').events.map((e) => JSON.stringify(e));
    const errors = ingest.next('error');
    await sendAll(ingest, [good[0] as string, '{"type":"call.started",', ...good.slice(1)], scheduler);
    scheduler.flush();
    const error = await errors;
    expect(error).toMatchObject({ code: 'CALLCOACH_INGEST_MALFORMED_JSON', source: { connection: '1', message: 2 } });
    expect(findings).toContain('zh.forbidden.ni_wen_wo');
    ingest.socket.close();
  });

  it('refuses an oversized message and keeps the connection', async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', packs: () => packs, log: silentLogger, auth: testAuth });
    const ingest = await connect(`${server.url.replace('http', 'ws')}/ingest?ack=1`, await bearer('ingest'));
    const error = ingest.next('error');
    await sendAll(ingest, [JSON.stringify({ type: 'call.started', callId: 'x', tMs: 0, language: 'zh-CN', agentId: 'a'.repeat(100_000) })]);
    expect(await error).toMatchObject({ code: 'CALLCOACH_INGEST_OVERSIZED' });
    expect(ingest.socket.readyState).toBe(WebSocket.OPEN);
    ingest.socket.close();
  });

  it('feeds nudges to the overlay of the call’s agent only, with a snapshot on connect, and stores findings', async () => {
    const scheduler = new HeapVirtualScheduler();
    const dir = mkdtempSync(join(tmpdir(), 'callcoach-store-'));
    const store = openSqliteFindingStore(join(dir, 'findings.sqlite'));
    server = await startServer({ port: 0, host: '127.0.0.1', packs: () => packs, log: silentLogger, auth: testAuth, scheduler, store });
    const base = server.url.replace('http', 'ws');
    const mine = await connect(`${base}/nudges?agent=a-1`, await bearer('agent', { agentId: 'a-1' }));
    const other = await connect(`${base}/nudges?agent=a-999`, await bearer('agent', { agentId: 'a-999' }));
    const ingest = await connect(`${base}/ingest?ack=1`, await bearer('ingest'));
    const events = callScript('c1').agent('你问我，我问谁？', { partials: ['你问我'] }).end('customer').events;
    await sendAll(ingest, events.slice(0, -1).map((e) => JSON.stringify(e)), scheduler);
    scheduler.advanceTo(60_000);
    const late = await connect(`${base}/nudges?agent=a-1`, await bearer('agent', { agentId: 'a-1' }));
    expect(late.messages[0]).toMatchObject({ type: 'hello', protocol: 2 });
    expect(late.messages[1]).toMatchObject({ type: 'snapshot', calls: [{ callId: 'c1', agentId: 'a-1', nudges: expect.any(Array) }] });
    await sendAll(ingest, [JSON.stringify(events[events.length - 1])], scheduler);
    scheduler.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const nudgeTypes = mine.messages.filter((m) => m.type === 'nudge').map((m) => (m.nudge as { ruleId: string }).ruleId);
    expect(nudgeTypes).toContain('zh.forbidden.ni_wen_wo');
    expect(other.messages.filter((m) => m.type === 'nudge')).toEqual([]);
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    await server.close();
    server = undefined;
    const stored = await store.findingsOf('c1');
    expect(stored.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['zh.forbidden.ni_wen_wo', 'zh.opening.greeting']));
    expect((await store.listCalls())[0]).toMatchObject({ callId: 'c1', agentId: 'a-1', closeReason: 'ended' });
    await store.close();
    for (const c of [mine, other, late, ingest]) c.socket.close();
  });
});
