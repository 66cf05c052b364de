import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeapVirtualScheduler } from '../../adapters/batch/heap-virtual-scheduler.js';
import { silentLogger } from '../../adapters/log/logger.js';
import { startServer, type RunningServer } from '../../adapters/server/create-server.js';
import type { FindingStore } from '../../adapters/store/finding-store.js';
import { openSqliteFindingStore } from '../../adapters/store/sqlite-finding-store.js';
import { testAuth, tokenFor } from '../support/auth.js';
import { launchChromium, signInPage } from '../support/browser.js';
import { callScript } from '../support/call-script.js';
import { feedCalls } from '../support/feed-calls.js';
import { shippedPack } from '../support/packs.js';

let server: RunningServer;
let store: FindingStore;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  const scheduler = new HeapVirtualScheduler();
  store = openSqliteFindingStore(join(mkdtempSync(join(tmpdir(), 'callcoach-review-page-')), 'f.sqlite'));
  server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [shippedPack('zh-CN-standard')], log: silentLogger, auth: testAuth, scheduler, store });
  await feedCalls(server, scheduler, [callScript('qa-1').agent('您好。').customer('我的快递没到').agent('你问我，我问谁？').agent('好，就这样吧。').end('agent').events]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
});

describe('QA review page', () => {
  it('shows the transcript with the evidence highlighted, and records a dismissal', async () => {
    const page = await browser.newPage();
    await signInPage(page, server.url, await tokenFor('qa', { subject: 'qa-lead' }), '/review');
    expect(await page.locator('#who').textContent()).toContain('qa-lead (qa)');
    await page.locator('nav button[data-call-id="qa-1"]').click();
    const mark = page.locator('.transcript li[data-utterance-id="u3"] mark');
    await mark.waitFor();
    expect(await mark.textContent()).toBe('你问我，我问谁');
    const finding = page.locator('.finding', { hasText: 'forbidden_phrase' });
    await finding.getByRole('textbox', { name: 'review note' }).fill('agent was quoting');
    await finding.getByRole('button', { name: 'Dismiss' }).click();
    await page.locator('.finding[data-verdict="dismissed"]').waitFor();
    expect(await page.locator('.finding[data-verdict="dismissed"] .verdict').textContent()).toBe('dismissed by qa-lead: agent was quoting');
    const stored = (await store.findingsOf('qa-1')).find((f) => f.category === 'forbidden_phrase');
    expect(stored?.review).toMatchObject({ verdict: 'dismissed', reviewer: 'qa-lead' });
    await page.locator('.audit li', { hasText: 'qa-lead (qa) review' }).waitFor();
    await page.close();
  });

  it('refuses a change that does not repeat the CSRF token, and a page of another origin', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/review?call=qa-1`);
    await page.locator('.finding').first().waitFor();
    const statuses = await page.evaluate(async () => {
      const post = (headers: Record<string, string>) => fetch('/api/calls/qa-1/findings/x/review', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"verdict":"confirmed"}' }).then((r) => r.status);
      return { withoutCsrf: await post({}), withWrongCsrf: await post({ 'x-callcoach-csrf': 'guess' }) };
    });
    expect(statuses).toEqual({ withoutCsrf: 403, withWrongCsrf: 403 });
    const headers = (await page.request.get(`${server.url}/review`)).headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    await page.close();
  });
});
