/**
 * What every browser test file sets up: the window built, one headless server
 * (and a webhook receiver when asked) and one Chromium for the file, and a
 * new browser context for each test (`await file.page()`), closed after it,
 * so no test depends on the page or the sign-in the one before it left.
 * A failed test leaves a screenshot of its pages in test-results/screenshots/
 * and the server's output in test-results/e2e-logs/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium, openPage, screenshot, signIn } from './browser.js';
import { ensureRendererBuilt, REPO } from './build.js';
import { startReceiver, type Receiver } from '../../support/receiver.js';
import { startHeadless, type HeadlessServer } from './server.js';

export interface BrowserFileOptions {
  /** Start a webhook receiver for the file. */
  receiver?: boolean;
  colorScheme?: 'light' | 'dark';
  /** Runs on each new context before its page is signed in (the bridge file's init script). */
  prepare?: (context: BrowserContext) => Promise<void>;
}

export interface BrowserFile {
  readonly server: HeadlessServer;
  readonly receiver: Receiver;
  readonly browser: Browser;
  /** CSP violations and page errors of every page the file opened, each named by its test. */
  readonly problems: string[];
  /** A page in a new context, signed in with the admin token unless `signedIn: false`. */
  page(options?: { signedIn?: boolean; locale?: string }): Promise<Page>;
}

/** Starts everything and registers the hooks; call it at the top of a `describe`. */
export function useBrowserFile(options: BrowserFileOptions = {}): BrowserFile {
  let server: HeadlessServer | undefined;
  let receiver: Receiver | undefined;
  let browser: Browser | undefined;
  const problems: string[] = [];
  let open: { context: BrowserContext; page: Page }[] = [];

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The ${what} is not running (did beforeAll fail?)`);
    return value;
  };

  beforeAll(async () => {
    await ensureRendererBuilt();
    // allSettled, so whatever did start is stopped in afterAll even when another part failed.
    const [s, r, b] = await Promise.allSettled([
      startHeadless(),
      options.receiver ? startReceiver() : Promise.resolve(undefined),
      launchChromium(),
    ]);
    if (s.status === 'fulfilled') server = s.value;
    if (r.status === 'fulfilled') receiver = r.value;
    if (b.status === 'fulfilled') browser = b.value;
    for (const outcome of [s, r, b]) if (outcome.status === 'rejected') throw outcome.reason;
  }, 240_000);

  afterEach(async ({ task }) => {
    const pages = open;
    open = [];
    const failed = task.result?.state === 'fail';
    const name = `failed-${task.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}`;
    if (failed && server) {
      const logs = join(REPO, 'test-results/e2e-logs');
      mkdirSync(logs, { recursive: true });
      const status = server.exitStatus();
      const head = status === null ? 'running' : `exited (${status})`;
      writeFileSync(join(logs, `${name}.log`), `server ${head}\n${server.output()}`);
    }
    for (const [i, { context, page }] of pages.entries()) {
      if (failed) await screenshot(page, `${name}-${i + 1}`).catch(() => undefined);
      await context.close();
    }
  });

  afterAll(async () => {
    await Promise.all(open.map(({ context }) => context.close()));
    await browser?.close();
    // The server first: nothing is delivered to a receiver that is closing.
    await server?.stop();
    await receiver?.close();
  });

  return {
    get server() {
      return started(server, 'headless server');
    },
    get receiver() {
      return started(receiver, 'receiver (ask for it with { receiver: true })');
    },
    get browser() {
      return started(browser, 'browser');
    },
    problems,
    async page({ signedIn = true, locale }: { signedIn?: boolean; locale?: string } = {}) {
      const { page, context } = await openPage(started(browser, 'browser'), {
        colorScheme: options.colorScheme,
        locale,
        problems,
        label: expect.getState().currentTestName,
      });
      open.push({ context, page });
      await options.prepare?.(context);
      if (signedIn) {
        const s = started(server, 'headless server');
        await signIn(page, s.baseUrl, s.token);
      }
      return page;
    },
  };
}
