/**
 * Debian's Chromium through playwright-core (never a downloaded browser).
 * Missing, it fails the test with how to install it; it never skips.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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

/** A new page that fails the test on any CSP violation or uncaught page error. */
export async function openPage(browser: Browser, options: { colorScheme?: 'light' | 'dark' } = {}) {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      problems.push(message.text());
  });
  return { page, context, problems };
}

/** The sign-in screen, once: paste the admin token. */
export async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
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
