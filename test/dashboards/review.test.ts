import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeapVirtualScheduler } from '../../adapters/batch/heap-virtual-scheduler.js';
import { silentLogger } from '../../adapters/log/logger.js';
import { startServer, type RunningServer } from '../../adapters/server/create-server.js';
import type { FindingStore } from '../../adapters/store/finding-store.js';
import { openSqliteFindingStore } from '../../adapters/store/sqlite-finding-store.js';
import { launchChromium } from '../support/browser.js';
import { callScript } from '../support/call-script.js';
import { feedCalls } from '../support/feed-calls.js';
import { shippedPack } from '../support/packs.js';

let server: RunningServer;
let store: FindingStore;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  const scheduler = new HeapVirtualScheduler();
  store = openSqliteFindingStore(join(mkdtempSync(join(tmpdir(), 'callcoach-review-page-')), 'f.sqlite'));
  server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [shippedPack('zh-CN-standard')], log: silentLogger, scheduler, store });
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
    await page.goto(`${server.url}/review`);
    await page.locator('nav button[data-call-id="qa-1"]').click();
    const mark = page.locator('.transcript li[data-utterance-id="u3"] mark');
    await mark.waitFor();
    expect(await mark.textContent()).toBe('你问我，我问谁');
    const finding = page.locator('.finding', { hasText: 'forbidden_phrase' });
    await page.locator('#reviewer').fill('qa-lead');
    await page.locator('#reviewer').dispatchEvent('change');
    await finding.getByRole('textbox', { name: 'review note' }).fill('agent was quoting');
    await finding.getByRole('button', { name: 'Dismiss' }).click();
    await page.locator('.finding[data-verdict="dismissed"]').waitFor();
    expect(await page.locator('.finding[data-verdict="dismissed"] .verdict').textContent()).toBe('dismissed by qa-lead: agent was quoting');
    const stored = (await store.findingsOf('qa-1')).find((f) => f.category === 'forbidden_phrase');
    expect(stored?.review).toMatchObject({ verdict: 'dismissed', reviewer: 'qa-lead' });
    await page.close();
  });

  it('asks for the reviewer’s name before recording a verdict', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/review?call=qa-1`);
    await page.locator('#reviewer').fill('');
    await page.locator('.finding').first().getByRole('button', { name: 'Confirm' }).click();
    expect(await page.locator('#reviewer').evaluate((el) => (el as unknown as { validationMessage: string }).validationMessage)).toContain('Enter your name');
    await page.close();
  });
});
