import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { HeapVirtualScheduler } from '../../../adapters/batch/heap-virtual-scheduler.js';
import { silentLogger } from '../../../adapters/log/logger.js';
import { startServer, type RunningServer } from '../../../adapters/server/create-server.js';
import type { FeedMessage } from '../../../adapters/server/feed-protocol.js';
import { openSqliteFindingStore } from '../../../adapters/store/sqlite-finding-store.js';
import type { FindingStore } from '../../../adapters/store/finding-store.js';
import type { CallEvent, Nudge } from '../../../engine/index.js';
import { bearer, testAuth } from '../../support/auth.js';
import { callScript } from '../../support/call-script.js';
import { shippedPack } from '../../support/packs.js';

let server: RunningServer | undefined;
let store: FindingStore | undefined;
afterEach(async () => {
  await server?.close();
  await store?.close();
  server = undefined;
  store = undefined;
});

interface Watcher {
  socket: WebSocket;
  messages: FeedMessage[];
  until(test: (m: FeedMessage) => boolean): Promise<FeedMessage>;
}

async function watch(base: string, query: string, headers: Record<string, string>): Promise<Watcher> {
  const socket = new WebSocket(`${base}/nudges${query}`, { headers });
  const messages: FeedMessage[] = [];
  const waiters: Array<{ test: (m: FeedMessage) => boolean; resolve: (m: FeedMessage) => void }> = [];
  socket.on('message', (data) => {
    const m = JSON.parse(String(data)) as FeedMessage;
    messages.push(m);
    for (const w of [...waiters]) if (w.test(m)) waiters.splice(waiters.indexOf(w), 1)[0]?.resolve(m);
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    messages,
    until: (test) => {
      const seen = messages.find(test);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ test, resolve }));
    },
  };
}

