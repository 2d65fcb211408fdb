/**
 * Changes made outside the window (here through /admin/rpc, as another tab,
 * a script or the tray would) show in it at once through the notices of
 * /admin/events, with no polling while the stream is live.
 */
import { describe, expect, it } from 'vitest';
import { integrationsTab } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { expectAttribute, expectChecked, expectCount, expectText } from './harness/waits.js';

/** The pause switch's fallback poll (PauseSwitch.tsx), plus a margin. */
const ONE_POLL_INTERVAL_MS = 3_000 + 1_000;

describe('notices from outside the window', () => {
  const file = useBrowserFile({ receiver: true });

  it('a pause through /admin/rpc flips the switch with one re-read per notice, and no dispatch.status poll', async () => {
    const page = await file.page();
    const statusReads: number[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/admin/rpc/dispatch.status') statusReads.push(Date.now());
    });
    await integrationsTab(page, 'Webhooks');
    const pause = page.getByRole('switch', { name: 'Pause webhooks' });
    await expectChecked(pause, false);
    await expectAttribute(page.locator('html'), 'data-notices', 'live');
    await expectText(page.getByTestId('held-count'), '');
    const since = Date.now();
    const before = statusReads.length;

    await file.server.rpc('dispatch.setPaused', { paused: true });
    await expectChecked(pause, true);
    await file.server.rpc('dispatch.setPaused', { paused: false });
    await expectChecked(pause, false);

    // An absence (no poll) is only seen by letting one poll interval pass.
    const left = since + ONE_POLL_INTERVAL_MS - Date.now();
    if (left > 0) await page.waitForTimeout(left);
    expect(statusReads.length - before).toBe(2);
  }, 60_000);

  it('a delivery recorded outside the window appears in the open log', async () => {
    const hook = file.receiver.endpoint('notices');
    const page = await file.page();
    await integrationsTab(page, 'Webhooks');
    await page.getByRole('link', { name: 'View Log' }).click();
    await expectAttribute(page.locator('html'), 'data-notices', 'live');
    const webhook = await file.server.rpc<{ id: string }>('webhooks.create', {
      name: 'Told',
      url: hook.url,
      events: ['task.created'],
    });
    const rows = page.getByRole('table', { name: 'Webhook log' }).locator('[data-delivery-id]');
    await file.server.rpc('tasks.create', { title: 'Made elsewhere' });
    await hook.waitFor((r) => r.body.type === 'task.created');
    const { items } = await file.server.rpc<{ items: { id: string; webhookId: string }[] }>('log.list', {
      webhookId: webhook.id,
    });
    await expectCount(page.locator(`[data-delivery-id="${items[0].id}"]`), 1);
    await expectCount(rows, 1);
  }, 60_000);

  it('a key used by a caller shows its last-used time in the open key list', async () => {
    const { key } = await file.server.rpc<{ key: string }>('keys.create', {
      name: 'Used elsewhere',
      permissions: ['tasks:read'],
    });
    const page = await file.page();
    await integrationsTab(page, 'Incoming Webhooks');
    const row = page.getByRole('row').filter({ hasText: 'Used elsewhere' });
    await expectCount(row.getByRole('cell', { name: 'Never', exact: true }), 1);
    await expectAttribute(page.locator('html'), 'data-notices', 'live');
    const response = await fetch(`${file.server.baseUrl}/api/v1/tasks`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(200);
    await expectCount(row.getByRole('cell', { name: 'Never', exact: true }), 0);
  }, 60_000);

  it('ran nothing the CSP refused and threw no page errors', () => {
    expect(file.problems).toEqual([]);
  });
});
