/**
 * Money end to end: "120.00" typed in the Zapier app's Create Invoice or the
 * n8n node's line item reaches the headless server as 12000 minor units and
 * the window shows it as 120.00 EUR, in the list's Total and in the editor's
 * Unit price (and 120 JPY as ¥120, not ¥1).
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dversum } from '../../integrations/n8n-nodes-dversum/nodes/Dversum/Dversum.node';
import { n8nContext } from '../../integrations/n8n-nodes-dversum/test/support/context';
import { mainNav } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { expectAttribute, expectText, expectValue } from './harness/waits.js';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => any;
const zapierApp = require('../../integrations/zapier/index.js') as {
  creates: Record<string, { operation: { perform: Fn } }>;
};
const { createAppTester } = require('zapier-platform-core') as {
  createAppTester(
    app: unknown,
  ): (method: Fn, bundle: Record<string, unknown>) => Promise<Record<string, unknown>>;
};
const appTester = createAppTester(zapierApp);

describe('amounts typed in the integrations, shown in the window', () => {
  const file = useBrowserFile();
  let apiKey = '';

  beforeAll(async () => {
    ({ key: apiKey } = await file.server.rpc<{ key: string }>('keys.create', {
      name: 'Integrations',
      permissions: ['invoices:create', 'invoices:read'],
    }));
  });

  const currencyIn = (page: Page, value: number, currency: string) =>
    page.evaluate(
      ([v, c]) => new Intl.NumberFormat(undefined, { style: 'currency', currency: c }).format(v),
      [value, currency] as const,
    );

  /** The invoice's row in Invoices: its Total, then its editor's first Unit price. */
  async function expectShown(clientName: string, total: string, unitPrice: string) {
    const page = await file.page();
    await mainNav(page, 'Invoices');
    const row = page.getByRole('row').filter({ hasText: clientName });
    await expectText(row.getByRole('cell').nth(4), await currencyIn(page, ...parse(total)));
    await row.getByRole('button', { name: 'Edit' }).click();
    await expectValue(page.getByLabel('Unit price of item 1', { exact: true }), unitPrice);
    return page;
  }
  const parse = (total: string): [number, string] => {
    const [value, currency] = total.split(' ');
    return [Number(value), currency];
  };

  it('Zapier’s Create Invoice with "120.00" makes an invoice the window shows as 120.00 EUR', async () => {
    const client = await file.server.rpc<{ id: string }>('clients.create', { name: 'Zapier Client' });
    const invoice = await appTester(zapierApp.creates.invoice.operation.perform, {
      authData: { baseUrl: file.server.baseUrl, apiKey },
      inputData: {
        clientId: client.id,
        currency: 'EUR',
        items: [{ description: 'Design', quantity: '1', unitPrice: '120.00' }],
      },
    });
    expect(invoice).toMatchObject({ currency: 'EUR', total: 12000 });
    const page = await expectShown('Zapier Client', '120 EUR', '120.00');
    // "€120.00" in English, "120,00 €" in German: the euro sign and 120 with two decimals, whatever the locale.
    const total = page.getByRole('row').filter({ hasText: 'Zapier Client' }).getByRole('cell').nth(4);
    await expectText(total, /^(€\s?120[.,]00|120[.,]00\s?€)$/);
  }, 60_000);

  it('the n8n node’s line item "120.00" does the same; "120" in JPY is ¥120', async () => {
    const run = async (name: string, currency: string, unitPrice: string) => {
      const client = await file.server.rpc<{ id: string }>('clients.create', { name });
      const ctx = n8nContext({
        credentials: { baseUrl: file.server.baseUrl, apiKey },
        parameters: {
          resource: 'invoice',
          operation: 'create',
          clientId: client.id,
          items: { item: [{ description: 'Design', quantity: 1, unitPrice, taxRate: 0 }] },
          additionalFields: { currency },
        },
      });
      const [[made]] = await new Dversum().execute.call(ctx.execute);
      return made.json;
    };
    expect(await run('n8n Client', 'EUR', '120.00')).toMatchObject({ total: 12000 });
    await expectShown('n8n Client', '120 EUR', '120.00');
    expect(await run('n8n Yen Client', 'JPY', '120')).toMatchObject({ total: 120 });
    await expectShown('n8n Yen Client', '120 JPY', '120');
  }, 60_000);

  it('the window’s editor refuses an amount it cannot read at its field, and saves 1.500,00 as 1500.00', async () => {
    await file.server.rpc('clients.create', { name: 'Window Client' });
    const page = await file.page();
    await mainNav(page, 'Invoices');
    await page.getByRole('button', { name: 'New Invoice' }).click();
    await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Window Client' });
    await page.getByLabel('Description of item 1', { exact: true }).fill('Design');
    const price = page.getByLabel('Unit price of item 1', { exact: true });
    await price.fill('1.500');
    await page.getByRole('button', { name: 'Save' }).click();
    await expectAttribute(price, 'aria-invalid', 'true');
    await expectText(
      page.getByRole('form').getByRole('alert').first(),
      '"1.500" is ambiguous: for 1500 write 1500 or 1.500,00',
    );
    await price.fill('1.500,00');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('form').waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: 'Window Client' });
    await expectText(row.getByRole('cell').nth(4), await currencyIn(page, 1500, 'EUR'));
  }, 60_000);
});
