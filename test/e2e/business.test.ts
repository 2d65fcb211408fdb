/**
 * The business screens in the browser: lists with search, create and edit
 * forms, and the state changes that raise the seed's events (complete a task;
 * send, accept, reject a quote; send, mark paid, void an invoice).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, mainNav, openPage, screenshot, settingsNav, signIn } from './harness/browser.js';
import { ensureRendererBuilt } from './harness/build.js';
import { startReceiver, type Receiver } from './harness/receiver.js';
import { startHeadless, type HeadlessServer } from './harness/server.js';

describe('business screens', () => {
  let server: HeadlessServer;
  let receiver: Receiver;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  const eventFor = (type: string) => receiver.waitFor((r) => r.body.type === type);
  const save = () => page.getByRole('button', { name: 'Save' }).click();
  const confirm = (label: string) => page.getByRole('dialog').getByRole('button', { name: label }).click();

  /** New Quote / New Invoice for Ada with one item of 2 × 450.00. */
  async function newDocument(kind: 'Quote' | 'Invoice') {
    await page.getByRole('button', { name: `New ${kind}` }).click();
    await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Ada Lovelace' });
    await page.getByLabel('Description 1', { exact: true }).fill('Design');
    await page.getByLabel('Quantity 1', { exact: true }).fill('2');
    await page.getByLabel('Unit price 1', { exact: true }).fill('450');
    await save();
    await page.getByRole('form').waitFor({ state: 'detached' });
  }

  beforeAll(async () => {
    await ensureRendererBuilt();
    [server, receiver, browser] = await Promise.all([startHeadless(), startReceiver(), launchChromium()]);
    await server.rpc('webhooks.create', { name: 'Everything', url: receiver.url, events: ['*'] });
    ({ page, context, problems } = await openPage(browser));
    await signIn(page, server.baseUrl, server.token);
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await receiver?.close();
    await server?.stop();
  });

  it('Clients: create, search, edit', async () => {
    await mainNav(page, 'Clients');
    await page.getByRole('button', { name: 'New Client' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
    await page.getByLabel('E-mail', { exact: true }).fill('ada@example.test');
    await save();
    await page.getByRole('row', { name: /Ada Lovelace/ }).waitFor();
    await server.rpc('clients.create', { name: 'Charles Babbage' });
    await eventFor('client.created');

    const search = page.getByLabel('Search clients');
    await search.fill('babb');
    await expect.poll(() => page.getByRole('row', { name: /Ada Lovelace/ }).count()).toBe(0);
    await page.getByRole('row', { name: /Charles Babbage/ }).waitFor();
    await search.fill('nobody');
    await page.getByText('No clients match "nobody".').waitFor();
    await search.fill('');

    await page
      .getByRole('row', { name: /Ada Lovelace/ })
      .getByRole('button', { name: 'Edit' })
      .click();
    await page.getByLabel('Company', { exact: true }).fill('Analytical Engines');
    await save();
    await page.getByRole('row', { name: /Analytical Engines/ }).waitFor();
    const updated = await eventFor('client.updated');
    expect(updated.body.data.company).toBe('Analytical Engines');
    await screenshot(page, 'clients');
  }, 60_000);

  it('Projects and Time: create with a chosen client and minutes', async () => {
    await mainNav(page, 'Projects');
    await page.getByRole('button', { name: 'New Project' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Website');
    await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Ada Lovelace' });
    await save();
    await page.getByRole('row', { name: /Website.*Ada Lovelace/ }).waitFor();
    await eventFor('project.created');
    await screenshot(page, 'projects');

    await mainNav(page, 'Time');
    await page.getByRole('button', { name: 'New Time entry' }).click();
    await page.getByLabel('Description', { exact: true }).fill('Kick-off call');
    await page.getByLabel('Project', { exact: true }).selectOption({ label: 'Website' });
    await page.getByLabel('Minutes', { exact: true }).fill('90');
    await save();
    await page.getByRole('row', { name: /Kick-off call.*90.*Website/ }).waitFor();
    expect((await eventFor('time_entry.created')).body.data.minutes).toBe(90);
    await screenshot(page, 'time');
  }, 60_000);

  it('Tasks: create and complete', async () => {
    await mainNav(page, 'Tasks');
    await page.getByRole('button', { name: 'New Task' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Write proposal');
    await save();
    const row = page.getByRole('row', { name: /Write proposal/ });
    await row.getByRole('button', { name: 'Complete' }).click();
    await row.locator('.badge', { hasText: 'Done' }).waitFor();
    expect(await row.getByRole('button', { name: 'Complete' }).count()).toBe(0);
    expect((await eventFor('task.completed')).body.data.status).toBe('done');
  }, 60_000);

  it('Quotes: send and accept one, send and reject another', async () => {
    await mainNav(page, 'Quotes');
    await newDocument('Quote');
    const draft = page.getByRole('row').filter({ hasText: 'Draft' });
    await expect.poll(() => draft.textContent()).toContain('900.00');
    await draft.getByRole('button', { name: 'Send' }).click();
    const sent = page.getByRole('row').filter({ hasText: 'Sent' });
    await sent.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('row').filter({ hasText: 'Accepted' }).waitFor();
    await eventFor('quote.accepted');

    await newDocument('Quote');
    await page.getByRole('row').filter({ hasText: 'Draft' }).getByRole('button', { name: 'Send' }).click();
    await page.getByRole('row').filter({ hasText: 'Sent' }).getByRole('button', { name: 'Reject' }).click();
    await confirm('Reject');
    await page.getByRole('row').filter({ hasText: 'Rejected' }).waitFor();
    await eventFor('quote.rejected');
    await screenshot(page, 'quotes');
  }, 60_000);

  it('Invoices: send (numbered), mark paid; send and void another', async () => {
    await mainNav(page, 'Invoices');
    await newDocument('Invoice');
    await page.getByRole('row').filter({ hasText: 'Draft' }).getByRole('button', { name: 'Send' }).click();
    const sent = page.getByRole('row').filter({ hasText: /INV-\d{4}-0001/ });
    await sent.getByRole('button', { name: 'Mark paid' }).click();
    await sent.locator('.badge', { hasText: 'Paid' }).waitFor();
    expect((await eventFor('invoice.paid')).body.data.number).toMatch(/^INV-\d{4}-0001$/);

    await newDocument('Invoice');
    await page.getByRole('row').filter({ hasText: 'Draft' }).getByRole('button', { name: 'Send' }).click();
    const second = page.getByRole('row').filter({ hasText: /INV-\d{4}-0002/ });
    await second.getByRole('button', { name: 'Void' }).click();
    await confirm('Void');
    await second.locator('.badge', { hasText: 'Void' }).waitFor();
    await eventFor('invoice.voided');
    // A sent invoice is voided, never edited or deleted.
    expect(await second.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await second.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await screenshot(page, 'invoices');
  }, 60_000);

  it('Settings > General shows and saves the settings', async () => {
    await settingsNav(page, 'General');
    const retention = page.getByLabel('Keep the log for (days)');
    expect(await retention.inputValue()).toBe('30');
    await retention.fill('45');
    await save();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await server.rpc<{ logRetentionDays: number }>('settings.get')).logRetentionDays).toBe(45);
    await screenshot(page, 'settings-general');
  }, 60_000);

  it('ran nothing the CSP refused and threw no page errors', () => {
    expect(problems).toEqual([]);
  });
});
