import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import { HeapVirtualScheduler } from '../../adapters/batch/heap-virtual-scheduler.js';
import { silentLogger } from '../../adapters/log/logger.js';
import { startServer, type RunningServer } from '../../adapters/server/create-server.js';
import type { CallEvent } from '../../engine/index.js';
import { bearer, testAuth, tokenFor } from '../support/auth.js';
import { launchChromium, signInPage } from '../support/browser.js';
import { callScript } from '../support/call-script.js';
import { shippedPack } from '../support/packs.js';

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const scheduler = new HeapVirtualScheduler();

beforeAll(async () => {
  // These tests watch provisional nudges appear at once and be withdrawn: the 'show' policy (the default holds them 1 s).
  server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [shippedPack('zh-CN-standard')], log: silentLogger, auth: testAuth, scheduler, engine: { nudgePolicy: { provisional: 'show' } } });
  browser = await launchChromium();
  // A supervisor's view of every call: signed in once as admin; the session cookie serves every page of the context.
  const page = await browser.newPage();
  await signInPage(page, server.url, await tokenFor('admin', { subject: 'floor-admin' }), '/');
  await page.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// Each call's time starts where the shared virtual clock stood when its first event was sent.
const callBase = new Map<string, number>();

async function ingest(events: readonly CallEvent[]): Promise<void> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ingest?ack=1`, { headers: await bearer('ingest') });
  await new Promise((resolve) => socket.once('open', resolve));
  for (const event of events) {
    if (!callBase.has(event.callId)) callBase.set(event.callId, scheduler.now());
    const base = callBase.get(event.callId) as number;
    scheduler.advanceTo(base + event.tMs);
    const acked = new Promise((resolve) => socket.once('message', resolve));
    socket.send(JSON.stringify(event));
    await acked;
  }
  const last = events[events.length - 1];
  if (last) scheduler.advanceTo((callBase.get(last.callId) as number) + last.tMs + 1_000);
  socket.close();
}

describe('agent overlay', () => {
  it('shows a provisional nudge, then its confirmation in place, for the filtered agent', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?agent=a-1`);
    await page.waitForSelector('.status[data-state="open"]');
    const events = callScript('ov-1').agent('您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？').agent('你问我，我问谁？', { partials: ['你问我我问谁'], durationMs: 4_000 }).events;
    const partialAt = events.findIndex((e) => e.type === 'utterance.partial');
    await ingest(events.slice(0, partialAt + 1));
    const provisional = page.locator('.call[data-call-id="ov-1"] .nudge[data-status="provisional"]');
    await provisional.waitFor();
    expect(await provisional.locator('.text').textContent()).toContain('你问我，我问谁');
    expect(await provisional.locator('.suggest').textContent()).toBe('这个问题我帮您查询一下，请您稍等。');
    await ingest(events.slice(partialAt + 1));
    await page.locator('.call[data-call-id="ov-1"] .nudge[data-status="confirmed"]').waitFor();
    expect(await page.locator('.call[data-call-id="ov-1"] .nudge').count()).toBe(1);
    await page.close();
  });

  it('withdraws a provisional nudge the final transcript does not confirm', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForSelector('.status[data-state="open"]');
    const events = callScript('ov-2').agent('您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？').agent('您着急什么时候要结果，我帮您加急。', { partials: ['你着急什么'], durationMs: 4_000 }).events;
    const partialAt = events.findIndex((e) => e.type === 'utterance.partial');
    await ingest(events.slice(0, partialAt + 1));
    await page.locator('.call[data-call-id="ov-2"] .nudge[data-status="provisional"]').waitFor();
    await ingest(events.slice(partialAt + 1));
    await page.locator('.call[data-call-id="ov-2"] .nudge').waitFor({ state: 'detached' });
    await page.close();
  });

  it('hides other agents’ calls', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?agent=someone-else`);
    await page.waitForSelector('.status[data-state="open"]');
    await ingest(callScript('ov-3').agent('你问我，我问谁？').events);
    await page.locator('#empty').waitFor({ state: 'attached' });
    expect(await page.locator('.call[data-call-id="ov-3"]').count()).toBe(0);
    expect(await page.locator('#empty').isVisible()).toBe(true);
    await page.close();
  });

  it('shows a signed-in agent their own calls only, whatever the address asks for', async () => {
    const page = await browser.newPage();
    await signInPage(page, server.url, await tokenFor('agent', { agentId: 'a-1' }), '/?agent=someone-else');
    await page.waitForSelector('.status[data-state="open"]');
    expect(await page.locator('#agent').inputValue()).toBe('a-1');
    expect(await page.locator('#agent').getAttribute('readonly')).not.toBeNull();
    await ingest(callScript('ov-4').agent('你问我，我问谁？').events);
    await page.locator('.call[data-call-id="ov-4"]').waitFor();
    await page.close();
  });

  it('resumes where it left off after a dropped connection, getting exactly what it missed', async () => {
    const page = await browser.newPage();
    const urls: string[] = [];
    const types: string[][] = [];
    let drop: (() => Promise<void>) | undefined;
    await page.routeWebSocket(/\/nudges/, (ws) => {
      urls.push(ws.url());
      const seen: string[] = [];
      types.push(seen);
      const upstream = ws.connectToServer();
      upstream.onMessage((message) => {
        seen.push((JSON.parse(String(message)) as { type: string }).type);
        ws.send(message);
      });
      drop = async () => {
        await upstream.close();
        await ws.close({ code: 4000, reason: 'network drop (test)' });
      };
    });
    await page.goto(`${server.url}/?agent=a-1`);
    await page.waitForSelector('.status[data-state="open"]');
    const events = callScript('ov-5').agent('您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？').agent('你问我，我问谁？').events;
    await ingest(events.slice(0, 1));
    await page.locator('.call[data-call-id="ov-5"]').waitFor();
    await drop?.();
    // While the page waits to reconnect, the call goes on.
    await ingest(events.slice(1));
    await page.locator('.call[data-call-id="ov-5"] .nudge[data-status="confirmed"]').waitFor();
    const resumed = new URL(urls[1] as string);
    expect(resumed.searchParams.get('agent')).toBe('a-1');
    expect(resumed.searchParams.get('stream')).toBe(server.feed.stream);
    expect(Number(resumed.searchParams.get('seq'))).toBeGreaterThan(0);
    // Exactly the missed messages, no snapshot: the page kept its state.
    expect(types[1]?.[0]).toBe('hello');
    expect(types[1]).not.toContain('snapshot');
    expect(types[1]).toContain('nudge');
    await page.close();
  });

  it('sends a browser with no session to sign in, and back after', async () => {
    const page = await browser.newPage();
    await page.context().clearCookies();
    await page.goto(`${server.url}/?agent=a-1`);
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/');
    await page.locator('#token').fill(await tokenFor('admin'));
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.waitForSelector('.status[data-state="open"]');
    await page.close();
  });
});
