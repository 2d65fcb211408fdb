/**
 * What the owner does with deliveries, in the browser: Disable stops them
 * (kept as skipped), Pause holds them with the count shown and resume sends
 * them, and Export downloads a file whose rows are the table's rows.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../support/csv.js';
import { integrationsTab, screenshot, settingsNav } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import type { Endpoint } from '../support/receiver.js';
import {
  eventually,
  expectAttribute,
  expectChecked,
  expectCount,
  expectText,
  expectTextContaining,
} from './harness/waits.js';

interface Delivery {
  id: string;
  webhookId: string;
  eventType: string;
  status: string;
}

describe('deliveries in the window', () => {
  const file = useBrowserFile({ receiver: true });

  // The pause is global: a test that fails while paused must not hold the next one's deliveries.
  beforeEach(async () => {
    await file.server.rpc('dispatch.setPaused', { paused: false });
  });

  const createTask = (title: string) => file.server.rpc<{ id: string }>('tasks.create', { title });
  /** A webhook of its own for a test, delivering to its own endpoint of the receiver. */
  const createWebhook = (name: string, hook: Endpoint, events = ['task.created']) =>
    file.server.rpc<{ id: string }>('webhooks.create', { name, url: hook.url, events });
  const setEnabled = (id: string, enabled: boolean) =>
    file.server.rpc('webhooks.setEnabled', { id, enabled });
  /** The webhook's deliveries of the task's event. */
  const deliveriesFor = async (webhookId: string, taskId: string) => {
    const { items } = await file.server.rpc<{ items: Delivery[] }>('log.list', { webhookId, limit: 500 });
    const details = await Promise.all(
      items.map((d) =>
        file.server.rpc<Delivery & { payload: { data: { id: string } } }>('log.get', { id: d.id }),
      ),
    );
    return details.filter((d) => d.payload.data.id === taskId);
  };
  /** A task created while the webhook is disabled: its delivery is kept as skipped. */
  const skippedTask = async (webhookId: string, title: string) => {
    await setEnabled(webhookId, false);
    const task = await createTask(title);
    const delivery = await eventually(
      async () => (await deliveriesFor(webhookId, task.id)).find((d) => d.status === 'skipped'),
      `the skipped delivery of "${title}"`,
    );
    await setEnabled(webhookId, true);
    return { task, delivery };
  };
  const openLog = async () => {
    const page = await file.page();
    await settingsNav(page, 'Webhooks');
    await page.getByRole('link', { name: 'View Log' }).click();
    return page;
  };

  it('Disable asks first and says what happens to the events meanwhile, then stops the deliveries (kept as skipped); Enable sends again', async () => {
    const hook = file.receiver.endpoint('disable');
    const webhook = await createWebhook('Disable me', hook);
    const page = await file.page();
    await integrationsTab(page, 'Webhooks');
    const card = page.getByRole('article', { name: 'Disable me', exact: true });
    await card.getByRole('button', { name: 'Disable' }).click();
    const dialog = page.getByRole('dialog');
    await expectTextContaining(dialog, 'Disable "Disable me"? It stops sending data.');
    await expectTextContaining(
      dialog,
      'Events meanwhile are kept as Skipped in the log; Replay sends them later.',
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await card.getByText('Enabled', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Disable' }).click();
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await card.getByText('Disabled', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Enable' }).waitFor();

    const task = await createTask('While disabled');
    const skipped = await eventually(
      async () => (await deliveriesFor(webhook.id, task.id)).find((d) => d.status === 'skipped'),
      'a skipped delivery',
    );
    expect(skipped.eventType).toBe('task.created');
    expect(hook.received().some((r) => r.body.data.id === task.id)).toBe(false);

    await card.getByRole('button', { name: 'Enable' }).click();
    await card.getByText('Enabled', { exact: true }).waitFor();
    const after = await createTask('After enabling');
    await hook.waitFor((r) => r.body.data.id === after.id);
    expect(hook.received().some((r) => r.body.data.id === task.id)).toBe(false);
  }, 90_000);

  it('the webhook’s own settings page (Edit) says its state and has Disable and Enable', async () => {
    const hook = file.receiver.endpoint('edit-disable');
    await createWebhook('Edit page', hook);
    const page = await file.page();
    await integrationsTab(page, 'Webhooks');
    await page
      .getByRole('article', { name: 'Edit page', exact: true })
      .getByRole('link', { name: 'Edit' })
      .click();
    const state = page.getByRole('region', { name: /^Sending/ });
    await expectText(state.locator('.badge'), 'Enabled');
    await state.getByRole('button', { name: 'Disable' }).click();
    const dialog = page.getByRole('dialog');
    await expectTextContaining(dialog, 'kept as Skipped');
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await expectText(state.locator('.badge'), 'Disabled');
    await screenshot(page, 'webhook-edit-disabled');
    await state.getByRole('button', { name: 'Enable' }).click();
    await expectText(state.locator('.badge'), 'Enabled');
    await state.getByRole('button', { name: 'Disable' }).waitFor();
  }, 60_000);

  it('Pause webhooks holds deliveries and shows the held count; resuming sends them', async () => {
    const hook = file.receiver.endpoint('pause');
    // The only webhook of this file on client.created, so its one delivery is the whole held count.
    await createWebhook('Pause', hook, ['client.created']);
    const page = await file.page();
    await integrationsTab(page, 'Webhooks');
    const pause = page.getByRole('switch', { name: 'Pause webhooks' });
    await pause.check();
    await expect
      .poll(() => file.server.rpc<{ paused: boolean }>('dispatch.status').then((s) => s.paused))
      .toBe(true);

    const client = await file.server.rpc<{ id: string }>('clients.create', { name: 'While paused' });
    await eventually(
      async () => ((await file.server.rpc<{ held: number }>('dispatch.status')).held >= 1 ? true : undefined),
      'a held delivery',
    );
    await expectText(page.getByTestId('held-count'), '1 delivery held');
    // One word for the state: while sending is paused, an enabled webhook's card says Paused.
    const card = page.getByRole('article', { name: 'Pause', exact: true });
    await expectText(card.locator('.webhook-head .badge'), 'Paused');
    expect(hook.received().some((r) => r.body.data.id === client.id)).toBe(false);
    await screenshot(page, 'webhooks-paused');

    await pause.uncheck();
    await hook.waitFor((r) => r.body.data.id === client.id);
    // "Held" is said only while paused; running with nothing waiting, nothing is counted.
    await expectText(page.getByTestId('held-count'), '');
    await expectChecked(pause, false);
    await expectText(card.locator('.webhook-head .badge'), 'Enabled');
  }, 90_000);

  it('Export downloads CSV and NDJSON files whose rows are the table rows, honouring the filters', async () => {
    const hook = file.receiver.endpoint('export');
    const webhook = await createWebhook('Export', hook);
    const skipped = await skippedTask(webhook.id, 'Export: skipped');
    const sentTask = await createTask('Export: sent');
    await hook.waitFor((r) => r.body.data.id === sentTask.id);
    const [sent] = await deliveriesFor(webhook.id, sentTask.id);

    const page = await openLog();
    const table = page.getByRole('table', { name: 'Webhook log' });
    const rows = table.locator('[data-delivery-id]');
    const shownIds = () => rows.evaluateAll((all) => all.map((r) => r.getAttribute('data-delivery-id')));

    // Filter: this webhook's skipped deliveries (the one while it was disabled).
    await page.getByLabel('Webhook', { exact: true }).selectOption({ label: 'Export' });
    await page.getByLabel('Status', { exact: true }).selectOption('skipped');
    await expectCount(rows, 1);
    await expectCount(table.locator(`[data-delivery-id="${skipped.delivery.id}"]`), 1);
    await page.getByLabel('Export format').selectOption('csv');
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export' }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(/\.csv$/);
    const csv = parseCsv(readFileSync((await csvDownload.path())!, 'utf8'));
    expect(csv[0].slice(0, 6)).toEqual(['id', 'createdAt', 'webhookId', 'eventId', 'eventType', 'status']);
    expect(csv.slice(1).map((row) => row[0])).toEqual([skipped.delivery.id]);
    expect(csv.slice(1).map((row) => row[5])).toEqual(['skipped']);
    await screenshot(page, 'webhook-log-filtered');

    // No filter: every delivery, newest first, as the table shows them.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    const all = await file.server.rpc<{ items: Delivery[] }>('log.list', { limit: 500 });
    await expectCount(rows, all.items.length);
    const tableIds = await shownIds();
    expect(tableIds).toEqual(all.items.map((d) => d.id));
    expect(tableIds).toEqual(expect.arrayContaining([skipped.delivery.id, sent.id]));
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
    const hook = file.receiver.endpoint('replay');
    const webhook = await createWebhook('Replay me', hook);
    const { task } = await skippedTask(webhook.id, 'Skipped, then replayed');
    const page = await openLog();
    await page.getByLabel('Webhook', { exact: true }).selectOption({ label: 'Replay me' });
    await page.getByLabel('Replay', { exact: true }).selectOption('skipped');
    await page.getByRole('button', { name: 'Replay last 24 hours' }).click();
    await page.getByRole('status').filter({ hasText: '1 delivery queued again.' }).waitFor();
    await hook.waitFor((r) => r.body.data.id === task.id);
  }, 60_000);

  it('Replay takes the filters’ From and To as its range; To before From is refused naming Until', async () => {
    const hook = file.receiver.endpoint('replay-range');
    const webhook = await createWebhook('Replay range', hook);
    const { task } = await skippedTask(webhook.id, 'Skipped, replayed within From and To');
    const local = (ms: number) => {
      const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
      return d.toISOString().slice(0, 16);
    };
    const page = await openLog();
    await page.getByLabel('Webhook', { exact: true }).selectOption({ label: 'Replay range' });
    await page.getByLabel('Replay', { exact: true }).selectOption('skipped');
    await page.getByLabel('From', { exact: true }).fill(local(Date.now() + 3_600_000));
    await page.getByLabel('To', { exact: true }).fill(local(Date.now() - 3_600_000));
    await page.getByRole('button', { name: 'Replay From to To' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /^Until: .* is before Since \(.*\): choose a later time, or leave Until out/ })
      .waitFor();
    await page.getByLabel('From', { exact: true }).fill(local(Date.now() - 3_600_000));
    await page.getByLabel('To', { exact: true }).fill(local(Date.now() + 3_600_000));
    await page.getByRole('button', { name: 'Replay From to To' }).click();
    await page.getByRole('status').filter({ hasText: '1 delivery queued again.' }).waitFor();
    await hook.waitFor((r) => r.body.data.id === task.id);
  }, 60_000);

  it('Send test, Rotate secret and Edit on a webhook; its chart counts the deliveries', async () => {
    const hook = file.receiver.endpoint('chart');
    const webhook = await createWebhook('Chart', hook);
    await skippedTask(webhook.id, 'Chart: skipped');
    const sentTask = await createTask('Chart: sent');
    await hook.waitFor((r) => r.body.data.id === sentTask.id);
    const secretOf = async () =>
      (await file.server.rpc<{ items: { id: string; secret: string }[] }>('webhooks.list')).items.find(
        (w) => w.id === webhook.id,
      )!.secret;

    const page = await file.page();
    await integrationsTab(page, 'Webhooks');
    const card = page.getByRole('article', { name: 'Chart', exact: true });
    await card.getByRole('button', { name: 'Send test' }).click();
    await card.getByRole('status').filter({ hasText: 'Test event sent' }).waitFor();
    const test = await hook.waitFor((r) => r.body.type === 'webhook.test');
    expect(test.headers['webhook-signature']).toMatch(/^v1,/);

    const before = await secretOf();
    await card.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate secret' }).click();
    await card.getByRole('status').filter({ hasText: 'New signing secret' }).waitFor();
    const after = await secretOf();
    expect(after).not.toBe(before);
    await expectText(card.locator('.secret code'), after);

    await card.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Chart (edited)');
    await page.getByLabel('task.completed', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    const edited = page.getByRole('article', { name: 'Chart (edited)', exact: true });
    await edited.waitFor();
    await expectTextContaining(edited.locator('.events'), 'task.created, task.completed');

    // success: the task after enabling and the test; the one made while disabled is spelled out.
    await expectAttribute(
      edited.getByRole('img'),
      'aria-label',
      /last 14 days: 2 success, 0 error, 0 failed, 1 skipped while disabled, 0 waiting to be sent$/,
    );
    await expectText(edited.locator('figcaption'), 'Last 14 days: 2 ok, 1 skipped while disabled');
    await screenshot(page, 'webhooks-after-deliveries');
  }, 60_000);

  it('ran nothing the CSP refused and threw no page errors', () => {
    expect(file.problems).toEqual([]);
  });
});
