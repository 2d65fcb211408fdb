/**
 * The same window with the preload's bridge instead of HTTP: `window.dversum`
 * answers as the preload does (IpcResult unwrapped, failures rejected as the
 * plain error shape), here relayed to the headless server's contract. No
 * sign-in is asked for, and forms show the same field errors.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationsTab, launchChromium, openPage, screenshot } from './harness/browser.js';
import { ensureRendererBuilt } from './harness/build.js';
import { startHeadless, type HeadlessServer } from './harness/server.js';

// A string, not a function: it runs in the page before the window's own script.
const BRIDGE = `
  window.dversum = Object.freeze({
    operations: [],
    async call(name, input) {
      const result = await window.__dversumInvoke(name, input);
      if (result.ok) return result.value;
      throw result.error;
    },
    on() { return () => {}; },
  });`;

describe('the window over the preload bridge', () => {
  let server: HeadlessServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const called: string[] = [];

  beforeAll(async () => {
    await ensureRendererBuilt();
    [server, browser] = await Promise.all([startHeadless(), launchChromium()]);
    ({ page, context, problems } = await openPage(browser));
    await page.exposeFunction('__dversumInvoke', async (name: string, input: unknown) => {
      called.push(name);
      const { status, body } = await server.rpcRaw(name, input);
      return status === 200 ? { ok: true, value: body } : { ok: false, error: { status, ...body.error } };
    });
    await page.addInitScript(BRIDGE);
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('asks for no token and calls every operation through the bridge', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByLabel('Admin token').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await integrationsTab(page, 'Webhooks');
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    expect(called).toEqual(expect.arrayContaining(['clients.list', 'webhooks.list', 'dispatch.status']));
  }, 60_000);

  it('shows the contract’s field error from a failed bridge call next to the field', async () => {
    await page.getByRole('link', { name: 'New Webhook' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Over the bridge');
    await page.getByLabel('URL', { exact: true }).fill('ftp://example.test/hook');
    await page.getByLabel('client.created', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    const { body } = await server.rpcRaw('webhooks.create', {
      name: 'Over the bridge',
      url: 'ftp://example.test/hook',
      events: ['client.created'],
    });
    const expected = body.error?.details?.fields?.find((f) => f.path === 'url')?.message;
    expect(expected).toBeTruthy();
    await page.getByText(expected!, { exact: true }).waitFor();
    const url = page.getByLabel('URL', { exact: true });
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await url.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-err'));
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe(expected);
    await screenshot(page, 'bridge-field-error');
  }, 60_000);

  it('ran nothing the CSP refused and threw no page errors', () => {
    expect(problems).toEqual([]);
  });
});