async function ingestSocket(base: string): Promise<{ send(events: readonly CallEvent[], scheduler?: HeapVirtualScheduler): Promise<void>; close(): void }> {
  const socket = new WebSocket(`${base}/ingest?ack=1`, { headers: await bearer('ingest') });
  await new Promise((resolve) => socket.once('open', resolve));
  return {
    send: async (events, scheduler) => {
      for (const event of events) {
        scheduler?.advanceTo(event.tMs);
        const acked = new Promise((resolve) => socket.once('message', resolve));
        socket.send(JSON.stringify(event));
        await acked;
      }
    },
    close: () => socket.close(),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
const nudgeIds = (messages: readonly FeedMessage[]) => messages.flatMap((m) => (m.type === 'nudge' ? [`${m.nudge.nudgeId}/${m.nudge.status}`] : []));

describe('the live feed', () => {
  it('numbers every message, and a client that drops mid-call and resumes gets every missed nudge exactly once', async () => {
    const scheduler = new HeapVirtualScheduler();
    server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [shippedPack('zh-CN-standard')], log: silentLogger, auth: testAuth, scheduler, engine: { nudgePolicy: { provisional: 'show' } } });
    const base = server.url.replace('http', 'ws');
    const agent = await bearer('agent', { agentId: 'a-1' });
    const events = callScript('drop-1')
      .agent('您好。')
      .agent('你问我，我问谁？', { partials: ['你问我我问谁'] })
      .agent('这个不关我的事！', { partials: ['这个不关我的事'] })
      .agent('你听不懂吗？', { partials: ['你听不懂吗'] })
      .end('customer').events;
    const reference = await watch(base, '', agent);
    const dropping = await watch(base, '', agent);
    const hello = await dropping.until((m) => m.type === 'hello');
    const ingest = await ingestSocket(base);
    const half = Math.floor(events.length / 2);
    await ingest.send(events.slice(0, half), scheduler);
    await settle();
    dropping.socket.terminate();
    const lastSeq = Math.max(...dropping.messages.map((m) => m.seq));
    await ingest.send(events.slice(half), scheduler);
    scheduler.flush();
    await settle();
    const stream = hello.type === 'hello' ? hello.stream : '';
    const resumed = await watch(base, `?stream=${stream}&seq=${lastSeq}`, agent);
    await settle();
    const seqs = [...dropping.messages, ...resumed.messages].filter((m) => m.type !== 'hello').map((m) => m.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...nudgeIds(dropping.messages), ...nudgeIds(resumed.messages)]).toEqual(nudgeIds(reference.messages));
    expect(nudgeIds(reference.messages).length).toBeGreaterThanOrEqual(6);
    expect(resumed.messages.some((m) => m.type === 'snapshot' || m.type === 'gap')).toBe(false);
    // Sequence numbers rise by one per stream message; this agent's filter lets all of this call's through.
    const referenceSeqs = reference.messages.filter((m) => m.type !== 'hello' && m.type !== 'snapshot').map((m) => m.seq);
    expect(referenceSeqs).toEqual([...referenceSeqs].sort((a, b) => a - b));
    for (const w of [reference, resumed]) w.socket.close();
    ingest.close();
  });

  it('tells a client whose place is gone, or whose stream is another server’s, and sends a fresh snapshot', async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [], log: silentLogger, auth: testAuth, feed: { bufferSize: 5 } });
    for (let i = 0; i < 20; i++) server.feed.publish({ type: 'call.opened', callId: `c${i}`, language: 'zh-CN', packs: [], atMs: 0 });
    const base = server.url.replace('http', 'ws');
    const admin = await bearer('admin');
    const old = await watch(base, `?stream=${server.feed.stream}&seq=2`, admin);
    await old.until((m) => m.type === 'snapshot');
    expect(old.messages.map((m) => m.type)).toEqual(['hello', 'gap', 'snapshot']);
    expect(old.messages[1]).toMatchObject({ type: 'gap', reason: 'too-old', missedFrom: 3 });
    const snapshot = old.messages[2] as Extract<FeedMessage, { type: 'snapshot' }>;
    expect(snapshot.calls).toHaveLength(20);
    expect(snapshot.seq).toBe(20);
    const other = await watch(base, '?stream=someone-else&seq=7', admin);
    await other.until((m) => m.type === 'snapshot');
    expect(other.messages[1]).toMatchObject({ type: 'gap', reason: 'unknown-stream' });
    old.socket.close();
    other.socket.close();
  });

  it('holds a stalled client to a bounded queue, coalesces its state updates, and resyncs it with a gap and a snapshot', async () => {
    const hardLimitBytes = 512 * 1024;
    server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [], log: silentLogger, auth: testAuth, feed: { hardLimitBytes, highWaterBytes: 128 * 1024 } });
    const base = server.url.replace('http', 'ws');
    const stalled = await watch(base, '', await bearer('admin'));
    await stalled.until((m) => m.type === 'snapshot');
    // The client stops reading: the kernel's buffers fill, then the server's queue for it.
    (stalled.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    server.feed.publish({ type: 'call.opened', callId: 'busy', language: 'zh-CN', packs: [], atMs: 0 });
    const text = '请注意服务用语'.repeat(40);
    let maxQueued = 0;
    for (let i = 0; i < 20_000; i++) {
      const nudge: Nudge = { nudgeId: `n${i}`, callId: 'busy', ruleId: 'r', packId: 'p', kind: 'finding', severity: 'warn', status: 'confirmed', text, atMs: i };
      server.feed.publish({ type: 'nudge', nudge });
      if (i % 10 === 0) server.feed.publish({ type: 'call.state', state: { callId: 'busy', atMs: i, holds: 0, agentPace: { perMinute: 100 + (i % 50), unit: 'chars' } } });
      if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
      maxQueued = Math.max(maxQueued, ...server.feed.queuedBytes());
    }
    expect(Math.max(...server.feed.lags())).toBeGreaterThan(10_000);
    // Bounded: never more than the limit plus the one message that crossed it.
    expect(maxQueued).toBeLessThanOrEqual(hardLimitBytes + Buffer.byteLength(text) * 3 + 1024);
    (stalled.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    // Once drained it is told what happened and given the state as it is now.
    for (let i = 0; i < 200 && !stalled.messages.some((m) => m.type === 'gap'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      server.feed.publish({ type: 'call.state', state: { callId: 'busy', atMs: 99_999, holds: 1, onHoldSinceMs: 99_000 } });
    }
    const gap = await stalled.until((m) => m.type === 'gap');
    expect(gap).toMatchObject({ reason: 'too-far-behind' });
    const snapshot = (await stalled.until((m) => m.type === 'snapshot' && m.seq > 0)) as Extract<FeedMessage, { type: 'snapshot' }>;
    expect(snapshot.calls[0]?.nudges).toHaveLength(20_000);
    expect(stalled.messages.filter((m) => m.type === 'nudge').length).toBeLessThan(20_000);
    stalled.socket.close();
  });

  it('drops a peer that stops answering heartbeats, and keeps one that answers (virtual clock)', async () => {
    const heartbeat = new HeapVirtualScheduler();
    server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [], log: silentLogger, auth: testAuth, heartbeatScheduler: heartbeat, feed: { heartbeatMs: 15_000 } });
    const base = server.url.replace('http', 'ws');
    const healthy = await watch(base, '', await bearer('admin'));
    const dead = await watch(base, '', await bearer('admin'));
    (dead.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    expect(server.feed.clientCount).toBe(2);
    heartbeat.advanceTo(15_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    heartbeat.advanceTo(30_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.feed.clientCount).toBe(1);
    expect(healthy.socket.readyState).toBe(WebSocket.OPEN);
    healthy.socket.close();
  });
});

