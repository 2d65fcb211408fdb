/**
 * Every screen an owner works in, at an ordinary laptop's width and up (900, 1280 and 1920 px), in
 * English and German: the six object lists and their New forms, Settings > Integrations (Overview,
 * Webhooks, New Webhook, Incoming Webhooks, New Incoming Webhook, Use with n8n, Use with Zapier)
 * and Settings > General. Nothing scrolls sideways, no header, label or button is cut, nothing
 * leaves the window. One page per language, resized in place; the data is made once.
 * Screenshots of each go to test-results/screenshots/widths/. Also: the Settings menu marks one
 * entry, the same at both of the seed's webhook paths, and a paused card says so in German.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, it } from 'vitest';
import { RESOURCES, WINDOW_ORDER, type Resource } from '../../contract/resources.js';
import { exampleInput } from '../support/example-input.js';
import { CATALOGS } from '../../renderer/src/i18n/resources.js';
import { screenshot } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { expectClean } from './harness/layout.js';
import { expectAttribute, expectCount, expectText } from './harness/waits.js';

const WIDTHS = [900, 1280, 1920] as const;
const LANGUAGES = [
  { locale: 'en-US', lang: 'en' },
  { locale: 'de-DE', lang: 'de' },
] as const;

/** Goes to a route in the same page (no reload): the hash is the route. */
async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, path);
}

/** Checks the page as it is at every width, with a screenshot of each. */
async function atEveryWidth(page: Page, name: string, lang: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await expectClean(page, `${name}, ${lang}, ${width} px`);
    await screenshot(page, `widths/${name}-${lang}-${width}`);
  }
}

