/**
 * The seed's click paths, word for word, in Debian's Chromium against the
 * headless server: a webhook, an incoming webhook and its key (shown once,
 * gone after a reload), a task created with the key appearing in Tasks and
 * its task.created in the log, with detail and Redeliver. Each test makes
 * what it needs (through the admin RPC when it is not what the test clicks).
 */
import { describe, expect, it } from 'vitest';
import { mainNav, screenshot, settingsNav, signIn } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { createKeyThroughWindow, createWebhookThroughWindow, postIncoming } from './harness/flows.js';
import {
  expectAttribute,
  expectCount,
  expectPageLacks,
  expectText,
  expectTextContaining,
  expectValue,
} from './harness/waits.js';

const KEY_WARNING = 'The key is only displayed once. Store it securely!';

describe('the seed, clicked through', () => {
  const file = useBrowserFile({ receiver: true });

  /** A key with the tasks permissions, made over the admin RPC. */
  const createKey = (name: string) =>
    file.server.rpc<{ id: string; key: string }>('keys.create', {
      name,
      permissions: ['tasks:write', 'tasks:read'],
    });

  it('asks once for the admin token, then remembers it', async () => {
    const page = await file.page({ signedIn: false });
    await page.goto(`${file.server.baseUrl}/`);
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(
      page.getByRole('alert').first(),
      'This token was not accepted. Copy it again from the admin-token file.',
    );
    await screenshot(page, 'sign-in');
    await signIn(page, file.server.baseUrl, file.server.token);
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await expectCount(page.getByLabel('Admin token'), 0);

    // A token the server no longer accepts (a 401) brings the sign-in screen back.
    await page.evaluate(() => localStorage.setItem('dversum.adminToken', 'revoked-token'));
    await page.reload();
    await page.getByLabel('Admin token').waitFor();
    await signIn(page, file.server.baseUrl, file.server.token);
  }, 60_000);

  it('Settings > Integrations shows the server address, the API docs and the n8n and Zapier snippets', async () => {
    const page = await file.page();
    const { baseUrl } = file.server;
    await settingsNav(page, 'Integrations');
    await page.getByRole('heading', { name: 'Integrations', exact: true }).waitFor();
    await expectValue(page.getByLabel('Server address'), baseUrl);
    await expectAttribute(page.getByRole('link', { name: 'API Docs' }), 'href', `${baseUrl}/api/docs`);
    await expectTextContaining(
      page.locator('.snippet', { hasText: 'n8n HTTP Request node' }).locator('pre'),
      [
        'Method: POST',
        `URL: ${baseUrl}/api/v1/webhooks/incoming/tasks`,
        'Header: Authorization: Bearer YOUR_API_KEY',
      ],
    );
    await expectCount(page.locator('.snippet', { hasText: 'Zapier Catch Hook' }), 1);
    await expectTextContaining(
      page.locator('.snippet', { hasText: 'Zapier POST action' }).locator('pre'),
      'Headers: Authorization | Bearer YOUR_API_KEY',
    );
    await screenshot(page, 'settings-integrations');
  }, 60_000);

  it('Settings > Integrations > Webhooks > New Webhook: Name, URL, grouped Events, Save', async () => {
    const page = await file.page();
    const hook = file.receiver.endpoint('new-webhook');
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
    await createWebhookThroughWindow(page, 'n8n tasks', hook.url, ['task.created', 'task.completed']);
    const card = page.getByRole('article', { name: 'n8n tasks' });
    await expectText(card.locator('.url'), hook.url);
    await expectTextContaining(card, 'task.created, task.completed');
    await card.getByRole('img').waitFor(); // the 14-day chart
    await screenshot(page, 'webhooks');
  }, 60_000);

  it('Incoming Webhooks > New Incoming Webhook: Permissions, IP Whitelist, Save; the key once, with its warning', async () => {
    const page = await file.page();
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
      await expectCount(page.getByLabel(label, { exact: true }), 1);
    }
    await page.getByLabel('IP Whitelist (optional)').waitFor();
    await screenshot(page, 'new-incoming-webhook');

    const apiKey = await createKeyThroughWindow(
      page,
      'n8n e-mail to task',
      ['Create/edit/delete tasks', 'Read tasks'],
      '127.0.0.1\n::1',
    );
    expect(apiKey).toMatch(/^ik_live_[0-9A-Za-z]{40,}$/);
    const shown = page.getByRole('region', { name: 'API Key' });
    await expectText(shown.getByRole('alert'), `Important: ${KEY_WARNING}`);
    await shown.getByRole('button', { name: 'Copy key' }).waitFor();
    await screenshot(page, 'api-key-once');

    await shown.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row', { name: /n8n e-mail to task/ });
    await row.waitFor();
    const { items } = await file.server.rpc<{ items: { name: string; prefix: string; last4: string }[] }>(
      'keys.list',
    );
    const record = items.find((k) => k.name === 'n8n e-mail to task')!;
    expect(apiKey.startsWith(record.prefix) && apiKey.endsWith(record.last4)).toBe(true);
    await expectTextContaining(row, `${record.prefix}…${record.last4}`);
    await expectPageLacks(page, apiKey);
    await page.reload();
    await page.getByRole('row', { name: /n8n e-mail to task/ }).waitFor();
    await expectPageLacks(page, apiKey);
    await expectCount(page.getByText(KEY_WARNING), 0);
    await screenshot(page, 'incoming-webhooks');
  }, 60_000);

  it('a task created with the key appears in Tasks, and its task.created reaches the receiver and the log', async () => {
    const hook = file.receiver.endpoint('task-log');
    const webhook = await file.server.rpc<{ id: string }>('webhooks.create', {
      name: 'Task log',
      url: hook.url,
      events: ['task.created'],
    });
    const { key } = await createKey('Task log key');
    const page = await file.page();

    const created = await postIncoming(file.server.baseUrl, key, 'tasks', {
      title: 'Invoice question from Ada',
      description: 'Subject > Title, Content > Description',
    });
    expect(created.status).toBe(201);
    const delivered = await hook.waitFor(
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
    // The row of this webhook's delivery (other tests' webhooks may log task.created too).
    const { items } = await file.server.rpc<{ items: { id: string }[] }>('log.list', {
      webhookId: webhook.id,
    });
    expect(items).toHaveLength(1);
    const row = table.locator(`[data-delivery-id="${items[0].id}"]`);
    await expectTextContaining(row, ['task.created', 'Success', '200']);
    await screenshot(page, 'webhook-log');

    await row.getByRole('button', { name: /View payload/ }).click();
    const detail = page.getByRole('complementary');
    await detail.getByRole('heading', { name: 'Request' }).waitFor();
    await expectTextContaining(detail.getByLabel('Payload'), 'Invoice question from Ada');
    await expectTextContaining(detail.getByLabel('Request headers'), 'webhook-id');
    await detail.getByRole('heading', { name: 'Response' }).waitFor();
    await expectCount(detail.getByRole('table').getByRole('row'), { atLeast: 2 });
    await screenshot(page, 'delivery-detail');

    const before = hook.received().length;
    await detail.getByRole('button', { name: 'Redeliver' }).click();
    await detail.getByRole('status').filter({ hasText: 'Redelivery queued' }).waitFor();
    await hook.waitFor((r) => hook.received().indexOf(r) >= before && r.body.data.id === created.body.id);
  }, 90_000);

  it('a key is rotated (the new one shown once, the old one refused) and revoked', async () => {
    const { key } = await createKey('Rotate me');
    // Used once, so its row says when instead of "Never".
    expect((await postIncoming(file.server.baseUrl, key, 'tasks', { title: 'first use' })).status).toBe(201);
    const page = await file.page();
    await settingsNav(page, 'Integrations');
    await page
      .getByRole('navigation', { name: 'Integrations' })
      .getByRole('link', { name: 'Incoming Webhooks' })
      .click();
    const row = page.getByRole('row', { name: /Rotate me/ });
    await row.waitFor();
    await expect.poll(() => row.textContent()).not.toContain('Never');
    await row.getByRole('button', { name: 'Rotate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate' }).click();
    const shown = page.getByRole('region', { name: 'API Key' });
    await expectValue(shown.getByLabel('API Key'), /^ik_live_/);
    // It says whose key the new value is, and which one it replaces.
    await expectText(shown.getByRole('heading'), `New key for Rotate me (replaces …${key.slice(-4)})`);
    const rotated = await shown.getByLabel('API Key').inputValue();
    expect(rotated).not.toBe(key);
    await expectText(shown.getByRole('alert'), `Important: ${KEY_WARNING}`);
    expect((await postIncoming(file.server.baseUrl, key, 'tasks', { title: 'old key' })).status).toBe(401);
    expect((await postIncoming(file.server.baseUrl, rotated, 'tasks', { title: 'new key' })).status).toBe(
      201,
    );
    await shown.getByRole('button', { name: 'Done' }).click();
    await expectPageLacks(page, rotated);

    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('cell', { name: 'Revoked', exact: true }).waitFor();
    expect((await postIncoming(file.server.baseUrl, rotated, 'tasks', { title: 'revoked' })).status).toBe(
      401,
    );
    await screenshot(page, 'incoming-webhooks-revoked');
  }, 60_000);

  it('loaded no resource and ran nothing the CSP refused, and threw no page errors', () => {
    expect(file.problems).toEqual([]);
  });
});