describe('alerts and whispers', () => {
  it("alerts the team's supervisor (not the agent) by the pack's alerts list, takes an acknowledgement from them only, audits it, and carries a whisper to the agent", async () => {
    const scheduler = new HeapVirtualScheduler();
    store = openSqliteFindingStore(join(mkdtempSync(join(tmpdir(), 'callcoach-alerts-')), 'f.sqlite'));
    server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [shippedPack('zh-CN-standard')], log: silentLogger, auth: testAuth, scheduler, store });
    const base = server.url.replace('http', 'ws');
    const lead = await watch(base, '', await bearer('supervisor', { teamId: 'T1', subject: 'lead-1' }));
    const otherLead = await watch(base, '', await bearer('supervisor', { teamId: 'T2', subject: 'lead-2' }));
    const agent = await watch(base, '', await bearer('agent', { agentId: 'a-1' }));
    const events = callScript('al-1')
      .agent('您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？')
      .customer('我要投诉你们，叫你们领导来！')
      .events.map((e) => (e.type === 'call.started' ? { ...e, teamId: 'T1' } : e));
    const ingest = await ingestSocket(base);
    await ingest.send(events, scheduler);
    scheduler.advanceTo(60_000);
    const alert = (await lead.until((m) => m.type === 'alert')) as Extract<FeedMessage, { type: 'alert' }>;
    expect(alert.alert).toMatchObject({ callId: 'al-1', teamId: 'T1', severity: 'critical' });
    expect(['zh.card.supervisor', 'zh.card.complaint']).toContain(alert.alert.ruleId);
    await settle();
    expect(agent.messages.some((m) => m.type === 'alert')).toBe(false);
    expect(otherLead.messages.some((m) => m.type === 'alert' || m.type === 'call.opened')).toBe(false);

    agent.socket.send(JSON.stringify({ type: 'alert.ack', alertId: alert.alert.alertId }));
    expect(await agent.until((m) => m.type === 'error')).toMatchObject({ code: 'CALLCOACH_FEED_FORBIDDEN' });
    lead.socket.send(JSON.stringify({ type: 'alert.ack', alertId: alert.alert.alertId }));
    expect(await lead.until((m) => m.type === 'alert.acknowledged')).toMatchObject({ alertId: alert.alert.alertId, by: 'lead-1' });

    lead.socket.send(JSON.stringify({ type: 'whisper', callId: 'al-1', text: '先安抚客户，我马上过来' }));
    expect(await agent.until((m) => m.type === 'whisper')).toMatchObject({ whisper: { callId: 'al-1', from: 'lead-1', text: '先安抚客户，我马上过来' } });
    otherLead.socket.send(JSON.stringify({ type: 'whisper', callId: 'al-1', text: 'x' }));
    expect(await otherLead.until((m) => m.type === 'error')).toMatchObject({ code: 'CALLCOACH_FEED_FORBIDDEN' });
    await settle();
    const audit = await store.auditOf('al-1');
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['lead-1', 'alert.ack'],
      ['lead-1', 'whisper'],
    ]);
    for (const w of [lead, otherLead, agent]) w.socket.close();
    ingest.close();
  });

  it("alerts the supervisor when the customer's agitation reaches 'agitated' (the packs' alerts list)", async () => {
    const scheduler = new HeapVirtualScheduler();
    server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [shippedPack('zh-CN-standard')], log: silentLogger, auth: testAuth, scheduler });
    const base = server.url.replace('http', 'ws');
    const lead = await watch(base, '', await bearer('supervisor', { teamId: 'T1' }));
    const events = callScript('ag-2')
      .agent('您好，请问有什么可以帮您？')
      .customer('我要退款。', { durationMs: 2_000 })
      .agent('这个需要先核实一下订单信息。', { durationMs: 3_000 })
      .customer('我要的是退款！', { durationMs: 1_200 })
      .agent('请您稍等。', { durationMs: 1_000 })
      .customer('我要的是退款！！现在就退！', { durationMs: 1_500 })
      .events.map((e) => (e.type === 'call.started' ? { ...e, teamId: 'T1' } : e));
    const ingest = await ingestSocket(base);
    await ingest.send(events, scheduler);
    scheduler.advanceTo(120_000);
    const alert = (await lead.until((m) => m.type === 'alert' && m.alert.ruleId === 'customer.agitation')) as Extract<FeedMessage, { type: 'alert' }>;
    expect(alert.alert).toMatchObject({ callId: 'ag-2', severity: 'warn', text: expect.stringContaining('agitated') });
    lead.socket.close();
    ingest.close();
  });

  it('shows the hold timer and the pace meter as call state', async () => {
    const scheduler = new HeapVirtualScheduler();
    server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [shippedPack('zh-CN-standard')], log: silentLogger, auth: testAuth, scheduler });
    const base = server.url.replace('http', 'ws');
    const admin = await watch(base, '', await bearer('admin'));
    const events = callScript('st-1').agent('您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？').agent('请您稍等，我帮您查询一下。').hold(20_000).events;
    const ingest = await ingestSocket(base);
    await ingest.send(events, scheduler);
    scheduler.advanceTo(60_000);
    const onHold = (await admin.until((m) => m.type === 'call.state' && m.state.onHoldSinceMs !== undefined)) as Extract<FeedMessage, { type: 'call.state' }>;
    expect(onHold.state).toMatchObject({ callId: 'st-1', holds: 1 });
    expect(onHold.state.agentPace?.unit).toBe('chars');
    const off = (await admin.until((m) => m.type === 'call.state' && m.seq > onHold.seq)) as Extract<FeedMessage, { type: 'call.state' }>;
    expect(off.state.onHoldSinceMs).toBeUndefined();
    admin.socket.close();
    ingest.close();
  });
});


