/**
 * "Send webhook health events to" on the webhooks screen: chosen, saved, switched off, in English
 * and German; the webhook form's "Webhook health" group, which "All events" does not take.
 */
import { describe, expect, it } from 'vitest';
import { integrationsTab, settingsNav } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { eventually, expectChecked, expectValue } from './harness/waits.js';

describe('webhook health events in the window', () => {
  const file = useBrowserFile({ receiver: true });

  it('the owner chooses the webhook that gets them, and switches them off again', async () => {
    const url = file.receiver.endpoint('ops-alerts').url;
    const hook = await file.server.rpc<{ id: string }>('webhooks.create', {
      name: 'Ops alerts',
      url,
      events: ['client.created'],
    });
    const page = await file.page();
    await settingsNav(page, 'Webhooks');
    const choice = page.getByLabel('Send webhook health events to', { exact: true });
    await expectValue(choice, '');
    await choice.selectOption({ label: `Ops alerts (${url})` });
    const saved = async () =>
      (await file.server.rpc<{ healthEventsTo: string | null }>('settings.get')).healthEventsTo;
    await eventually(async () => ((await saved()) === hook.id ? true : undefined), 'the setting saved');
    await page.reload();
    await expectValue(page.getByLabel('Send webhook health events to', { exact: true }), hook.id);
    await page
      .getByLabel('Send webhook health events to', { exact: true })
      .selectOption({ label: 'None (off)' });
    await eventually(async () => ((await saved()) === null ? true : undefined), 'the setting off');
    await file.server.rpc('webhooks.delete', { id: hook.id });
  }, 60_000);

  it('German: the setting is named in German', async () => {
    await file.server.rpc('settings.update', { language: 'de' });
    try {
      const page = await file.page();
      await page
        .getByRole('navigation', { name: 'Hauptmenü' })
        .getByRole('link', { name: 'Einstellungen', exact: true })
        .click();
      await page
        .getByRole('navigation', { name: 'Einstellungen' })
        .getByRole('link', { name: 'Webhooks', exact: true })
        .click();
      await expectValue(page.getByLabel('Webhook-Zustandsereignisse senden an', { exact: true }), '');
    } finally {
      await file.server.rpc('settings.update', { language: 'system' });
    }
  }, 60_000);

  it('the webhook form: "All events" leaves the health events unticked; ticking one keeps it beside *', async () => {
    const page = await file.page();
    await integrationsTab(page, 'Webhooks');
    await page.getByRole('link', { name: 'New Webhook' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Everything');
    await page.getByLabel('URL', { exact: true }).fill(file.receiver.endpoint('everything').url);
    await page.getByLabel('All events', { exact: true }).check();
    await expectChecked(page.getByLabel('invoice.paid', { exact: true }));
    await expectChecked(page.getByLabel('webhook.failing', { exact: true }), false);
    await page.getByLabel('webhook.failing', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    const hook = await eventually(async () => {
      const { items } = await file.server.rpc<{ items: { id: string; name: string; events: string[] }[] }>(
        'webhooks.list',
      );
      return items.find((w) => w.name === 'Everything');
    }, 'the webhook saved');
    expect(hook.events).toEqual(['*', 'webhook.failing']);
    await file.server.rpc('webhooks.delete', { id: hook.id });
  }, 60_000);
});
