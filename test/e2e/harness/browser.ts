/**
 * Debian's Chromium through playwright-core (never a downloaded browser).
 * Missing, it fails the test with how to install it; it never skips.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO } from './build.js';

export const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(REPO, 'test-results/screenshots');

export async function launchChromium(executablePath = CHROMIUM): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `The browser tests need Chromium at ${executablePath}, which is missing. Install it with: sudo apt-get install chromium`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * DVERSUM_E2E_SLOW_MS=<n> plays a busy machine on a fast one: every admin RPC
 * answers n ms late and every hash navigation renders n ms late. An assertion
 * that reads the page once instead of waiting then fails every time.
 */
const SLOW_MS = Number(process.env.DVERSUM_E2E_SLOW_MS ?? '0');

// A string: it runs in the page before the window's own script.
const slowHashChange = (ms: number) => `(() => {
  const wrapped = new WeakMap();
  const add = window.addEventListener.bind(window);
  const remove = window.removeEventListener.bind(window);
  window.addEventListener = (type, fn, opts) => {
    if (type !== 'hashchange' || typeof fn !== 'function') return add(type, fn, opts);
    const late = (event) => setTimeout(() => fn(event), ${ms});
    wrapped.set(fn, late);
    return add(type, late, opts);
  };
  window.removeEventListener = (type, fn, opts) => remove(type, wrapped.get(fn) ?? fn, opts);
})();`;

async function slowDown(context: BrowserContext): Promise<void> {
  if (!(SLOW_MS > 0)) return;
  await context.addInitScript(slowHashChange(SLOW_MS));
  await context.route('**/admin/rpc/**', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    await route.continue();
  });
}

/**
 * A new context and page that collect every CSP violation and uncaught page
 * error into `problems` (a new list unless one is given), each prefixed with
 * `label` when there is one, so a file can check them all at its end.
 */
export async function openPage(
  browser: Browser,
  options: {
    colorScheme?: 'light' | 'dark';
    problems?: string[];
    label?: string;
    /** The browser's language (the window follows it until the owner chooses one); en-US unless said. */
    locale?: string;
  } = {},
) {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-US',
  });
  await slowDown(context);
  const page = await context.newPage();
  const problems = options.problems ?? [];
  const prefix = options.label ? `${options.label}: ` : '';
  page.on('pageerror', (err) => problems.push(`${prefix}page error: ${err.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      problems.push(`${prefix}${message.text()}`);
  });
  return { page, context, problems };
}

/** The sign-in screen, once: paste the admin token. */
export async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  // The sign-in screen speaks the browser's language: English or German.
  await page.getByLabel(/^(Admin token|Admin-Token)$/).fill(token);
  await page.getByRole('button', { name: /^(Sign in|Anmelden)$/ }).click();
  await page.getByRole('navigation', { name: /^(Main|Hauptmenü)$/ }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Clicks a link of the main navigation (Clients … Settings). */
export async function mainNav(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
}

/** Settings > <page> (Integrations, Webhooks, General). */
export async function settingsNav(page: Page, label: string): Promise<void> {
  await mainNav(page, 'Settings');
  await page
    .getByRole('navigation', { name: 'Settings' })
    .getByRole('link', { name: label, exact: true })
    .click();
}

/** Settings > Integrations > <tab> (Webhooks, Incoming Webhooks), as the seed says. */
export async function integrationsTab(page: Page, label: string): Promise<void> {
  await settingsNav(page, 'Integrations');
  await page
    .getByRole('navigation', { name: 'Integrations' })
    .getByRole('link', { name: label, exact: true })
    .click();
}