describe('state coalescing', () => {
  it('sends a client above the high-water mark only the latest state of each call once it drains', async () => {
    const { LiveFeed } = await import('../../../adapters/server/live-feed.js');
    const { AlertDesk } = await import('../../../adapters/server/alert-desk.js');
    // A socket whose queue the test sets: the feed only reads bufferedAmount and sends.
    const sent: FeedMessage[] = [];
    const socket = { OPEN: 1, readyState: 1, bufferedAmount: 0, send: (t: string) => sent.push(JSON.parse(t) as FeedMessage), on: () => undefined, ping: () => undefined, terminate: () => undefined };
    const feed = new LiveFeed({ scheduler: new HeapVirtualScheduler(), alerts: new AlertDesk(() => []), highWaterBytes: 1000, hardLimitBytes: 1_000_000 });
    const principal = { subject: 'admin', role: 'admin' as const, expiresAt: 0 };
    feed.attach(socket as unknown as WebSocket, { principal, filter: {} });
    for (const callId of ['a', 'b']) feed.publish({ type: 'call.opened', callId, language: 'zh-CN', packs: [], atMs: 0 });
    socket.bufferedAmount = 5000;
    for (let i = 1; i <= 50; i++) for (const callId of ['a', 'b']) feed.publish({ type: 'call.state', state: { callId, atMs: i, holds: 0 } });
    expect(sent.filter((m) => m.type === 'call.state')).toEqual([]);
    socket.bufferedAmount = 0;
    feed.publish({ type: 'call.opened', callId: 'c', language: 'zh-CN', packs: [], atMs: 0 });
    const states = sent.filter((m): m is Extract<FeedMessage, { type: 'call.state' }> => m.type === 'call.state');
    expect(states.map((m) => [m.state.callId, m.state.atMs])).toEqual([
      ['a', 50],
      ['b', 50],
    ]);
    feed.close();
  });
});