describe('every screen at every width, in English and German', () => {
  const file = useBrowserFile();

  beforeAll(async () => {
    // Long words on purpose, so a cut or a sideways scroll shows.
    const client = await file.server.rpc<{ id: string }>('clients.create', {
      name: 'Müller Garten- und Landschaftsbau GmbH',
      email: 'buchhaltung@mueller-gartenbau.example',
      company: 'Müller Garten- und Landschaftsbau',
      phone: '+49 89 1234567',
    });
    const project = await file.server.rpc<{ id: string }>('projects.create', {
      name: 'Neugestaltung Innenhof',
      clientId: client.id,
    });
    const task = await file.server.rpc<{ id: string }>('tasks.create', {
      title: 'Pflanzplan abstimmen',
      projectId: project.id,
      dueDate: '2026-05-04',
    });
    await file.server.rpc('timeEntries.create', {
      description: 'Vor-Ort-Termin',
      projectId: project.id,
      taskId: task.id,
      minutes: 90,
    });
    const items = [{ description: 'Pflasterarbeiten', quantity: 12, unitPrice: 8950, taxRate: 19 }];
    await file.server.rpc('quotes.create', { clientId: client.id, items });
    await file.server.rpc('invoices.create', { clientId: client.id, items });
    await file.server.rpc('webhooks.create', {
      name: 'n8n Rechnungen an Buchhaltung',
      url: 'https://n8n.mueller-gartenbau.example/webhook/dversum-rechnungen',
      events: ['invoice.created', 'invoice.paid'],
    });
    await file.server.rpc('keys.create', {
      name: 'n8n E-Mail zu Aufgabe',
      permissions: ['tasks:write', 'projects:write', 'clients:write', 'time_entries:create'],
      ipWhitelist: ['192.168.178.0/24', '2001:db8::/32'],
    });
    // Every other object of the table gets one row from its entry's example.
    const make = (r: Resource, body: Record<string, unknown>) =>
      file.server.rpc<{ id: string }>(`${r.list}.create`, body);
    for (const key of WINDOW_ORDER) {
      const r = RESOURCES[key] as Resource;
      const { items } = await file.server.rpc<{ items: unknown[] }>(`${r.list}.list`, {});
      if (items.length === 0) await make(r, await exampleInput(r, make));
    }
    await file.server.rpc('settings.update', { language: 'system' });
  });

  for (const { locale, lang } of LANGUAGES) {
    const words = CATALOGS[lang];
    it(`${lang}: the object lists and their New forms, Settings > Integrations and General`, async () => {
      const page = await file.page({ locale });
      await page.setViewportSize({ width: 1280, height: 900 });

      for (const key of WINDOW_ORDER) {
        await go(page, RESOURCES[key].path);
        await expectText(page.locator('h1#screen-title'), words.common.objects[key]);
        await expectCount(page.locator('table.list tbody tr'), { atLeast: 1 });
        await atEveryWidth(page, key, lang);
        await page.getByRole('button', { name: words.business[key].new, exact: true }).click();
        await page.locator('form.object-form').waitFor();
        await atEveryWidth(page, `${key}-new`, lang);
        await page.setViewportSize({ width: 1280, height: 900 });
      }

      const settings: [string, string, () => Promise<void>][] = [
        ['/settings/integrations', 'integrations', () => page.locator('h2#integrations-title').waitFor()],
        [
          '/settings/integrations/webhooks',
          'webhooks',
          () => page.getByRole('article', { name: 'n8n Rechnungen an Buchhaltung' }).waitFor(),
        ],
        [
          '/settings/integrations/webhooks/new',
          'webhook-new',
          () => expectText(page.locator('h2#webhook-form-title'), words.webhooks.form.newTitle),
        ],
        [
          '/settings/integrations/incoming',
          'incoming',
          () => page.getByRole('row', { name: /n8n E-Mail zu Aufgabe/ }).waitFor(),
        ],
        [
          '/settings/integrations/incoming/new',
          'incoming-new',
          () => expectText(page.locator('h2#incoming-form-title'), words.keys.form.title),
        ],
        ['/settings/integrations/n8n', 'use-n8n', () => page.locator('h2#use-n8n-title').waitFor()],
        ['/settings/integrations/zapier', 'use-zapier', () => page.locator('h2#use-zapier-title').waitFor()],
        ['/settings/general', 'general', () => page.locator('h2#general-title').waitFor()],
      ];
      for (const [path, name, ready] of settings) {
        await go(page, path);
        await ready();
        await atEveryWidth(page, name, lang);
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    }, 300_000);
  }

  it('the Settings menu marks one entry: Webhooks for the webhook list at both seed paths, New and the log', async () => {
    const page = await file.page();
    const menu = page.getByRole('navigation', { name: 'Settings' });
    const marked = menu.locator('a[aria-current="page"]');
    const cases: [string, string][] = [
      ['/settings', 'Integrations'],
      ['/settings/integrations', 'Integrations'],
      ['/settings/integrations/incoming', 'Integrations'],
      ['/settings/integrations/n8n', 'Integrations'],
      ['/settings/integrations/webhooks', 'Webhooks'],
      ['/settings/integrations/webhooks/new', 'Webhooks'],
      ['/settings/webhooks', 'Webhooks'],
      ['/settings/webhooks/log', 'Webhooks'],
      ['/settings/general', 'General'],
    ];
    for (const [path, entry] of cases) {
      await go(page, path);
      await expectCount(marked, 1);
      await expectText(marked, entry);
    }
    // Both seed paths show the same screen: the Integrations tabs with Webhooks marked.
    for (const path of ['/settings/webhooks', '/settings/integrations/webhooks']) {
      await go(page, path);
      const tab = page
        .getByRole('navigation', { name: 'Integrations' })
        .getByRole('link', { name: 'Webhooks', exact: true });
      await expectAttribute(tab, 'aria-current', 'page');
      await page.getByRole('link', { name: 'New Webhook' }).waitFor();
      await page.getByRole('link', { name: 'View Log' }).waitFor();
    }
  }, 60_000);

  it('de: while sending is paused, an enabled webhook’s card says „Pausiert“, the switch how many are held', async () => {
    const page = await file.page({ locale: 'de-DE' });
    await go(page, '/settings/integrations/webhooks');
    const card = page.getByRole('article', { name: 'n8n Rechnungen an Buchhaltung' });
    await expectText(card.locator('.webhook-head .badge'), 'Aktiviert');
    await file.server.rpc('dispatch.setPaused', { paused: true });
    try {
      await expectText(card.locator('.webhook-head .badge'), 'Pausiert');
      await expectText(page.getByTestId('held-count'), /zurückgehalten$/);
      await screenshot(page, 'widths/webhooks-paused-de');
    } finally {
      await file.server.rpc('dispatch.setPaused', { paused: false });
    }
    await expectText(card.locator('.webhook-head .badge'), 'Aktiviert');
  }, 60_000);
});
