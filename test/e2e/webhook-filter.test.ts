/**
 * A webhook filter in the window: typed on the form as JSON, refused with the
 * core's message (and a local one for JSON that does not parse), saved, shown on
 * the card with the count of events it kept out; only matching invoices arrive.
 */
import { describe, expect, it } from 'vitest';
import { integrationsTab } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { expectText, expectTextContaining, expectValue } from './harness/waits.js';

describe('a webhook filter in the window', () => {
  const file = useBrowserFile({ receiver: true });

  it('is refused with its message, saved, shown on the card with its filtered-out count, and applied', async () => {
    const hook = file.receiver.endpoint('big-invoices');
    const page = await file.page();
    await integrationsTab(page, 'Webhooks');
    await page.getByRole('link', { name: 'New Webhook' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Big invoices');
    await page.getByLabel('URL', { exact: true }).fill(hook.url);
    await page.getByLabel('invoice.created', { exact: true }).check();
    await page.getByText('Filter (optional)', { exact: true }).click();
    const rules = page.getByLabel('Filter rules (JSON)', { exact: true });
    const save = page.getByRole('button', { name: 'Save' });

    await rules.fill('{"data.total": {"$gte": 100000}');
    await save.click();
    const fieldError = page.locator('.field').filter({ has: rules }).locator('.field-error');
    await expectTextContaining(fieldError, 'Filter: this is not valid JSON (');

    await rules.fill('{"data.total": {"$gte": 100000}, "data.state": {"$eq": "sent"}}');
    await save.click();
    await expectText(
      fieldError,
      'Filter: data.state is not a field of invoice.created events: name a field every chosen event has ' +
        '(GET /api/v1/event-types shows their payloads), or choose fewer events',
    );
    await expectValue(page.getByLabel('Name', { exact: true }), 'Big invoices');

    await rules.fill('{"data.total": {"$gte": 100000}}');
    await save.click();
    const card = page.getByRole('article', { name: 'Big invoices' });
    await expectTextContaining(card, 'Filter: {"data.total":{"$gte":100000}}');
    await expectTextContaining(card, 'Filtered out: 0 events, no delivery made');

    const client = await file.server.rpc<{ id: string }>('clients.create', { name: 'Filter Client' });
    const item = (unitPrice: number) => [{ description: 'Audit', quantity: 1, unitPrice, taxRate: 0 }];
    await file.server.rpc('invoices.create', { clientId: client.id, items: item(50_000) });
    await file.server.rpc('invoices.create', { clientId: client.id, items: item(150_000) });
    await hook.waitFor();
    await expectTextContaining(card, 'Filtered out: 1 event, no delivery made');
    expect(hook.received().map((d) => (d.body.data as { total: number }).total)).toEqual([150_000]);

    await card.getByRole('link', { name: 'Edit' }).click();
    await expectValue(
      page.getByLabel('Filter rules (JSON)', { exact: true }),
      JSON.stringify({ 'data.total': { $gte: 100000 } }, null, 2),
    );
  }, 90_000);
});
