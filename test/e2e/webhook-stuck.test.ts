/**
 * A delivery sent whose outcome could not be saved (the record step fails with something that is
 * not a storage fault) shows on its webhook's card, in English and German, with the error and
 * when it is sent again; once recording works it is delivered and the notice goes.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { settingsNav } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { eventually, expectCount, expectTextContaining } from './harness/waits.js';

describe('a delivery whose outcome cannot be saved', () => {
  const file = useBrowserFile({ receiver: true });

  it('is named on its webhook card until it is recorded', async () => {
    const hook = file.receiver.endpoint('stuck');
    // Steps of a second after the first 5 s, so the heal below is seen within seconds.
    const { retrySchedule } = await file.server.rpc<{ retrySchedule: number[] }>('settings.get');
    await file.server.rpc('settings.update', { retrySchedule: [1] });
    const webhook = await file.server.rpc<{ id: string }>('webhooks.create', {
      name: 'Stuck receiver',
      url: hook.url,
      events: ['task.created'],
    });
    // Another connection to the server's file: the trigger reaches the server's next attempt.
    const db = new Database(join(file.server.dataDir, 'dversum.db'));
    db.exec(
      `CREATE TRIGGER e2e_record_fault BEFORE INSERT ON delivery_attempts BEGIN SELECT RAISE(ABORT, 'injected record failure'); END;`,
    );
    try {
      const task = await file.server.rpc<{ id: string }>('tasks.create', { title: 'Sent, not recorded' });
      await hook.waitFor((r) => r.body.data.id === task.id);
      await eventually(async () => {
        const status = await file.server.rpc<{ stuckCount?: number }>('dispatch.status');
        return status.stuckCount === 1 ? true : undefined;
      }, 'the status names the stuck delivery');

      const page = await file.page();
      await settingsNav(page, 'Webhooks');
      const card = page.getByRole('article', { name: 'Stuck receiver' });
      await expectTextContaining(card.getByRole('alert', { name: 'Not recorded' }), [
        '1 delivery was sent, but its outcome could not be saved (injected record failure).',
        'It stays waiting and is sent again at ',
      ]);

      await file.server.rpc('settings.update', { language: 'de' });
      try {
        await page.reload();
        const karte = page.getByRole('article', { name: 'Stuck receiver' });
        await expectTextContaining(karte.getByRole('alert', { name: 'Nicht gespeichert' }), [
          '1 Zustellung wurde gesendet, aber ihr Ergebnis konnte nicht gespeichert werden (injected record failure).',
        ]);
      } finally {
        await file.server.rpc('settings.update', { language: 'en' });
      }

      db.exec('DROP TRIGGER e2e_record_fault');
      // Sent again after the back-off (5 s) or its step, recorded this time: the notice goes.
      await eventually(
        async () => {
          const { items } = await file.server.rpc<{ items: { status: string }[] }>('log.list', {
            webhookId: webhook.id,
          });
          return items[0]?.status === 'success' ? true : undefined;
        },
        'the delivery recorded',
        { timeout: 30_000 },
      );
      await page.reload();
      await expectCount(page.getByRole('article', { name: 'Stuck receiver' }).getByRole('alert'), 0);
      expect(await file.server.rpc('dispatch.status')).not.toHaveProperty('stuck');
    } finally {
      db.exec('DROP TRIGGER IF EXISTS e2e_record_fault');
      db.close();
      await file.server.rpc('settings.update', { retrySchedule });
    }
  }, 90_000);
});
