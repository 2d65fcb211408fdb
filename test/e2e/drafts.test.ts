/**
 * Forms that do not lose work: a half-filled New Webhook or New Incoming Webhook survives a
 * reload as a draft in the window's own storage, which never holds a header's value or a key,
 * and is dropped on Save and on Cancel.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { integrationsTab, screenshot } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { expectChecked, expectCount, expectValue } from './harness/waits.js';

const RESTORED = 'Your unsaved draft was restored.';

/** Everything the window keeps in its storages (local and session), as one text. */
const stored = (page: Page) =>
  page.evaluate(() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)]));

const draftKeys = (page: Page) =>
  page.evaluate(() =>
    [...Object.keys(sessionStorage), ...Object.keys(localStorage)].filter((k) =>
      k.startsWith('dversum.draft.'),
    ),
  );

describe('drafts of the integration forms', () => {
  const file = useBrowserFile();

  it('New Webhook: a half-filled form survives a reload without its header value; Save drops the draft', async () => {
    const page = await file.page();
    await integrationsTab(page, 'Webhooks');
    await page.getByRole('link', { name: 'New Webhook' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Half webhook');
    await page.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/half');
    await page.getByLabel('invoice.created', { exact: true }).check();
    await page.getByLabel('Deliver in order', { exact: false }).check();
    await page.getByText('Custom header (optional)').click();
    await page.getByLabel('Header name', { exact: true }).fill('X-Auth');
    const headerValue = 'header-value-never-kept-7Qz';
    await page.getByLabel('Header value', { exact: true }).fill(headerValue);
    await expect.poll(() => draftKeys(page)).toEqual(['dversum.draft.webhooks.new']);
    expect(await stored(page)).not.toContain(headerValue);

    await page.reload();
    await page.getByText(RESTORED, { exact: false }).waitFor();
    await page.getByText('The header value is never kept in a draft: type it again.').waitFor();
    await expectValue(page.getByLabel('Name', { exact: true }), 'Half webhook');
    await expectValue(page.getByLabel('URL', { exact: true }), 'http://127.0.0.1:9/half');
    await expectChecked(page.getByLabel('invoice.created', { exact: true }), true);
    await expectChecked(page.getByLabel('Deliver in order', { exact: false }), true);
    await expectValue(page.getByLabel('Header name', { exact: true }), 'X-Auth');
    await expectValue(page.getByLabel('Header value', { exact: true }), '');
    expect(await stored(page)).not.toContain(headerValue);
    await screenshot(page, 'webhook-draft-restored');

    await page.getByLabel('Header value', { exact: true }).fill(headerValue);
    expect(await stored(page)).not.toContain(headerValue);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('article', { name: 'Half webhook' }).waitFor();
    expect(await draftKeys(page)).toEqual([]);
    const saved = (
      await file.server.rpc<{ items: { name: string; headerValue: string | null }[] }>('webhooks.list')
    ).items;
    expect(saved.find((w) => w.name === 'Half webhook')?.headerValue).toBe(headerValue);

    await page.getByRole('link', { name: 'New Webhook' }).click();
    await expectValue(page.getByLabel('Name', { exact: true }), '');
    await expectCount(page.getByText(RESTORED, { exact: false }), 0);
  }, 90_000);

  it('New Webhook: Cancel drops the draft', async () => {
    const page = await file.page();
    await integrationsTab(page, 'Webhooks');
    await page.getByRole('link', { name: 'New Webhook' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Dropped');
    await expect.poll(() => draftKeys(page)).toEqual(['dversum.draft.webhooks.new']);
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.getByRole('link', { name: 'New Webhook' }).waitFor();
    expect(await draftKeys(page)).toEqual([]);
    await page.reload();
    await page.getByRole('link', { name: 'New Webhook' }).click();
    await expectValue(page.getByLabel('Name', { exact: true }), '');
  }, 60_000);

  it('New Incoming Webhook: name, permissions and IP Whitelist survive a reload; the key never enters the storage', async () => {
    const page = await file.page();
    await integrationsTab(page, 'Incoming Webhooks');
    await page.getByRole('link', { name: 'New Incoming Webhook' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Half key');
    await page.getByLabel('Create/edit clients', { exact: true }).check();
    await page.getByLabel('IP Whitelist (optional)').fill('10.0.0.0/8');
    await expect.poll(() => draftKeys(page)).toEqual(['dversum.draft.keys.new']);

    await page.reload();
    await page.getByText(RESTORED).waitFor();
    await expectValue(page.getByLabel('Name', { exact: true }), 'Half key');
    await expectChecked(page.getByLabel('Create/edit clients', { exact: true }), true);
    await expectValue(page.getByLabel('IP Whitelist (optional)'), '10.0.0.0/8');

    await page.getByRole('button', { name: 'Save' }).click();
    const keyField = page.getByRole('region', { name: 'API Key' }).getByLabel('API Key');
    await expectValue(keyField, /^ik_live_/);
    const key = await keyField.inputValue();
    expect(await draftKeys(page)).toEqual([]);
    expect(await stored(page)).not.toContain(key);

    await integrationsTab(page, 'Incoming Webhooks');
    await page.getByRole('link', { name: 'New Incoming Webhook' }).click();
    await expectValue(page.getByLabel('Name', { exact: true }), '');
    await page.getByLabel('Name', { exact: true }).fill('Cancelled key');
    await expect.poll(() => draftKeys(page)).toEqual(['dversum.draft.keys.new']);
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.getByRole('link', { name: 'New Incoming Webhook' }).waitFor();
    expect(await draftKeys(page)).toEqual([]);
  }, 90_000);

  it('raised no page error or CSP violation', () => {
    expect(file.problems).toEqual([]);
  });
});
