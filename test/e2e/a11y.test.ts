/**
 * Every screen of the window through axe-core: no serious or critical
 * violation, in English and in German, in the light and the dark colour
 * scheme (the window follows prefers-color-scheme: theme.css). One page per
 * language walks every screen in place; at each, axe runs the full rule set
 * in the light scheme, and the colour rules again in the dark one.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserFile } from './harness/fixture.js';
import { eventually, expectCount } from './harness/waits.js';

const BLOCKING = new Set(['serious', 'critical']);
/** The rules the colour scheme changes the outcome of. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block', 'non-text-contrast'];

/** axe's serious and critical violations on the page as it is now, one line per node. */
async function audit(page: Page, screen: string, rules?: string[]): Promise<string[]> {
  // Violations only: axe skips building the passes, much faster on a busy machine.
  const builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
  if (rules) builder.withRules(rules.filter((r) => r !== 'non-text-contrast'));
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${screen}: [${v.impact}] ${v.id} (${v.help}) at ${n.target.join(' ')}${
            n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''
          }`,
      ),
    );
}

/** Audits the screen in the light scheme (every rule) and in the dark one (the colour rules). */
async function auditBothSchemes(page: Page, screen: string, found: string[]): Promise<void> {
  const t0 = Date.now();
  await page.emulateMedia({ colorScheme: 'light' });
  found.push(...(await audit(page, `${screen} (light)`)));
  const light = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  // The window did turn dark (theme.css follows prefers-color-scheme), so the contrast checked is the dark one.
  await eventually(
    async () =>
      (await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)) !== light
        ? true
        : undefined,
    `${screen} in the dark scheme`,
  );
  found.push(...(await audit(page, `${screen} (dark)`, COLOUR_RULES)));
  await page.emulateMedia({ colorScheme: 'light' });
  // A11Y_DEBUG=1 prints each screen's time and findings as the walk goes.
  if (process.env.A11Y_DEBUG)
    process.stderr.write(`${screen} ${Date.now() - t0} ms ${found.length}\n${found.join('\n')}\n`);
}

/** Navigates in place (the hash is the route) and waits for the screen's heading. */
async function go(page: Page, path: string, ready: Locator): Promise<void> {
  await page.evaluate((to) => (window.location.hash = to), path);
  await ready.first().waitFor();
}

const words = (en: string, de: RegExp | string) =>
  new RegExp(`^(${en}|${typeof de === 'string' ? de : de.source})$`);

describe('axe-core on every screen', () => {
  const file = useBrowserFile({ receiver: true });
  let webhookId = '';

  beforeAll(async () => {
    const rpc = file.server.rpc.bind(file.server);
    const hook = file.receiver.endpoint('a11y');
    const webhook = await rpc<{ id: string }>('webhooks.create', {
      name: 'Everything',
      url: hook.url,
      events: ['*'],
    });
    webhookId = webhook.id;
    await rpc('webhooks.create', {
      name: 'Nowhere',
      url: 'http://127.0.0.1:9/hook',
      events: ['task.created'],
    });
    await rpc('keys.create', { name: 'n8n', permissions: ['tasks:write'] });
    // Metrics switched on, so the Overview shows the address and Rotate token (its token shown once is audited too).
    await rpc('metrics.update', { enabled: true });
    const client = await rpc<{ id: string }>('clients.create', {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    });
    const project = await rpc<{ id: string }>('projects.create', { name: 'Engine', clientId: client.id });
    await rpc('tasks.create', { title: 'Notes on the engine', projectId: project.id });
    await rpc('timeEntries.create', { description: 'Translating', projectId: project.id, minutes: 150 });
    const items = [
      { description: 'Audit', quantity: 3, unitPrice: 25_000, taxRate: 19 },
      { description: 'Travel', quantity: 1, unitPrice: 8_000, taxRate: 7 },
    ];
    await rpc('quotes.create', { clientId: client.id, items });
    await rpc('invoices.create', { clientId: client.id, items });
    // A delivery in the log to open.
    await eventually(
      async () =>
        (await rpc<{ items: unknown[] }>('log.list', { webhookId, limit: 5 })).items.length > 0
          ? true
          : undefined,
      'a delivery of "Everything" in the log',
    );
  }, 60_000);

  /** The six object lists, their New and Edit forms (an invoice's with its items), a confirm dialog open. */
  async function objectScreens(page: Page, found: string[], paths: string[]): Promise<void> {
    const form = page.locator('main form:not([method=dialog])');
    const cancel = form.locator('button[type=button]').filter({ hasText: /^(Cancel|Abbrechen)$/ });
    for (const path of paths) {
      await go(page, path, page.locator('table.list tbody tr'));
      await auditBothSchemes(page, path, found);
      await page.locator('.screen-header button.primary').click();
      await form.first().waitFor();
      await auditBothSchemes(page, `${path} New`, found);
      await cancel.first().click();
      await expectCount(form, 0);
      await page
        .locator('table.list tbody tr')
        .first()
        .getByRole('button', { name: words('Edit', 'Bearbeiten') })
        .click();
      await form.first().waitFor();
      await auditBothSchemes(page, `${path} Edit${path === '/invoices' ? ' (with items)' : ''}`, found);
      await cancel.first().click();
      await expectCount(form, 0);
    }
    await page.locator('table.list tbody tr').first().locator('.row-actions > button.danger').first().click();
    await page.locator('dialog[open]').waitFor();
    await auditBothSchemes(page, `${paths[paths.length - 1]} confirm dialog`, found);
    await page.keyboard.press('Escape');
    await expectCount(page.locator('dialog[open]'), 0);
  }

  /** Settings > Integrations: Overview (and its metrics token shown once), Webhooks (a Delete dialog open), New and Edit Webhook, Incoming Webhooks, New Incoming Webhook, its key shown once, Use with n8n and Zapier. */
  async function integrations(page: Page, found: string[]): Promise<void> {
    const heading = page.locator('main h1, main h2');
    const form = page.locator('main form:not([method=dialog])');
    await go(page, '/settings/integrations', heading);
    await auditBothSchemes(page, 'Integrations Overview', found);
    const rotate = words('Rotate token', 'Token erneuern');
    await page.getByRole('button', { name: rotate, exact: true }).click();
    await page.locator('dialog[open]').getByRole('button', { name: rotate, exact: true }).click();
    await page.getByRole('region', { name: words('Metrics token', 'Metrik-Token') }).waitFor();
    await auditBothSchemes(page, 'Integrations Overview, the metrics token shown once', found);
    await go(page, '/settings/integrations/webhooks', page.getByRole('article', { name: 'Everything' }));
    await auditBothSchemes(page, 'Integrations Webhooks', found);
    await page.getByRole('article', { name: 'Nowhere' }).locator(':scope > .actions > button.danger').click();
    await page.locator('dialog[open]').waitFor();
    await auditBothSchemes(page, 'Webhooks Delete dialog', found);
    await page.keyboard.press('Escape');
    await expectCount(page.locator('dialog[open]'), 0);
    await go(page, '/settings/integrations/webhooks/new', form);
    await auditBothSchemes(page, 'New Webhook', found);
    await go(page, `/settings/integrations/webhooks/${webhookId}/edit`, form.locator('input[type=url]'));
    await auditBothSchemes(page, 'Edit Webhook', found);
    await go(page, '/settings/integrations/incoming', page.locator('main table.keys').getByText('n8n'));
    await auditBothSchemes(page, 'Incoming Webhooks', found);
    await go(page, '/settings/integrations/incoming/new', form);
    await auditBothSchemes(page, 'New Incoming Webhook', found);
    await form.locator('input').first().fill('Shown once');
    await form.locator('input[type=checkbox]').first().check();
    await form.locator('button[type=submit]').click();
    const key = page.getByRole('region').locator('input[readonly]').first();
    await eventually(
      async () => ((await key.inputValue()).startsWith('ik_live_') ? true : undefined),
      'the key',
    );
    await auditBothSchemes(page, 'Key shown once', found);
    await go(page, '/settings/integrations/n8n', heading);
    await auditBothSchemes(page, 'Use with n8n', found);
    await go(page, '/settings/integrations/zapier', heading);
    await auditBothSchemes(page, 'Use with Zapier', found);
  }

  /** Settings > Webhooks and its View Log with a delivery's detail open, Settings > General, the sign-in screen. */
  async function settings(page: Page, found: string[]): Promise<void> {
    await go(page, '/settings/webhooks', page.getByRole('article', { name: 'Everything' }));
    await auditBothSchemes(page, 'Settings Webhooks', found);
    const view = page.locator('.log-item button');
    await go(page, '/settings/webhooks/log', view);
    await auditBothSchemes(page, 'View Log', found);
    await view.first().click();
    await eventually(
      async () => ((await page.locator('main pre').count()) > 0 ? true : undefined),
      'the detail',
    );
    await auditBothSchemes(page, 'View Log with a delivery open', found);
    await go(page, '/settings/general', page.locator('main form:not([method=dialog])'));
    await auditBothSchemes(page, 'General (with Backups and Language)', found);
    await page.locator('.sign-out').click();
    await page.locator('main input, form input').first().waitFor();
    await auditBothSchemes(page, 'Sign in', found);
  }

  const LANGUAGES = [
    { name: 'English', locale: 'en-US', lang: 'en' },
    { name: 'German', locale: 'de-DE', lang: 'de' },
  ];
  const GROUPS = [
    {
      name: 'Clients, Projects and Tasks with their forms',
      walk: (page: Page, found: string[]) => objectScreens(page, found, ['/clients', '/projects', '/tasks']),
    },
    {
      name: 'Time, Quotes and Invoices with their forms and a confirm dialog',
      walk: (page: Page, found: string[]) => objectScreens(page, found, ['/time', '/quotes', '/invoices']),
    },
    { name: 'Settings > Integrations', walk: integrations },
    { name: 'Settings > Webhooks with its log, General and the sign-in screen', walk: settings },
  ];
  for (const language of LANGUAGES) {
    for (const group of GROUPS) {
      it(`${language.name}, ${group.name}: no serious or critical violation, light or dark`, async () => {
        const page = await file.page({ locale: language.locale });
        await eventually(
          async () =>
            (await page.evaluate(() => document.documentElement.lang)) === language.lang ? true : undefined,
          `the window in ${language.name}`,
        );
        const found: string[] = [];
        await group.walk(page, found);
        expect(found, found.join('\n')).toEqual([]);
      }, 300_000);
    }
  }

  it('ran nothing the CSP refused and threw no page errors', () => {
    expect(file.problems).toEqual([]);
  });
});
