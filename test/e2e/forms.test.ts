/**
 * Bad input in the window: every form says what to fix next to the field,
 * with the contract's own message, and a refused save changes nothing.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationsTab, launchChromium, mainNav, openPage, screenshot, signIn } from './harness/browser.js';
import { ensureRendererBuilt } from './harness/build.js';
import { startHeadless, type HeadlessServer } from './harness/server.js';

/** The message shown for a control: the element its aria-describedby points at that is an error. */
async function errorFor(control: Locator): Promise<string | null> {
  await expect.poll(() => control.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await control.getAttribute('aria-describedby')) ?? '')
    .split(' ')
    .filter((id) => id.endsWith('-err'));
  if (ids.length !== 1) return null;
  return control.page().locator(`[id="${ids[0]}"]`).textContent();
}

/** The group's error, inside its fieldset. */
const groupError = (page: Page, legend: string) =>
  page.getByRole('group', { name: legend, exact: true }).locator(':scope > .field-error').textContent();

describe('forms show the contract’s field errors', () => {
  let server: HeadlessServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  /** The message the contract itself gives for `path` when `name` gets `input`. */
  const contractSays = async (name: string, input: unknown, path: string) => {
    const { status, body } = await server.rpcRaw(name, input);
    expect(status).toBe(422);
    return body.error?.details?.fields?.find((f) => f.path === path)?.message;
  };

  beforeAll(async () => {
    await ensureRendererBuilt();
    [server, browser] = await Promise.all([startHeadless(), launchChromium()]);
    ({ page, context, problems } = await openPage(browser, { colorScheme: 'dark' }));
    await signIn(page, server.baseUrl, server.token);
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('New Webhook: a missing name and URL, no events, then an invalid URL', async () => {
    await integrationsTab(page, 'Webhooks');
    await page.getByRole('link', { name: 'New Webhook' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await errorFor(page.getByLabel('Name', { exact: true }))).toBe('is required');
    expect(await errorFor(page.getByLabel('URL', { exact: true }))).toBe('is required');
    expect(await groupError(page, 'Events')).toBe(
      await contractSays('webhooks.create', { name: 'x', url: 'https://x.test', events: [] }, 'events'),
    );
    expect(await groupError(page, 'Events')).toBe('choose at least one event, or "*" for all events');
    await screenshot(page, 'new-webhook-errors-dark');

    await page.getByLabel('Name', { exact: true }).fill('Broken');
    await page.getByLabel('URL', { exact: true }).fill('not a url');
    await page.getByLabel('invoice.paid', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    const expected = await contractSays(
      'webhooks.create',
      { name: 'Broken', url: 'not a url', events: ['invoice.paid'] },
      'url',
    );
    expect(expected).toBeTruthy();
    await expect.poll(() => errorFor(page.getByLabel('URL', { exact: true }))).toBe(expected);
    // Nothing half-saved: no webhook, and the form keeps what was typed.
    expect((await server.rpc<{ items: unknown[] }>('webhooks.list')).items).toEqual([]);
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Broken');
    expect(await page.getByLabel('invoice.paid', { exact: true }).isChecked()).toBe(true);

    // Fixed, with All events instead of the one chosen: saved as ["*"].
    await page.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/hook');
    await page.getByLabel('All events', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('article', { name: 'Broken' }).waitFor();
    const saved = await server.rpc<{ items: { name: string; events: string[] }[] }>('webhooks.list');
    expect(saved.items.map((w) => [w.name, w.events])).toEqual([['Broken', ['*']]]);
  }, 60_000);

  it('New Incoming Webhook: no permissions, then an invalid IP and an invalid CIDR', async () => {
    await integrationsTab(page, 'Incoming Webhooks');
    await page.getByRole('link', { name: 'New Incoming Webhook' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Zapier');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await groupError(page, 'Permissions')).toBe('choose at least one permission');

    await page.getByLabel('Create/edit clients', { exact: true }).check();
    const whitelist = page.getByLabel('IP Whitelist (optional)');
    for (const bad of ['999.1.1.1', '10.0.0.0/99']) {
      await whitelist.fill(`203.0.113.7\n${bad}`);
      await page.getByRole('button', { name: 'Save' }).click();
      const expected = await contractSays(
        'keys.create',
        { name: 'Zapier', permissions: ['clients:write'], ipWhitelist: ['203.0.113.7', bad] },
        'ipWhitelist.1',
      );
      expect(expected).toBeTruthy();
      await expect.poll(() => errorFor(whitelist)).toBe(`Entry 2: ${expected}`);
    }
    await screenshot(page, 'new-incoming-webhook-errors-dark');
    expect((await server.rpc<{ items: unknown[] }>('keys.list')).items).toEqual([]);
    expect(await page.getByText('The key is only displayed once. Store it securely!').count()).toBe(0);
  }, 60_000);

  it('New Task: a missing title; New Invoice: no client and a quantity of 0', async () => {
    await mainNav(page, 'Tasks');
    await page.getByRole('button', { name: 'New Task' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await errorFor(page.getByLabel('Title', { exact: true }))).toBe('is required');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await mainNav(page, 'Invoices');
    await page.getByRole('button', { name: 'New Invoice' }).click();
    await page.getByLabel('Description 1', { exact: true }).fill('Consulting');
    await page.getByLabel('Quantity 1', { exact: true }).fill('0');
    await page.getByLabel('Unit price 1', { exact: true }).fill('90');
    await page.getByRole('button', { name: 'Save' }).click();
    const noClient = await contractSays(
      'invoices.create',
      { items: [{ description: 'x', quantity: 1, unitPrice: 1 }] },
      'clientId',
    );
    expect(noClient).toBe('is required');
    expect(await errorFor(page.getByLabel('Client', { exact: true }))).toBe(noClient);
    expect(await errorFor(page.getByLabel('Quantity 1', { exact: true }))).toBe('must be more than 0');
    await screenshot(page, 'new-invoice-errors-dark');
    expect((await server.rpc<{ items: unknown[] }>('invoices.list')).items).toEqual([]);
  }, 60_000);

  it('ran nothing the CSP refused and threw no page errors', () => {
    expect(problems).toEqual([]);
  });
});
