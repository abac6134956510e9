/**
 * The console's end-to-end tests drive Debian's Chromium with playwright-core: one browser and one page per
 * test file, page errors collected, screenshots written to test-output/console/ (not committed).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
/** dist/test/support/ → the repository's test-output/console/ */
export const SCREENSHOTS = fileURLToPath(new URL('../../../test-output/console/', import.meta.url));

export interface ConsoleBrowser {
  browser: Browser;
  page: Page;
  /** Uncaught errors of the page so far. */
  pageErrors: string[];
}

/** Launches Chromium (failing loudly when it is missing) and opens a page with the given default timeout. */
export async function launchConsoleBrowser(options: { height?: number; timeoutMs?: number } = {}): Promise<ConsoleBrowser> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: \`node scripts/ensure-test-tools.mjs\` (run by \`npm test\`) installs Debian's chromium`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: options.height ?? 900 } });
  page.setDefaultTimeout(options.timeoutMs ?? 10_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { browser, page, pageErrors };
}
