import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import { HeapVirtualScheduler } from '../../adapters/batch/heap-virtual-scheduler.js';
import { silentLogger } from '../../adapters/log/logger.js';
import { startServer, type RunningServer } from '../../adapters/server/create-server.js';
import type { CallEvent } from '../../engine/index.js';
import { bearer, testAuth, tokenFor } from '../support/auth.js';
import { launchChromium, signInPage } from '../support/browser.js';
import { callScript } from '../support/call-script.js';
import { shippedPack } from '../support/packs.js';

const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');

let server: RunningServer;
let wallBrowser: Awaited<ReturnType<typeof launchChromium>>;
let agentBrowser: Awaited<ReturnType<typeof launchChromium>>;
let wall: Page;
let overlay: Page;
const scheduler = new HeapVirtualScheduler();
const latencies: Record<string, number> = {};
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    packs: () => [shippedPack('zh-CN-standard'), shippedPack('en-US-standard')],
    log: silentLogger,
    auth: testAuth,
    scheduler,
    engine: { nudgePolicy: { provisional: 'show' } },
  });
  // Two browsers: one profile (and session cookie) is the team lead's wall, the other the agent's overlay.
  wallBrowser = await launchChromium();
  agentBrowser = await launchChromium();
  wall = await wallBrowser.newPage();
  wall.on('pageerror', (error) => pageErrors.push(`wall: ${error.message}`));
  await wall.setViewportSize({ width: 1280, height: 900 });
  await signInPage(wall, server.url, await tokenFor('supervisor', { teamId: 'T1', subject: 'lead-1' }), '/live');
  await wall.waitForSelector('.status[data-state="open"]');
  overlay = await agentBrowser.newPage();
  overlay.on('pageerror', (error) => pageErrors.push(`overlay: ${error.message}`));
  await overlay.setViewportSize({ width: 360, height: 800 });
  await signInPage(overlay, server.url, await tokenFor('agent', { agentId: 'a-1' }), '/');
  await overlay.waitForSelector('.status[data-state="open"]');
});

afterAll(async () => {
  console.log(`alert latency, ingest send to element on the wall (ms): ${JSON.stringify(latencies)}`);
  await wallBrowser?.close();
  await agentBrowser?.close();
  await server?.close();
});

// Each call's time starts where the shared virtual clock stood when its first event was sent.
const callBase = new Map<string, number>();

// The engine holds events without a producer seq for its 200 ms reorder window (engine scheduler time); after the
// last event the virtual clock is moved past it, as the real clock would be.
const REORDER_WINDOW_MS = 200;

async function ingest(events: readonly CallEvent[], advanceAfterMs = REORDER_WINDOW_MS): Promise<void> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ingest?ack=1`, { headers: await bearer('ingest') });
  await new Promise((resolve) => socket.once('open', resolve));
  for (const event of events) {
    if (!callBase.has(event.callId)) callBase.set(event.callId, scheduler.now());
    const base = callBase.get(event.callId) as number;
    scheduler.advanceTo(Math.max(scheduler.now(), base + event.tMs));
    const acked = new Promise((resolve) => socket.once('message', resolve));
    socket.send(JSON.stringify(event));
    await acked;
  }
  if (advanceAfterMs > 0) scheduler.advanceTo(scheduler.now() + advanceAfterMs);
  socket.close();
}

function onTeam(events: readonly CallEvent[], teamId: string, agentId = 'a-1'): CallEvent[] {
  return events.map((e) => (e.type === 'call.started' ? { ...e, teamId, agentId } : e));
}

/** Evaluates an expression in the page (a string, so this file needs no DOM typings). */
function inPage<T = unknown>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

/** Presses Tab until `selector` has focus (keyboard only); fails after `limit` presses. */
async function tabTo(page: Page, selector: string, limit = 80): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if (await inPage<boolean>(page, `document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return presses;
  }
  throw new Error(`Tab never reached ${selector}`);
}

const CALLS = {
  zh: { callId: 'lv-zh', language: 'zh-CN', greeting: '您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？', trigger: '我要找你们领导', severity: '严重' },
  en: { callId: 'lv-en', language: 'en-US', greeting: 'Thank you for calling Acme, my name is Sam, how may I help you?', trigger: 'Let me speak to your manager right now', severity: 'critical' },
} as const;

