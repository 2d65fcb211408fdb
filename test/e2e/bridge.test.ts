/**
 * The same window with the preload's bridge instead of HTTP: `window.dversum`
 * answers as the preload does (IpcResult unwrapped, failures rejected as the
 * plain error shape), here relayed to the headless server's contract. No
 * sign-in is asked for, and forms show the same field errors.
 */
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { integrationsTab, screenshot } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { expectAttribute, expectChecked, expectCount, expectText } from './harness/waits.js';

// A string, not a function: it runs in the page before the window's own script.
const BRIDGE = `
  window.dversum = Object.freeze({
    operations: [],
    async call(name, input) {
      const result = await window.__dversumInvoke(name, input);
      if (result.ok) return result.value;
      throw result.error;
    },
    on(listener) {
      window.__dversumListeners.add(listener);
      return () => window.__dversumListeners.delete(listener);
    },
  });
  window.__dversumListeners = new Set();`;

describe('the window over the preload bridge', () => {
  let called: string[] = [];

  const prepare = async (context: BrowserContext) => {
    called = [];
    await context.exposeFunction('__dversumInvoke', async (name: string, input: unknown) => {
      called.push(name);
      const { status, body } = await file.server.rpcRaw(name, input);
      return status === 200 ? { ok: true, value: body } : { ok: false, error: { status, ...body.error } };
    });
    await context.addInitScript(BRIDGE);
  };
  const file = useBrowserFile({ prepare });

  /** The window over the bridge: no sign-in, straight to the navigation. */
  const openWindow = async () => {
    const page = await file.page({ signedIn: false });
    await page.goto(`${file.server.baseUrl}/`);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    return page;
  };

  it('asks for no token and calls every operation through the bridge', async () => {
    const page = await openWindow();
    await expectCount(page.getByLabel('Admin token'), 0);
    await expectCount(page.getByRole('button', { name: 'Sign out' }), 0);
    await integrationsTab(page, 'Webhooks');
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    await expect
      .poll(() => called)
      .toEqual(expect.arrayContaining(['clients.list', 'webhooks.list', 'dispatch.status']));
  }, 60_000);

  it('shows the contract’s field error from a failed bridge call next to the field', async () => {
    const page = await openWindow();
    await integrationsTab(page, 'Webhooks');
    await page.getByRole('link', { name: 'New Webhook' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Over the bridge');
    await page.getByLabel('URL', { exact: true }).fill('ftp://example.test/hook');
    await page.getByLabel('client.created', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    const { body } = await file.server.rpcRaw('webhooks.create', {
      name: 'Over the bridge',
      url: 'ftp://example.test/hook',
      events: ['client.created'],
    });
    const expected = body.error?.details?.fields?.find((f) => f.path === 'url')?.message;
    expect(expected).toBeTruthy();
    await page.getByText(expected!, { exact: true }).waitFor();
    const url = page.getByLabel('URL', { exact: true });
    await expectAttribute(url, 'aria-invalid', 'true');
    const describedBy = (await url.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-err'));
    expect(errorId).toBeTruthy();
    await expectText(page.locator(`[id="${errorId}"]`), expected!);
    await screenshot(page, 'bridge-field-error');
  }, 60_000);

  it('a notice over the bridge refreshes the pause switch (no polling while the bridge is there)', async () => {
    const page = await openWindow();
    await integrationsTab(page, 'Webhooks');
    const pause = page.getByRole('switch', { name: 'Pause webhooks' });
    await expectChecked(pause, false);
    await expectAttribute(page.locator('html'), 'data-notices', 'live');
    await file.server.rpc('dispatch.setPaused', { paused: true });
    try {
      await page.evaluate(() => {
        const listeners = (window as unknown as { __dversumListeners: Set<(n: unknown) => void> })
          .__dversumListeners;
        for (const listener of listeners) listener({ type: 'dispatch.changed', paused: true });
      });
      await expectChecked(pause, true);
    } finally {
      await file.server.rpc('dispatch.setPaused', { paused: false });
    }
  }, 60_000);

  it('ran nothing the CSP refused and threw no page errors', () => {
    expect(file.problems).toEqual([]);
  });
});
