// Headless Chromium for page and player tests: Debian's `chromium` driven by playwright-core (no browser
// download at run time; `.ci/run` installs the package when it is missing). The flags keep the browser
// off every host but the ones a test serves on 127.0.0.1 (see docs/OPERATIONS.md, "Browser tests").
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-quic',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export interface TestBrowser {
  context: BrowserContext;
  /** Every request the pages made, so a test can assert that none left 127.0.0.1. */
  requests: string[];
  /** Console errors and uncaught page errors, so a test can assert there are none. */
  consoleErrors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh empty profile; `close()` removes the profile. */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} not found: install Debian's chromium (apt-get install chromium), as .ci/run does`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'greenstream-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
  });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const watch = (page: Page): void => {
    page.on('request', (request: Request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    requests,
    consoleErrors,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Hosts other than the loopback ones that the pages asked for (should be empty). */
export function offLoopbackRequests(requests: readonly string[]): string[] {
  return requests.filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return false;
    const host = new URL(url).hostname;
    return host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]';
  });
}

// Browser = the launched browser type, re-exported for tests that need it.
export type { Browser, Page };