describe('supervisor wall', () => {
  it.each(['zh', 'en'] as const)('shows a %s call’s alert within 1 s and takes its acknowledgement from the keyboard alone', async (lang) => {
    const c = CALLS[lang];
    const events = onTeam(callScript(c.callId, c.language).agent(c.greeting).customer(c.trigger).events, 'T1');
    const triggerAt = events.length - 1;
    await ingest(events.slice(0, triggerAt));
    await wall.locator(`.tile[data-call-id="${c.callId}"]`).waitFor();

    const sentAt = Date.now();
    await ingest(events.slice(triggerAt));
    const alert = wall.locator(`.alert[data-call-id="${c.callId}"]`);
    await alert.waitFor();
    latencies[lang] = Date.now() - sentAt;
    expect(latencies[lang]).toBeLessThan(1000);
    expect(await alert.getAttribute('data-severity')).toBe('critical');
    expect(await alert.locator('.alert-text').getAttribute('lang')).toBe(c.language);
    expect(await wall.locator(`.tile[data-call-id="${c.callId}"] [data-fact]`).allTextContents()).toEqual(['a-1', 'T1', expect.stringMatching(/^\d+:\d\d$/), c.language]);

    // Keyboard only: Tab to this alert's Acknowledge button, Enter; the server's acknowledgement names the lead.
    await wall.locator('h1').click(); // a neutral starting point (and the user gesture that unlocks sound)
    await tabTo(wall, `.alert[data-call-id="${c.callId}"] button.ack`);
    await wall.keyboard.press('Enter');
    const acked = alert.locator('.acked');
    await acked.waitFor();
    expect(await acked.textContent()).toMatch(/lead-1/);
    // Focus stayed in the alert (on its Open button) for the next key press.
    expect(await inPage(wall, `document.activeElement?.closest('.alert')?.getAttribute('data-call-id')`)).toBe(c.callId);
    await wall.screenshot({ path: join(SCREENSHOTS, `wall-alert-${lang}.png`), fullPage: true });
  });

  it('beeps for an alert once the user has interacted, and not when muted', async () => {
    const before = Number((await wall.locator('body').getAttribute('data-beeps')) ?? '0');
    await ingest(onTeam(callScript('lv-beep', 'en-US').agent(CALLS.en.greeting).customer('I want to complain about this').events, 'T1'));
    await wall.locator('.alert[data-call-id="lv-beep"]').waitFor();
    expect(Number(await wall.locator('body').getAttribute('data-beeps'))).toBe(before + 1);
    await wall.locator('#mute').focus();
    await wall.keyboard.press('Enter');
    expect(await wall.locator('#mute').getAttribute('aria-pressed')).toBe('true');
    await ingest(onTeam(callScript('lv-beep-2', 'en-US').agent(CALLS.en.greeting).customer('I want to complain about this').events, 'T1'));
    await wall.locator('.alert[data-call-id="lv-beep-2"]').waitFor();
    expect(Number(await wall.locator('body').getAttribute('data-beeps'))).toBe(before + 1);
    await wall.keyboard.press('Enter'); // unmute again (focus is still on the toggle)
    expect(await wall.locator('#mute').getAttribute('aria-pressed')).toBe('false');
  });

  it('sends a whisper typed in a call’s live view to the agent’s overlay', async () => {
    await wall.locator('.tile[data-call-id="lv-zh"] .tile-open').focus();
    await wall.keyboard.press('Enter');
    await wall.locator('#detail:not([hidden])').waitFor();
    expect(await inPage(wall, 'document.activeElement?.id')).toBe('detail-title');
    // The live view lists the call's card nudge and alert, newest first.
    expect(await wall.locator('#detail-events .event[data-kind="alert"]').count()).toBe(1);
    expect(await wall.locator('#detail-events .event[data-kind="nudge"]').count()).toBeGreaterThan(0);
    await tabTo(wall, '#whisper-text');
    await wall.keyboard.type('请先安抚客户，我马上过来');
    await wall.keyboard.press('Enter');
    const whisper = overlay.locator('.call[data-call-id="lv-zh"] .whisper');
    await whisper.waitFor();
    expect(await whisper.locator('.whisper-text').textContent()).toBe('请先安抚客户，我马上过来');
    expect(await whisper.locator('.whisper-from').textContent()).toContain('lead-1');
    await overlay.waitForFunction(`document.getElementById('announce-assertive')?.textContent?.includes('请先安抚客户')`);
    await wall.locator('#detail-events .event[data-kind="whisper"]').waitFor();
    await wall.screenshot({ path: join(SCREENSHOTS, 'wall-call-view.png'), fullPage: true });
    await wall.keyboard.press('Escape');
    await wall.locator('#detail').waitFor({ state: 'hidden' });
    expect(await inPage(wall, `document.activeElement?.classList.contains('tile-open')`)).toBe(true);
  });

  it('never shows a T1 lead another team’s call or alert', async () => {
    await ingest(onTeam(callScript('lv-t2', 'zh-CN').agent(CALLS.zh.greeting).customer(CALLS.zh.trigger).events, 'T2', 'a-2'));
    await ingest(onTeam(callScript('lv-t1', 'zh-CN').agent(CALLS.zh.greeting).customer(CALLS.zh.trigger).events, 'T1'));
    // The feed is ordered: once T1's later alert is on the wall, T2's would have been too.
    await wall.locator('.alert[data-call-id="lv-t1"]').waitFor();
    expect(await wall.locator('[data-call-id="lv-t2"]').count()).toBe(0);
    expect(await wall.locator('#filter-team option').allTextContents()).not.toContain('T2');
  });

  it('switches its own text between Chinese and English, keeping call content in the call’s language', async () => {
    const toggle = wall.locator('#ui-language');
    const start = await wall.locator('#alerts-title').textContent();
    await toggle.focus();
    await wall.keyboard.press('Enter');
    const switched = await wall.locator('#alerts-title').textContent();
    expect([start, switched].sort()).toEqual(['Alerts', '告警']);
    await wall.keyboard.press('Enter');
    expect(await wall.locator('#alerts-title').textContent()).toBe(start);
    expect(await wall.locator('.alert[data-call-id="lv-zh"] .alert-text').textContent()).toContain('客户要求找领导');
  });

  it('has no horizontal scroll at 360 px', async () => {
    const narrow = await wallBrowser.newPage();
    await narrow.setViewportSize({ width: 360, height: 800 });
    await narrow.goto(`${server.url}/live`);
    await narrow.locator('.tile[data-call-id="lv-zh"]').waitFor();
    expect(await inPage<number>(narrow, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await narrow.screenshot({ path: join(SCREENSHOTS, 'wall-360.png'), fullPage: true });
    await narrow.close();
  });
});

describe('both pages', () => {
  it('ran without a script error', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('agent overlay, live state', () => {
  it('labels a Chinese call in Chinese and an English call in English, with the greeting judged', async () => {
    await ingest(onTeam(callScript('lv-en-bad', 'en-US').agent('Hello.').agent('What is your account number?').events, 'T1'));
    const zh = overlay.locator('.call[data-call-id="lv-zh"]');
    const en = overlay.locator('.call[data-call-id="lv-en"]');
    const bad = overlay.locator('.call[data-call-id="lv-en-bad"]');
    await bad.waitFor();
    expect(await zh.locator('.checks .label').allTextContents()).toEqual(['开场白', '称呼姓氏', '结束语']);
    expect(await en.locator('.checks .label').allTextContents()).toEqual(['Greeting', 'Surname', 'Closing']);
    expect(await zh.locator('.nudge[data-kind="card"] .badge').first().textContent()).toBe('话术');
    expect(await en.locator('.nudge[data-kind="card"] .badge').first().textContent()).toBe('script');
    // A full greeting is done once its turn has been judged; "Hello." alone is missed; closing waits for the end.
    await zh.locator('[data-check="greeting"][data-status="ok"]').waitFor();
    await bad.locator('[data-check="greeting"][data-status="missed"]').waitFor();
    // The wall's tiles judge the same way.
    await wall.locator('.tile[data-call-id="lv-zh"] [data-check="greeting"][data-status="ok"]').waitFor();
    await wall.locator('.tile[data-call-id="lv-en-bad"] [data-check="greeting"][data-status="missed"]').waitFor();
    expect(await bad.locator('.nudge .badge').allTextContents()).toContain('Greeting missing');
    expect(await zh.locator('[data-check="closing"]').getAttribute('data-status')).toBe('pending');
    expect(await zh.locator('.nudge .dismiss').first().getAttribute('aria-label')).toMatch(/^关闭提示：/);
    expect(await zh.locator('.whisper .dismiss').getAttribute('aria-label')).toBe('关闭来自 lead-1 的消息');
  });

  it('shows the hold timer after hold.started, and the apology reminder past 30 s', async () => {
    const zh = overlay.locator('.call[data-call-id="lv-zh"]');
    expect(await zh.locator('.hold').isHidden()).toBe(true);
    const startedAt = scheduler.now() - (callBase.get('lv-zh') as number) + 1_000;
    await ingest([{ type: 'hold.started', callId: 'lv-zh', tMs: startedAt }]);
    await zh.locator('.hold:not([hidden])').waitFor();
    expect(await zh.locator('.hold').textContent()).toMatch(/^保持中 0:0\d$/);
    expect(await zh.locator('.hold-reminder').isHidden()).toBe(true);
    // The agent's own speech on hold moves the call clock on (a state update 35 s into the hold).
    await ingest([{ type: 'utterance.final', callId: 'lv-zh', utteranceId: 'hold-note', speaker: 'agent', text: '系统正在查询', startMs: startedAt + 33_000, endMs: startedAt + 35_000, tMs: startedAt + 35_000 }]);
    await zh.locator('.hold-reminder:not([hidden])').waitFor();
    expect(await zh.locator('.hold').textContent()).toMatch(/^保持中 0:3\d$/);
    expect(await zh.locator('.hold-reminder').textContent()).toContain('很抱歉，让您久等了');
    expect(await inPage<number>(overlay, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await overlay.screenshot({ path: join(SCREENSHOTS, 'overlay-360-hold.png'), fullPage: true });
  });

  it('dismisses the newest nudge with Escape', async () => {
    const before = await overlay.locator('.nudge').count();
    const newest = await inPage<string>(overlay, `[...document.querySelectorAll('.nudge')].sort((a, b) => Number(b.dataset.arrival) - Number(a.dataset.arrival))[0]?.dataset.nudgeId`);
    await overlay.locator('h1').click();
    await overlay.keyboard.press('Escape');
    expect(await overlay.locator('.nudge').count()).toBe(before - 1);
    expect(await overlay.locator(`[data-nudge-id="${newest}"]`).count()).toBe(0);
  });
});
