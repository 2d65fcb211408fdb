/**
 * Backups as a new owner meets them, in the window on a real headless server:
 * Settings > General > Backups, "Back up now", a client deleted, Restore
 * (with its confirm dialog): the client is back, the app keeps running on
 * the restored database, and webhooks are paused with the reason shown.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { mainNav, screenshot, settingsNav } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { expectChecked, expectCount, expectTextContaining } from './harness/waits.js';

describe('backups', () => {
  const file = useBrowserFile({ receiver: true });
  const confirm = (page: Page, label: string) =>
    page.getByRole('dialog').getByRole('button', { name: label, exact: true }).click();

  it('Back up now, delete a client, Restore: the client is back and webhooks are paused with the reason shown', async () => {
    const hook = file.receiver.endpoint('backups');
    await file.server.rpc('webhooks.create', {
      name: 'Clients feed',
      url: hook.url,
      events: ['client.created'],
    });
    await file.server.rpc('clients.create', { name: 'Ada Lovelace' });
    const page = await file.page();

    await settingsNav(page, 'General');
    const panel = page.getByRole('region', { name: 'Backups' });
    await panel.getByRole('button', { name: 'Back up now' }).click();
    await expectTextContaining(panel.getByTestId('backup-status'), 'Backed up: dversum-');
    const rows = panel.getByRole('table', { name: 'Backups' }).getByRole('row', { name: /Manual/ });
    await expectCount(rows, 1);
    await expectTextContaining(rows.first(), ' KB');
    await screenshot(page, 'backups-list');

    await mainNav(page, 'Clients');
    const ada = page.getByRole('row', { name: /Ada Lovelace/ });
    await ada.getByRole('button', { name: 'Delete' }).click();
    await confirm(page, 'Delete');
    await expectCount(ada, 0);

    await settingsNav(page, 'General');
    await rows.first().getByRole('button', { name: 'Restore' }).click();
    await confirm(page, 'Restore');
    await expectTextContaining(
      panel.getByTestId('backup-status'),
      'Paused after restoring a backup: dversum-',
    );
    await expectCount(
      panel.getByRole('table', { name: 'Backups' }).getByRole('row', { name: /Before restore/ }),
      1,
    );

    await mainNav(page, 'Clients');
    await page.getByRole('row', { name: /Ada Lovelace/ }).waitFor();

    await settingsNav(page, 'Webhooks');
    await expectChecked(page.getByRole('switch', { name: 'Pause webhooks' }), true);
    await expectTextContaining(page.getByTestId('pause-reason'), 'Paused after restoring a backup: dversum-');
    await screenshot(page, 'backups-restored-paused');

    // The app runs on the restored database: a new client is saved and, once resumed, delivered.
    const grace = await file.server.rpc<{ id: string }>('clients.create', { name: 'Grace Hopper' });
    await page.getByRole('switch', { name: 'Pause webhooks' }).click();
    await expectChecked(page.getByRole('switch', { name: 'Pause webhooks' }), false);
    await expectCount(page.getByTestId('pause-reason'), 0);
    const delivered = await hook.waitFor((r) => r.body.data.id === grace.id);
    expect(delivered.body.type).toBe('client.created');
    expect(file.problems).toEqual([]);
  }, 120_000);
});
