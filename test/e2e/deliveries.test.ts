/**
 * What the owner does with deliveries, in the browser: Disable stops them
 * (kept as skipped), Pause holds them with the count shown and resume sends
 * them, and Export downloads a file whose rows are the table's rows.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  integrationsTab,
  launchChromium,
  openPage,
  screenshot,
  settingsNav,
  signIn,
} from './harness/browser.js';
import { ensureRendererBuilt } from './harness/build.js';
import { parseCsv } from '../helpers/csv.js';
import { createWebhookThroughWindow } from './harness/flows.js';
import { startReceiver, type Receiver } from './harness/receiver.js';
import { startHeadless, type HeadlessServer } from './harness/server.js';

interface Delivery {
  id: string;
  webhookId: string;
  eventType: string;
  status: string;
}

describe('deliveries in the window', () => {
  let server: HeadlessServer;
  let receiver: Receiver;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  const createTask = (title: string) => server.rpc<{ id: string }>('tasks.create', { title });
  const deliveriesFor = async (taskId: string) => {
    const { items } = await server.rpc<{ items: (Delivery & { eventId: string })[] }>('log.list', {
      limit: 500,
    });
    const details = await Promise.all(
      items.map((d) => server.rpc<Delivery & { payload: { data: { id: string } } }>('log.get', { id: d.id })),
    );
    return details.filter((d) => d.payload.data.id === taskId);
  };
  const until = async <T>(
    probe: () => Promise<T | undefined>,
    what: string,
    timeoutMs = 20_000,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };

  beforeAll(async () => {
    await ensureRendererBuilt();
    [server, receiver, browser] = await Promise.all([startHeadless(), startReceiver(), launchChromium()]);
    ({ page, context, problems } = await openPage(browser));
    await signIn(page, server.baseUrl, server.token);
    await createWebhookThroughWindow(page, 'Receiver', receiver.url, ['task.created']);
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await receiver?.close();
    await server?.stop();
  });

  it('Disable stops the deliveries (kept as skipped); Enable sends again', async () => {
    await integrationsTab(page, 'Webhooks');
    const card = page.getByRole('article', { name: 'Receiver' });
    await card.getByRole('button', { name: 'Disable' }).click();
    await card.getByText('Disabled', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Enable' }).waitFor();

    const task = await createTask('While disabled');
    const skipped = await until(
      async () => (await deliveriesFor(task.id)).find((d) => d.status === 'skipped'),
      'a skipped delivery',
    );
    expect(skipped.eventType).toBe('task.created');
    expect(receiver.received.some((r) => r.body.data.id === task.id)).toBe(false);

    await card.getByRole('button', { name: 'Enable' }).click();
    await card.getByText('Enabled', { exact: true }).waitFor();
    const after = await createTask('After enabling');
    await receiver.waitFor((r) => r.body.data.id === after.id);
    expect(receiver.received.some((r) => r.body.data.id === task.id)).toBe(false);
  }, 90_000);

  it('Pause webhooks holds deliveries and shows the held count; resuming sends them', async () => {
    await integrationsTab(page, 'Webhooks');
    const pause = page.getByRole('switch', { name: 'Pause webhooks' });
    await pause.check();
    await expect
      .poll(() => server.rpc<{ paused: boolean }>('dispatch.status').then((s) => s.paused))
      .toBe(true);

    const task = await createTask('While paused');
    await until(
      async () => ((await server.rpc<{ held: number }>('dispatch.status')).held >= 1 ? true : undefined),
      'a held delivery',
    );
    await expect.poll(() => page.getByTestId('held-count').textContent(), { timeout: 10_000 }).toBe('1 held');
    expect(receiver.received.some((r) => r.body.data.id === task.id)).toBe(false);
    await screenshot(page, 'webhooks-paused');

    await pause.uncheck();
    await receiver.waitFor((r) => r.body.data.id === task.id);
    await expect.poll(() => page.getByTestId('held-count').textContent(), { timeout: 10_000 }).toBe('0 held');
    expect(await pause.isChecked()).toBe(false);
  }, 90_000);

  it('Export downloads CSV and NDJSON files whose rows are the table rows, honouring the filters', async () => {
    await settingsNav(page, 'Webhooks');
    await page.getByRole('link', { name: 'View Log' }).click();
    const table = page.getByRole('table', { name: 'Webhook log' });

    // Filter: only skipped deliveries (the one from the disabled webhook).
    await page.getByLabel('Status', { exact: true }).selectOption('skipped');
    await expect.poll(() => table.locator('[data-delivery-id]').count()).toBe(1);
    const skippedIds = await table
      .locator('[data-delivery-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-delivery-id')));
    await page.getByLabel('Export format').selectOption('csv');
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export' }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(/\.csv$/);
    const csv = parseCsv(readFileSync((await csvDownload.path())!, 'utf8'));
    expect(csv[0].slice(0, 6)).toEqual(['id', 'createdAt', 'webhookId', 'eventId', 'eventType', 'status']);
    expect(csv.slice(1).map((row) => row[0])).toEqual(skippedIds);
    expect(csv.slice(1).map((row) => row[5])).toEqual(['skipped']);
    await screenshot(page, 'webhook-log-filtered');

    // No filter: every delivery, newest first, as the table shows them.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    const all = await server.rpc<{ items: Delivery[] }>('log.list', { limit: 500 });
    await expect.poll(() => table.locator('[data-delivery-id]').count()).toBe(all.items.length);
    const tableIds = await table
      .locator('[data-delivery-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-delivery-id')));
    await page.getByLabel('Export format').selectOption('ndjson');
    const [ndDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export' }).click(),
    ]);
    expect(ndDownload.suggestedFilename()).toMatch(/\.ndjson$/);
    const lines = readFileSync((await ndDownload.path())!, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Delivery);
    expect(lines.map((d) => d.id)).toEqual(tableIds);
    expect(tableIds.length).toBe(3); // the skipped one, the one after enabling, the one held by the pause
    await page.getByRole('status').filter({ hasText: 'Export started' }).waitFor();

    // A time range after every delivery: an empty table, and a file with the header only.
    await page.getByLabel('From', { exact: true }).fill('2099-01-01T00:00');
    await page.getByText('No deliveries match these filters.').waitFor();
    await page.getByLabel('Export format').selectOption('csv');
    const [empty] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export' }).click(),
    ]);
    expect(parseCsv(readFileSync((await empty.path())!, 'utf8')).length).toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
  }, 90_000);

  it('Replay sends the deliveries skipped while the webhook was disabled', async () => {
    await settingsNav(page, 'Webhooks');
    await page.getByRole('link', { name: 'View Log' }).click();
    await page.getByLabel('Webhook', { exact: true }).selectOption({ label: 'Receiver' });
    await page.getByLabel('Replay', { exact: true }).selectOption('skipped');
    const skippedTask = (
      await server.rpc<{ items: { id: string; title: string }[] }>('tasks.list')
    ).items.find((t) => t.title === 'While disabled')!;
    await page.getByRole('button', { name: 'Replay last 24 hours' }).click();
    await page.getByRole('status').filter({ hasText: '1 delivery queued again.' }).waitFor();
    await receiver.waitFor((r) => r.body.data.id === skippedTask.id);
  }, 60_000);

  it('Send test, Rotate secret and Edit on a webhook; its chart counts the deliveries', async () => {
    await integrationsTab(page, 'Webhooks');
    const card = page.getByRole('article', { name: 'Receiver' });
    await card.getByRole('button', { name: 'Send test' }).click();
    await card.getByRole('status').filter({ hasText: 'Test event sent' }).waitFor();
    const test = await receiver.waitFor((r) => r.body.type === 'webhook.test');
    expect(test.headers['webhook-signature']).toMatch(/^v1,/);

    const { items } = await server.rpc<{ items: { id: string; secret: string }[] }>('webhooks.list');
    const before = items[0].secret;
    await card.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate secret' }).click();
    await card.getByRole('status').filter({ hasText: 'New signing secret' }).waitFor();
    const after = (await server.rpc<{ items: { secret: string }[] }>('webhooks.list')).items[0].secret;
    expect(after).not.toBe(before);
    await expect.poll(() => card.locator('.secret code').textContent()).toBe(after);

    await card.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Receiver (edited)');
    await page.getByLabel('task.completed', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    const edited = page.getByRole('article', { name: 'Receiver (edited)' });
    await edited.waitFor();
    expect(await edited.locator('.events').textContent()).toContain('task.created, task.completed');

    // success: after enabling, the paused one, the replayed one, the test; other: the skipped one.
    await expect
      .poll(() => edited.getByRole('img').getAttribute('aria-label'), { timeout: 15_000 })
      .toMatch(/last 14 days: 4 success, 0 error, 0 failed, 1 other$/);
    await screenshot(page, 'webhooks-after-deliveries');
  }, 60_000);

  it('ran nothing the CSP refused and threw no page errors', () => {
    expect(problems).toEqual([]);
  });
});
