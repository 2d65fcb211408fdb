/**
 * Keyboard use: the seed's incoming-webhook path and a webhook's Delete
 * (with its confirmation) done with Tab, Enter, Space and Escape only.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, signIn } from './harness/browser.js';
import { ensureRendererBuilt } from './harness/build.js';
import { startHeadless, type HeadlessServer } from './harness/server.js';

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** Presses Tab until `target` has the focus (at most 80 times). */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

describe('keyboard only', () => {
  let server: HeadlessServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    await ensureRendererBuilt();
    [server, browser] = await Promise.all([startHeadless(), launchChromium()]);
    ({ page, context, problems } = await openPage(browser));
    await signIn(page, server.baseUrl, server.token);
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('Settings > Integrations > Incoming Webhooks > New Incoming Webhook, Save, the key focused', async () => {
    await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }));
    await page.keyboard.press('Enter');
    await tabTo(
      page,
      page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Integrations' }),
    );
    await page.keyboard.press('Enter');
    await tabTo(
      page,
      page.getByRole('navigation', { name: 'Integrations' }).getByRole('link', { name: 'Incoming Webhooks' }),
    );
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('link', { name: 'New Incoming Webhook' }));
    await page.keyboard.press('Enter');

    await tabTo(page, page.getByLabel('Name', { exact: true }));
    await page.keyboard.type('Keyboard key');
    const tasks = page.getByLabel('Create/edit/delete tasks', { exact: true });
    await tabTo(page, tasks);
    await page.keyboard.press('Space');
    expect(await tasks.isChecked()).toBe(true);
    await tabTo(page, page.getByRole('button', { name: 'Save' }));
    await page.keyboard.press('Enter');

    const keyField = page.getByRole('region', { name: 'API Key' }).getByLabel('API Key');
    await keyField.waitFor();
    expect(await isFocused(keyField)).toBe(true);
    expect(await keyField.evaluate((el: HTMLInputElement) => el.selectionEnd! - el.selectionStart!)).toBe(
      (await keyField.inputValue()).length,
    );
    await tabTo(page, page.getByRole('button', { name: 'Done' }));
    await page.keyboard.press('Enter');
    await page.getByRole('row', { name: /Keyboard key/ }).waitFor();
  }, 60_000);

  it('Delete asks first: Escape keeps the webhook, confirming deletes it', async () => {
    await server.rpc('webhooks.create', {
      name: 'Short-lived',
      url: 'http://127.0.0.1:9/hook',
      events: ['*'],
    });
    await page.goto(`${server.baseUrl}/#/settings/integrations/webhooks`);
    const card = page.getByRole('article', { name: 'Short-lived' });
    await card.waitFor();
    await tabTo(page, card.getByRole('button', { name: 'Delete' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await screenshot(page, 'confirm-delete');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await server.rpc<{ items: unknown[] }>('webhooks.list')).items).toHaveLength(1);

    await tabTo(page, card.getByRole('button', { name: 'Delete' }));
    await page.keyboard.press('Enter');
    await tabTo(page, dialog.getByRole('button', { name: 'Delete' }));
    await page.keyboard.press('Enter');
    await card.waitFor({ state: 'detached' });
    expect((await server.rpc<{ items: unknown[] }>('webhooks.list')).items).toHaveLength(0);
  }, 60_000);

  it('ran nothing the CSP refused and threw no page errors', () => {
    expect(problems).toEqual([]);
  });
});
