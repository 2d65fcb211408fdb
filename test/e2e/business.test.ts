/**
 * The business screens in the browser: lists with search, create and edit
 * forms, and the state changes that raise the seed's events (complete a task;
 * send, accept, reject a quote; convert an accepted one to an invoice; send,
 * mark paid, void an invoice).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mainNav, screenshot, settingsNav } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import type { Delivery, Endpoint } from '../support/receiver.js';
import { expectCount, expectText, expectTextContaining, expectValue } from './harness/waits.js';

describe('business screens', () => {
  const file = useBrowserFile({ receiver: true });
  let events: Endpoint;

  beforeAll(async () => {
    events = file.receiver.endpoint('everything');
    await file.server.rpc('webhooks.create', { name: 'Everything', url: events.url, events: ['*'] });
  });

  /** The event of the object a test made (other tests' objects raise events too). */
  const eventFor = (type: string, match: (data: Delivery['body']['data']) => boolean) =>
    events.waitFor((r) => r.body.type === type && match(r.body.data));
  const createClient = (name: string) => file.server.rpc<{ id: string }>('clients.create', { name });
  const save = (page: Page) => page.getByRole('button', { name: 'Save' }).click();
  const confirm = (page: Page, label: string) =>
    page.getByRole('dialog').getByRole('button', { name: label }).click();

  /** New Quote / New Invoice for `client` with one item of 2 × 450.00. */
  async function newDocument(page: Page, kind: 'Quote' | 'Invoice', client: string) {
    await page.getByRole('button', { name: `New ${kind}` }).click();
    await page.getByLabel('Client', { exact: true }).selectOption({ label: client });
    await page.getByLabel('Description of item 1', { exact: true }).fill('Design');
    await page.getByLabel('Quantity of item 1', { exact: true }).fill('2');
    await page.getByLabel('Unit price of item 1', { exact: true }).fill('450');
    await save(page);
    await page.getByRole('form').waitFor({ state: 'detached' });
  }

  it('Clients: create, search, edit', async () => {
    const page = await file.page();
    await mainNav(page, 'Clients');
    await page.getByRole('button', { name: 'New Client' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
    await page.getByLabel('E-mail', { exact: true }).fill('ada@example.test');
    await save(page);
    await page.getByRole('row', { name: /Ada Lovelace/ }).waitFor();
    const charles = await createClient('Charles Babbage');
    await eventFor('client.created', (d) => d.id === charles.id);

    const search = page.getByLabel('Search clients');
    await search.fill('babb');
    await expectCount(page.getByRole('row', { name: /Ada Lovelace/ }), 0);
    await page.getByRole('row', { name: /Charles Babbage/ }).waitFor();
    await search.fill('nobody');
    await page.getByText('No clients match "nobody".').waitFor();
    await search.fill('');

    await page
      .getByRole('row', { name: /Ada Lovelace/ })
      .getByRole('button', { name: 'Edit' })
      .click();
    await page.getByLabel('Company', { exact: true }).fill('Analytical Engines');
    await save(page);
    await page.getByRole('row', { name: /Analytical Engines/ }).waitFor();
    const updated = await eventFor('client.updated', (d) => d.name === 'Ada Lovelace');
    expect(updated.body.data.company).toBe('Analytical Engines');
    await screenshot(page, 'clients');
  }, 60_000);

  it('Projects and Time: create with a chosen client and minutes', async () => {
    await createClient('Grace Hopper');
    const page = await file.page();
    await mainNav(page, 'Projects');
    await page.getByRole('button', { name: 'New Project' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Website');
    await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Grace Hopper' });
    await save(page);
    await page.getByRole('row', { name: /Website.*Grace Hopper/ }).waitFor();
    await eventFor('project.created', (d) => d.name === 'Website');
    await screenshot(page, 'projects');

    await mainNav(page, 'Time');
    await page.getByRole('button', { name: 'New Time Entry' }).click();
    await page.getByLabel('Description', { exact: true }).fill('Kick-off call');
    await page.getByLabel('Project', { exact: true }).selectOption({ label: 'Website' });
    await page.getByLabel('Minutes', { exact: true }).fill('90');
    await save(page);
    await page.getByRole('row', { name: /Kick-off call.*90.*Website/ }).waitFor();
    const entry = await eventFor('time_entry.created', (d) => d.description === 'Kick-off call');
    expect(entry.body.data.minutes).toBe(90);
    await screenshot(page, 'time');
  }, 60_000);

  it('Tasks: create and complete', async () => {
    const page = await file.page();
    await mainNav(page, 'Tasks');
    await page.getByRole('button', { name: 'New Task' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Write proposal');
    await save(page);
    const row = page.getByRole('row', { name: /Write proposal/ });
    await row.getByRole('button', { name: 'Complete' }).click();
    await row.locator('.badge', { hasText: 'Done' }).waitFor();
    await expectCount(row.getByRole('button', { name: 'Complete' }), 0);
    const completed = await eventFor('task.completed', (d) => d.title === 'Write proposal');
    expect(completed.body.data.status).toBe('done');
  }, 60_000);

  it('Quotes: send and accept one, send and reject another', async () => {
    const client = await createClient('Hedy Lamarr');
    const page = await file.page();
    const rows = page.getByRole('row').filter({ hasText: 'Hedy Lamarr' });
    await mainNav(page, 'Quotes');
    await newDocument(page, 'Quote', 'Hedy Lamarr');
    const draft = rows.filter({ hasText: 'Draft' });
    await expectTextContaining(draft, '900.00');
    await draft.getByRole('button', { name: 'Send' }).click();
    const sent = rows.filter({ hasText: 'Sent' });
    await sent.getByRole('button', { name: 'Accept' }).click();
    await rows.filter({ hasText: 'Accepted' }).waitFor();
    await eventFor('quote.accepted', (d) => d.clientId === client.id);

    await newDocument(page, 'Quote', 'Hedy Lamarr');
    await rows.filter({ hasText: 'Draft' }).getByRole('button', { name: 'Send' }).click();
    await rows.filter({ hasText: 'Sent' }).getByRole('button', { name: 'Reject' }).click();
    await confirm(page, 'Reject');
    await rows.filter({ hasText: 'Rejected' }).waitFor();
    await eventFor('quote.rejected', (d) => d.clientId === client.id);
    await screenshot(page, 'quotes');
  }, 60_000);

  it('Quotes: "Convert to invoice" on an accepted quote makes a draft invoice, once', async () => {
    const client = await createClient('Alan Turing');
    const items = [{ description: 'Audit', quantity: 3, unitPrice: 25_000, taxRate: 19 }];
    const quote = await file.server.rpc<{ id: string; number: string }>('quotes.create', {
      clientId: client.id,
      items,
    });
    await file.server.rpc('quotes.send', { id: quote.id });
    const page = await file.page();
    await mainNav(page, 'Quotes');
    const row = page.getByRole('row').filter({ hasText: quote.number });
    // Only an accepted quote offers it.
    await row.getByRole('button', { name: 'Accept' }).waitFor();
    await expectCount(row.getByRole('button', { name: 'Convert to invoice' }), 0);
    await row.getByRole('button', { name: 'Accept' }).click();
    await row.getByRole('button', { name: 'Convert to invoice' }).click();
    const created = await eventFor('invoice.created', (d) => d.quoteId === quote.id);
    expect(created.body.data).toMatchObject({ status: 'draft', clientId: client.id, total: 89_250 });
    await row.getByRole('link', { name: 'Draft invoice created' }).waitFor();

    // Converting again says which invoice it already is.
    await row.getByRole('button', { name: 'Convert to invoice' }).click();
    await expectTextContaining(
      row.getByRole('alert'),
      `Quote ${quote.number} was already converted to invoice ${String(created.body.data.id)}`,
    );
    await mainNav(page, 'Invoices');
    const invoice = page.getByRole('row').filter({ hasText: 'Alan Turing' });
    await expectTextContaining(invoice.filter({ hasText: 'Draft' }), '892.50');
    await expectCount(invoice, 1);
    await screenshot(page, 'quote-converted');
  }, 60_000);

  it('Invoices: send (numbered), mark paid; send and void another', async () => {
    const client = await createClient('Katherine Johnson');
    const page = await file.page();
    const rows = page.getByRole('row').filter({ hasText: 'Katherine Johnson' });
    await mainNav(page, 'Invoices');
    await newDocument(page, 'Invoice', 'Katherine Johnson');
    // A draft has no number yet: its Number cell says "—", not a word.
    await expectText(rows.filter({ hasText: 'Draft' }).getByRole('cell').first(), '—');
    await rows.filter({ hasText: 'Draft' }).getByRole('button', { name: 'Send' }).click();
    const sent = rows.filter({ hasText: /INV-\d{4}-0001/ });
    await sent.getByRole('button', { name: 'Mark paid' }).click();
    await sent.locator('.badge', { hasText: 'Paid' }).waitFor();
    const paid = await eventFor('invoice.paid', (d) => d.clientId === client.id);
    expect(paid.body.data.number).toMatch(/^INV-\d{4}-0001$/);

    await newDocument(page, 'Invoice', 'Katherine Johnson');
    await rows.filter({ hasText: 'Draft' }).getByRole('button', { name: 'Send' }).click();
    const second = rows.filter({ hasText: /INV-\d{4}-0002/ });
    await second.getByRole('button', { name: 'Void' }).click();
    await confirm(page, 'Void');
    await second.locator('.badge', { hasText: 'Void' }).waitFor();
    await eventFor('invoice.voided', (d) => d.clientId === client.id);
    // A sent invoice is voided, never edited or deleted.
    await expectCount(second.getByRole('button', { name: 'Edit' }), 0);
    await expectCount(second.getByRole('button', { name: 'Delete' }), 0);
    await screenshot(page, 'invoices');
  }, 60_000);

  it('Settings > General shows and saves the settings', async () => {
    const page = await file.page();
    await settingsNav(page, 'General');
    const retention = page.getByLabel('Keep the log for (days)');
    await expectValue(retention, '30');
    await retention.fill('45');
    await save(page);
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const settings = await file.server.rpc<{ logRetentionDays: number }>('settings.get');
    expect(settings.logRetentionDays).toBe(45);

    const afterDays = page.getByLabel('Disable a failing webhook after (days)');
    await expectValue(afterDays, '5');
    await afterDays.fill('-1');
    await save(page);
    await page
      .getByText('must be 0 (never) or a number of days from 1 to 365', { exact: false })
      .first()
      .waitFor();
    await afterDays.fill('0');
    await save(page);
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const after = await file.server.rpc<{ autoDisable: { afterDays: number } }>('settings.get');
    expect(after.autoDisable.afterDays).toBe(0);
    await screenshot(page, 'settings-general');
  }, 60_000);

  it('Settings > General: API calls per key per day, empty for half the total, refused above the total', async () => {
    const page = await file.page();
    await settingsNav(page, 'General');
    const perKey = page.getByLabel('API calls per key per day');
    await expectValue(perKey, '');
    await page.getByText('Empty: half the total, now 5,000; 0 is unlimited.', { exact: false }).waitFor();
    // The hint follows the total as it is typed.
    await page.getByLabel('Total API calls per day').fill('3001');
    await page.getByText('Empty: half the total, now 1,501; 0 is unlimited.', { exact: false }).waitFor();

    await perKey.fill('4000');
    await save(page);
    await page
      .getByText(
        'must be at most the total API calls per day (3001): lower it, leave it empty for half the total, or raise the total',
        { exact: false },
      )
      .first()
      .waitFor();
    await perKey.fill('-1');
    await save(page);
    await page
      .getByText('must be 0 (unlimited) or a whole number of calls from 1 to 100000000', { exact: false })
      .first()
      .waitFor();
    await perKey.fill('1200');
    await save(page);
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    type Limits = { rateLimits: { apiCallsPerDay: number; apiCallsPerKeyPerDay: number | null } };
    expect((await file.server.rpc<Limits>('settings.get')).rateLimits).toMatchObject({
      apiCallsPerDay: 3001,
      apiCallsPerKeyPerDay: 1200,
    });

    await perKey.fill('');
    await page.getByLabel('Total API calls per day').fill('10000');
    await save(page);
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await file.server.rpc<Limits>('settings.get')).rateLimits).toMatchObject({
      apiCallsPerDay: 10_000,
      apiCallsPerKeyPerDay: null,
    });
  }, 60_000);

  it('ran nothing the CSP refused and threw no page errors', () => {
    expect(file.problems).toEqual([]);
  });
});
