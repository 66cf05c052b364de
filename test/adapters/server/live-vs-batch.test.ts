import { describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import type { EngineOutput, Finding } from '../../../engine/index.js';
import { HeapVirtualScheduler } from '../../../adapters/batch/heap-virtual-scheduler.js';
import { replayOnVirtualClock } from '../../../adapters/batch/virtual-replay.js';
import { silentLogger } from '../../../adapters/log/logger.js';
import { startServer } from '../../../adapters/server/create-server.js';
import { createEngine } from '../../../engine/index.js';
import { bearer, testAuth } from '../../support/auth.js';
import { sampleCalls } from '../../support/demo-recording.js';
import { shippedPack } from '../../support/packs.js';

const packs = [shippedPack('zh-CN-standard'), shippedPack('en-US-standard')];
const key = (f: Finding) => JSON.stringify([f.callId, f.ruleId, f.utteranceId ?? null, f.atMs, f.confirmedAtMs, f.category]);

describe('serve versus analyze', () => {
  it('gives identical findings for the same calls, live over WebSocket and in batch', async () => {
    const calls = sampleCalls();
    const batch = replayOnVirtualClock(
      calls.map((events) => events.map((event) => ({ event }))),
      (scheduler) => createEngine({ scheduler, packs: () => packs }),
    ).flatMap((o) => (o.type === 'finding' ? [o.finding] : []));

    // Live: the real server and socket, on a virtual clock the test moves forward event by event.
    const scheduler = new HeapVirtualScheduler();
    const server = await startServer({ port: 0, host: '127.0.0.1', packs: () => packs, log: silentLogger, scheduler, auth: testAuth });
    const live: EngineOutput[] = [];
    server.outputs.subscribe((o) => live.push(o));
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ingest?ack=1`, { headers: await bearer('ingest') });
    await new Promise((resolve) => socket.once('open', resolve));
    const acks: Array<() => void> = [];
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'ack') acks.shift()?.();
    });
    // Calls start 3.7 s apart, so each call's clock has its own offset on the shared one; every event is sent at
    // its call's start plus its tMs, as a live adapter sends it.
    const deliveries = calls.flatMap((events, i) => events.map((event) => ({ event, atMs: event.tMs + i * 3_700 }))).sort((a, b) => a.atMs - b.atMs);
    for (const { atMs, event } of deliveries) {
      scheduler.advanceTo(atMs);
      const acked = new Promise<void>((resolve) => acks.push(resolve));
      socket.send(JSON.stringify(event));
      await acked;
    }
    scheduler.flush();
    socket.close();
    await server.close();

    const liveFindings = live.flatMap((o) => (o.type === 'finding' ? [o.finding] : []));
    expect(liveFindings.length).toBeGreaterThan(5);
    expect(liveFindings.map(key).sort()).toEqual(batch.map(key).sort());
  });
});
