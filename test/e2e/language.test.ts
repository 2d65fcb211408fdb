/**
 * The window's language: it follows the browser's (the system's) until the owner chooses one in
 * Settings > General, and the choice holds across a reload and for every window.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserFile } from './harness/fixture.js';
import { screenshot } from './harness/browser.js';
import { expectAttribute, expectCount, expectText, expectValue } from './harness/waits.js';

const go = (page: Page, hash: string) =>
  page.evaluate((to) => {
    window.location.hash = to;
  }, hash);

describe('language', () => {
  const file = useBrowserFile();

  it('a German system gets a German window; English chosen in Settings > General holds across a reload', async () => {
    await file.server.rpc('settings.update', { language: 'system' });
    const page = await file.page({ locale: 'de-DE' });
    const nav = page.getByRole('navigation', { name: 'Hauptmenü' });
    await expectText(nav.getByRole('link', { name: 'Kunden', exact: true }), 'Kunden');
    await expectAttribute(page.locator('html'), 'lang', 'de');

    await nav.getByRole('link', { name: 'Einstellungen', exact: true }).click();
    await page
      .getByRole('navigation', { name: 'Einstellungen' })
      .getByRole('link', { name: 'Allgemein' })
      .click();
    const choice = page.getByLabel('Sprache des Fensters');
    await expectValue(choice, 'system');
    await screenshot(page, 'language-de-general');
    await choice.selectOption('en');

    const english = page.getByRole('navigation', { name: 'Main' });
    await expectText(english.getByRole('link', { name: 'Clients', exact: true }), 'Clients');
    await expectAttribute(page.locator('html'), 'lang', 'en');
    await page.reload();
    await expectText(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients', exact: true }),
      'Clients',
    );
    await expectCount(page.getByRole('navigation', { name: 'Hauptmenü' }), 0);
  });

  it('Deutsch chosen by the owner applies in an English browser too', async () => {
    await file.server.rpc('settings.update', { language: 'de' });
    const page = await file.page({ locale: 'en-US' });
    await expectText(
      page
        .getByRole('navigation', { name: 'Hauptmenü' })
        .getByRole('link', { name: 'Rechnungen', exact: true }),
      'Rechnungen',
    );
    await file.server.rpc('settings.update', { language: 'system' });
  });

  it('German: dates as 04.05.2026, „Neue Rechnung“, the German API docs, and the server’s reasons in German', async () => {
    await file.server.rpc('settings.update', { language: 'de' });
    const client = await file.server.rpc<{ id: string }>('clients.create', { name: 'Datum GmbH' });
    await file.server.rpc('invoices.create', {
      clientId: client.id,
      dueDate: '2026-05-04',
      items: [{ description: 'Beratung', quantity: 1, unitPrice: 12000 }],
    });
    // Refused calls the incoming log shows with their reasons: no key, and a key without the permission.
    const reader = await file.server.rpc<{ id: string; key: string }>('keys.create', {
      name: 'Nur lesen',
      permissions: ['tasks:read'],
    });
    const incoming = `${file.server.baseUrl}/api/v1/webhooks/incoming/tasks`;
    const post = (headers: Record<string, string>) =>
      fetch(incoming, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ title: 'x' }),
      });
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: `Bearer ${reader.key}` })).status).toBe(403);
    // A REST-hook subscription whose key is then revoked: its card says why, by the reason's code.
    const hooks = await file.server.rpc<{ id: string; key: string }>('keys.create', {
      name: 'Abonnent',
      permissions: ['webhooks:manage', 'invoices:read'],
    });
    const subscribed = await fetch(`${file.server.baseUrl}/api/v1/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hooks.key}` },
      body: JSON.stringify({
        name: 'Abo Rechnungen',
        url: 'http://127.0.0.1:9/abo',
        events: ['invoice.created'],
      }),
    });
    expect(subscribed.status).toBe(201);
    await file.server.rpc('keys.revoke', { id: hooks.id });

    const page = await file.page({ locale: 'en-US' });
    await go(page, '/invoices');
    await page.getByRole('cell', { name: 'Datum GmbH' }).waitFor();
    await expectCount(page.getByRole('cell', { name: '04.05.2026', exact: true }), 1);
    await expectCount(page.getByText('2026-05-04'), 0);
    await page.getByRole('button', { name: 'Neue Rechnung', exact: true }).click();
    await expectText(page.locator('form.object-form h2'), 'Neue Rechnung');

    await go(page, '/settings/integrations');
    await expectAttribute(
      page.getByRole('link', { name: 'API-Dokumentation' }),
      'href',
      `${file.server.baseUrl}/api/docs?lang=de`,
    );

    await go(page, '/settings/integrations/incoming');
    const calls = page.locator('table.calls');
    await calls
      .getByRole('cell', {
        name: 'API-Schlüssel fehlt: Senden Sie den Header Authorization: Bearer ik_live_…',
        exact: true,
      })
      .waitFor();
    await calls
      .getByRole('cell', {
        name: 'Diesem Schlüssel fehlt die Berechtigung „Aufgaben anlegen, bearbeiten und löschen“ (tasks:write)',
        exact: true,
      })
      .waitFor();
    await expectCount(calls.getByText('Missing API key', { exact: false }), 0);
    await screenshot(page, 'language-de-incoming-reasons');

    await go(page, '/settings/integrations/webhooks');
    const card = page.getByRole('article', { name: 'Abo Rechnungen' });
    await card
      .getByText('Der API-Schlüssel, der ihn abonniert hat, wurde widerrufen', { exact: false })
      .waitFor();
    await file.server.rpc('settings.update', { language: 'system' });
  }, 90_000);
});
