/**
 * Keyboard use: the seed's incoming-webhook path and a webhook's Delete
 * (with its confirmation) done with Tab, Enter, Space and Escape only.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { eventually, expectChecked, expectFocused } from './harness/waits.js';

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** Presses Tab until `target` has the focus (at most 80 times), once it is on the page. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  await target.waitFor();
  for (let i = 0; i < 80; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

describe('keyboard only', () => {
  const file = useBrowserFile();

  it('Settings > Integrations > Incoming Webhooks > New Incoming Webhook, Save, the key focused', async () => {
    const page = await file.page();
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
    await expectChecked(tasks);
    await tabTo(page, page.getByRole('button', { name: 'Save' }));
    await page.keyboard.press('Enter');

    const keyField = page.getByRole('region', { name: 'API Key' }).getByLabel('API Key');
    await expectFocused(keyField);
    // The whole key selected, ready to copy.
    await eventually(
      () =>
        keyField.evaluate((el: HTMLInputElement) =>
          el.value.length > 0 && el.selectionEnd! - el.selectionStart! === el.value.length ? true : undefined,
        ),
      'the whole key to be selected',
    );
    await tabTo(page, page.getByRole('button', { name: 'Done' }));
    await page.keyboard.press('Enter');
    await page.getByRole('row', { name: /Keyboard key/ }).waitFor();
  }, 60_000);

  it('Delete asks first: Escape keeps the webhook, confirming deletes it', async () => {
    const { id } = await file.server.rpc<{ id: string }>('webhooks.create', {
      name: 'Short-lived',
      url: 'http://127.0.0.1:9/hook',
      events: ['*'],
    });
    const exists = async () =>
      (await file.server.rpc<{ items: { id: string }[] }>('webhooks.list')).items.some((w) => w.id === id);
    const page = await file.page();
    await page.goto(`${file.server.baseUrl}/#/settings/integrations/webhooks`);
    const card = page.getByRole('article', { name: 'Short-lived' });
    await card.waitFor();
    await tabTo(page, card.getByRole('button', { name: 'Delete' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await screenshot(page, 'confirm-delete');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await exists()).toBe(true);

    await tabTo(page, card.getByRole('button', { name: 'Delete' }));
    await page.keyboard.press('Enter');
    await tabTo(page, dialog.getByRole('button', { name: 'Delete' }));
    await page.keyboard.press('Enter');
    await card.waitFor({ state: 'detached' });
    expect(await exists()).toBe(false);
  }, 60_000);

  it('ran nothing the CSP refused and threw no page errors', () => {
    expect(file.problems).toEqual([]);
  });
});
