import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import { HeapVirtualScheduler } from '../../../adapters/batch/heap-virtual-scheduler.js';
import { silentLogger } from '../../../adapters/log/logger.js';
import { openRedisFeedRelay, type FeedRelay } from '../../../adapters/redis/redis-feed-relay.js';
import { startServer, type RunningServer } from '../../../adapters/server/create-server.js';
import { bearer, testAuth } from '../../support/auth.js';
import { callScript } from '../../support/call-script.js';
import { feedCalls } from '../../support/feed-calls.js';
import { shippedPack } from '../../support/packs.js';

// The real Redis server: .ci/run sets the URL and fails when it is unreachable.
const REDIS_URL = process.env.CALLCOACH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const channel = `callcoach:test:${process.pid}:${Date.now()}`;
const relays: FeedRelay[] = [];
let engineSide: RunningServer;
let overlaySide: RunningServer;
const scheduler = new HeapVirtualScheduler();

beforeAll(async () => {
  for (let i = 0; i < 2; i++) relays.push(await openRedisFeedRelay(REDIS_URL, channel));
  const packs = () => [shippedPack('zh-CN-standard')];
  engineSide = await startServer({ port: 0, host: '127.0.0.1', packs, log: silentLogger, auth: testAuth, scheduler, relay: relays[0] as FeedRelay });
  overlaySide = await startServer({ port: 0, host: '127.0.0.1', packs, log: silentLogger, auth: testAuth, relay: relays[1] as FeedRelay });
});

afterAll(async () => {
  await engineSide.close();
  await overlaySide.close();
  await Promise.all(relays.map((r) => r.close()));
});

describe('Redis feed relay', () => {
  it('delivers nudges to an overlay connected to another instance than the one processing the call', async () => {
    const overlay = new WebSocket(`${overlaySide.url.replace('http', 'ws')}/nudges?agent=a-1`, { headers: await bearer('agent', { agentId: 'a-1' }) });
    const received: Array<{ type: string; nudge?: { ruleId: string } }> = [];
    const nudged = new Promise<void>((resolve) =>
      overlay.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string; nudge?: { ruleId: string } };
        received.push(message);
        if (message.type === 'nudge' && message.nudge?.ruleId === 'zh.forbidden.ni_wen_wo') resolve();
      }),
    );
    await new Promise((resolve) => overlay.once('open', resolve));
    await feedCalls(engineSide, scheduler, [callScript('relay-1').agent('您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？').agent('你问我，我问谁？').events]);
    await nudged;
    expect(received.map((m) => m.type)).toEqual(expect.arrayContaining(['snapshot', 'call.opened', 'nudge']));
    overlay.close();
  });

  it('refuses an unreachable Redis with a sentence that says so', async () => {
    await expect(openRedisFeedRelay('redis://127.0.0.1:1')).rejects.toThrow('cannot reach Redis at redis://127.0.0.1:1');
  });
});
