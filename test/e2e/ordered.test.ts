/**
 * Ordered delivery in the window: the form's "Deliver in order" is saved and
 * shown, and the log says why the next event waits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { integrationsTab, settingsNav } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { answer } from '../support/receiver.js';
import { expectChecked, expectTextContaining } from './harness/waits.js';

describe('ordered delivery in the window', () => {
  const file = useBrowserFile({ receiver: true });
  afterEach(() => {
    file.receiver.respond = answer(200, 'ok');
  });

  it('"Deliver in order" is saved, shown on the card and checked on Edit', async () => {
    const page = await file.page();
    await integrationsTab(page, 'Webhooks');
    await page.getByRole('link', { name: 'New Webhook' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Ledger');
    await page.getByLabel('URL', { exact: true }).fill(file.receiver.endpoint('ledger-form').url);
    await page.getByLabel('All events', { exact: true }).check();
    await page.getByLabel('Deliver in order', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    const card = page.getByRole('article', { name: 'Ledger' });
    await expectTextContaining(card, 'Delivers in order, one event at a time');
    const { items } = await file.server.rpc<{ items: { name: string; ordered: boolean }[] }>('webhooks.list');
    expect(items.find((w) => w.name === 'Ledger')?.ordered).toBe(true);
    await card.getByRole('link', { name: 'Edit' }).click();
    await expectChecked(page.getByLabel('Deliver in order', { exact: true }));
  }, 60_000);

  it('the log shows "waiting for an earlier event" while the earlier one retries', async () => {
    const hook = file.receiver.endpoint('ledger-log');
    const path = new URL(hook.url).pathname;
    file.receiver.respond = (req, res, body) =>
      answer(new URL(req.url ?? '/', 'http://r').pathname === path ? 500 : 200)(req, res, body);
    await file.server.rpc('webhooks.create', {
      name: 'Ledger log',
      url: hook.url,
      events: ['task.created'],
      ordered: true,
    });
    await file.server.rpc('tasks.create', { title: 'First' });
    await hook.waitFor();
    await file.server.rpc('tasks.create', { title: 'Second' });
    const page = await file.page();
    await settingsNav(page, 'Webhooks');
    await page.getByRole('link', { name: 'View Log' }).click();
    await expectTextContaining(page.locator('.log-row .waiting').first(), 'waiting for an earlier event');
  }, 60_000);
});
