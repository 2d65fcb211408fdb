/**
 * The seed's click paths, word for word, in Debian's Chromium against the
 * headless server: a webhook, an incoming webhook and its key (shown once,
 * gone after a reload), a task created with the key appearing in Tasks and
 * its task.created in the log, with detail and Redeliver.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, mainNav, openPage, screenshot, settingsNav, signIn } from './harness/browser.js';
import { ensureRendererBuilt } from './harness/build.js';
import { createKeyThroughWindow, createWebhookThroughWindow, postIncoming } from './harness/flows.js';
import { startReceiver, type Receiver } from './harness/receiver.js';
import { startHeadless, type HeadlessServer } from './harness/server.js';

const KEY_WARNING = 'The key is only displayed once. Store it securely!';

describe('the seed, clicked through', () => {
  let server: HeadlessServer;
  let receiver: Receiver;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let apiKey = '';

  beforeAll(async () => {
    await ensureRendererBuilt();
    [server, receiver, browser] = await Promise.all([startHeadless(), startReceiver(), launchChromium()]);
    ({ page, context, problems } = await openPage(browser));
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await receiver?.close();
    await server?.stop();
  });

  it('asks once for the admin token, then remembers it', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('This token was not accepted. Copy it again from the admin-token file.');
    await screenshot(page, 'sign-in');
    await signIn(page, server.baseUrl, server.token);
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByLabel('Admin token').count()).toBe(0);

    // A token the server no longer accepts (a 401) brings the sign-in screen back.
    await page.evaluate(() => localStorage.setItem('dversum.adminToken', 'revoked-token'));
    await page.reload();
    await page.getByLabel('Admin token').waitFor();
    await signIn(page, server.baseUrl, server.token);
  }, 60_000);

  it('Settings > Integrations shows the server address, the API docs and the n8n and Zapier snippets', async () => {
    await settingsNav(page, 'Integrations');
    await page.getByRole('heading', { name: 'Integrations', exact: true }).waitFor();
    expect(await page.getByLabel('Server address').inputValue()).toBe(server.baseUrl);
    expect(await page.getByRole('link', { name: 'API Docs' }).getAttribute('href')).toBe(
      `${server.baseUrl}/api/docs`,
    );
    const n8n = await page
      .locator('.snippet', { hasText: 'n8n HTTP Request node' })
      .locator('pre')
      .textContent();
    expect(n8n).toContain('Method: POST');
    expect(n8n).toContain(`URL: ${server.baseUrl}/api/v1/webhooks/incoming/tasks`);
    expect(n8n).toContain('Header: Authorization: Bearer YOUR_API_KEY');
    expect(await page.locator('.snippet', { hasText: 'Zapier Catch Hook' }).count()).toBe(1);
    expect(
      await page.locator('.snippet', { hasText: 'Zapier POST action' }).locator('pre').textContent(),
    ).toContain('Headers: Authorization | Bearer YOUR_API_KEY');
    await screenshot(page, 'settings-integrations');
  }, 60_000);

  it('Settings > Integrations > Webhooks > New Webhook: Name, URL, grouped Events, Save', async () => {
    await settingsNav(page, 'Integrations');
    await page
      .getByRole('navigation', { name: 'Integrations' })
      .getByRole('link', { name: 'Webhooks', exact: true })
      .click();
    await page.getByRole('link', { name: 'New Webhook' }).click();
    for (const group of ['Invoices', 'Quotes', 'Clients', 'Tasks', 'Projects', 'Time']) {
      await page.getByRole('group', { name: group, exact: true }).waitFor();
    }
    await screenshot(page, 'new-webhook');
    await createWebhookThroughWindow(page, 'n8n tasks', receiver.url, ['task.created', 'task.completed']);
    const card = page.getByRole('article', { name: 'n8n tasks' });
    expect(await card.locator('.url').textContent()).toBe(receiver.url);
    expect(await card.textContent()).toContain('task.created, task.completed');
    await card.getByRole('img').waitFor(); // the 14-day chart
    await screenshot(page, 'webhooks');
  }, 60_000);

  it('Incoming Webhooks > New Incoming Webhook: Permissions, IP Whitelist, Save; the key once, with its warning', async () => {
    await settingsNav(page, 'Integrations');
    await page
      .getByRole('navigation', { name: 'Integrations' })
      .getByRole('link', { name: 'Incoming Webhooks' })
      .click();
    await page.getByRole('link', { name: 'New Incoming Webhook' }).click();
    for (const label of [
      'Create/edit/delete tasks',
      'Create/edit projects',
      'Create/edit clients',
      'Create time entries',
      'Create invoices',
      'Create quotes',
      'Read tasks',
    ]) {
      expect(await page.getByLabel(label, { exact: true }).count()).toBe(1);
    }
    await page.getByLabel('IP Whitelist (optional)').waitFor();
    await screenshot(page, 'new-incoming-webhook');

    apiKey = await createKeyThroughWindow(
      page,
      'n8n e-mail to task',
      ['Create/edit/delete tasks', 'Read tasks'],
      '127.0.0.1\n::1',
    );
    expect(apiKey).toMatch(/^ik_live_[0-9A-Za-z]{40,}$/);
    const shown = page.getByRole('region', { name: 'API Key' });
    expect(await shown.getByRole('alert').textContent()).toBe(`Important: ${KEY_WARNING}`);
    await shown.getByRole('button', { name: 'Copy key' }).waitFor();
    await screenshot(page, 'api-key-once');

    await shown.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row', { name: /n8n e-mail to task/ });
    await row.waitFor();
    const { items } = await server.rpc<{ items: { name: string; prefix: string; last4: string }[] }>(
      'keys.list',
    );
    const record = items.find((k) => k.name === 'n8n e-mail to task')!;
    expect(apiKey.startsWith(record.prefix) && apiKey.endsWith(record.last4)).toBe(true);
    expect(await row.textContent()).toContain(`${record.prefix}…${record.last4}`);
    expect(await page.content()).not.toContain(apiKey);
    await page.reload();
    await page.getByRole('row', { name: /n8n e-mail to task/ }).waitFor();
    expect(await page.content()).not.toContain(apiKey);
    expect(await page.getByText(KEY_WARNING).count()).toBe(0);
    await screenshot(page, 'incoming-webhooks');
  }, 60_000);

  it('a task created with the key appears in Tasks, and its task.created reaches the receiver and the log', async () => {
    const created = await postIncoming(server.baseUrl, apiKey, 'tasks', {
      title: 'Invoice question from Ada',
      description: 'Subject > Title, Content > Description',
    });
    expect(created.status).toBe(201);
    const delivered = await receiver.waitFor(
      (r) => r.body.type === 'task.created' && r.body.data.id === created.body.id,
    );
    expect(delivered.headers['webhook-signature']).toMatch(/^v1,/);

    await mainNav(page, 'Tasks');
    await page.getByRole('row', { name: /Invoice question from Ada/ }).waitFor();
    await screenshot(page, 'tasks');

    // Settings > Webhooks > View Log
    await settingsNav(page, 'Webhooks');
    await page.getByRole('link', { name: 'View Log' }).click();
    const table = page.getByRole('table', { name: 'Webhook log' });
    for (const header of ['Timestamp', 'Event', 'Status', 'Response code', 'Payload']) {
      await table.getByRole('columnheader', { name: header, exact: true }).waitFor();
    }
    const row = table.getByRole('row').filter({ hasText: 'task.created' }).filter({ hasText: 'Success' });
    await row.first().waitFor({ timeout: 20_000 });
    expect(await row.first().textContent()).toContain('200');
    await screenshot(page, 'webhook-log');

    await row
      .first()
      .getByRole('button', { name: /View payload/ })
      .click();
    const detail = page.getByRole('complementary');
    await detail.getByRole('heading', { name: 'Request' }).waitFor();
    expect(await detail.getByLabel('Payload').textContent()).toContain('Invoice question from Ada');
    expect(await detail.getByLabel('Request headers').textContent()).toContain('webhook-id');
    await detail.getByRole('heading', { name: 'Response' }).waitFor();
    expect(await detail.getByRole('table').getByRole('row').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'delivery-detail');

    const before = receiver.received.length;
    await detail.getByRole('button', { name: 'Redeliver' }).click();
    await detail.getByRole('status').filter({ hasText: 'Redelivery queued' }).waitFor();
    await receiver.waitFor(
      (r) => receiver.received.indexOf(r) >= before && r.body.data.id === created.body.id,
    );
  }, 90_000);

  it('a key is rotated (the new one shown once, the old one refused) and revoked', async () => {
    await settingsNav(page, 'Integrations');
    await page
      .getByRole('navigation', { name: 'Integrations' })
      .getByRole('link', { name: 'Incoming Webhooks' })
      .click();
    const row = page.getByRole('row', { name: /n8n e-mail to task/ });
    await expect.poll(() => row.textContent()).not.toContain('Never'); // last used, by the task above
    await row.getByRole('button', { name: 'Rotate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate' }).click();
    const shown = page.getByRole('region', { name: 'API Key' });
    const rotated = await shown.getByLabel('API Key').inputValue();
    expect(rotated).not.toBe(apiKey);
    expect(await shown.getByRole('alert').textContent()).toBe(`Important: ${KEY_WARNING}`);
    expect((await postIncoming(server.baseUrl, apiKey, 'tasks', { title: 'old key' })).status).toBe(401);
    expect((await postIncoming(server.baseUrl, rotated, 'tasks', { title: 'new key' })).status).toBe(201);
    await shown.getByRole('button', { name: 'Done' }).click();
    expect(await page.content()).not.toContain(rotated);

    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('cell', { name: 'Revoked', exact: true }).waitFor();
    expect((await postIncoming(server.baseUrl, rotated, 'tasks', { title: 'revoked' })).status).toBe(401);
    await screenshot(page, 'incoming-webhooks-revoked');
  }, 60_000);

  it('loaded no resource and ran nothing the CSP refused, and threw no page errors', () => {
    expect(problems).toEqual([]);
  });
});
