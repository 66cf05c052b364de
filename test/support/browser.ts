import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium driven by playwright-core, headless, with a fresh profile. Fails (never skips) with a sentence
 * saying how to install it when it is missing.
 */
export async function launchChromium(): Promise<{ browser: Browser | BrowserContext; close(): Promise<void>; newPage: BrowserContext['newPage'] }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: install Debian's package with "apt-get update && apt-get install -y chromium" (.ci/run does this).`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'callcoach-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  return {
    browser: context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs a page in the way a printed link does (token in the #fragment), and waits until it lands on `next`. */
export async function signInPage(page: Awaited<ReturnType<BrowserContext['newPage']>>, baseUrl: string, token: string, next: string): Promise<void> {
  await page.goto(`${baseUrl}/login#token=${token}&next=${encodeURIComponent(next)}`);
  await page.waitForURL((url) => url.pathname + url.search === next);
}
