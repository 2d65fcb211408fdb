/**
 * The invoice and quote editor: a grid of items that shows line totals, tax per
 * rate and the grand total while typing (in English and German), a half-filled
 * new invoice that survives a reload, a sent invoice that opens read-only with
 * its totals, and a layout that holds at 900 and 1920 px.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserFile } from './harness/fixture.js';
import { layoutProblems } from './harness/layout.js';
import { expectCount, expectText, expectValue } from './harness/waits.js';

const NBSP = '\u00a0';

describe('the invoice editor', () => {
  const file = useBrowserFile();

  const invoices = async (page: Page) => {
    await page.goto(`${file.server.baseUrl}/#/invoices`);
    await page.locator('.screen-header').getByRole('button').first().waitFor();
  };
  /** The screen's New button, whatever its language. */
  const newDocument = (page: Page) => page.locator('.screen-header').getByRole('button').first().click();
  const sums = (page: Page) => page.locator('.totals > div');

  /** Types two lines (2 × 450 at 19 %, 1 × 334.56 at 7 %) the way a person does, field by field. */
  async function typeItems(
    page: Page,
    words: { description: string; quantity: string; unitPrice: string; taxRate: string; add: string },
    price: [string, string],
  ) {
    const cell = (column: string, index: number) => page.getByLabel(`${column} ${index}`, { exact: true });
    await cell(words.description, 1).fill('Design');
    await cell(words.quantity, 1).fill('2');
    await cell(words.unitPrice, 1).fill(price[0]);
    await cell(words.taxRate, 1).fill('19');
    await page.getByRole('button', { name: words.add, exact: true }).click();
    await cell(words.description, 2).fill('Hosting');
    await cell(words.quantity, 2).fill('1');
    await cell(words.unitPrice, 2).fill(price[1]);
    await cell(words.taxRate, 2).fill('7');
  }

  it('shows line totals, tax per rate and the total while typing, in English', async () => {
    const page = await file.page();
    await invoices(page);
    await newDocument(page);
    for (const header of ['Description', 'Quantity', 'Unit price', 'Tax rate %', 'Line total'])
      await expectCount(page.getByRole('columnheader', { name: header, exact: true }), 1);
    await typeItems(
      page,
      {
        description: 'Description of item',
        quantity: 'Quantity of item',
        unitPrice: 'Unit price of item',
        taxRate: 'Tax rate % of item',
        add: 'Add item',
      },
      ['450.00', '334.56'],
    );
    await expectText(page.getByLabel('Line total of item 1', { exact: true }), '€900.00');
    await expectText(page.getByLabel('Line total of item 2', { exact: true }), '€334.56');
    await expectText(sums(page).nth(0), 'Net€1,234.56');
    await expectText(sums(page).nth(1), 'Tax 19 %€171.00');
    // 334.56 × 7 % = 23.4192, rounded per line as the server does.
    await expectText(sums(page).nth(2), 'Tax 7 %€23.42');
    await expectText(sums(page).nth(3), 'Total€1,428.98');
    // Still typing: a quantity of 1.005 prices 1.005 × 450.00 = 452.25 exactly.
    await page.getByLabel('Quantity of item 1', { exact: true }).fill('1.005');
    await expectText(page.getByLabel('Line total of item 1', { exact: true }), '€452.25');
    await expectText(sums(page).nth(3), `Total€${(452.25 + 85.93 + 334.56 + 23.42).toFixed(2)}`);
    // An amount it cannot read yet shows a dash and counts as nothing.
    await page.getByLabel('Unit price of item 2', { exact: true }).fill('1.500');
    await expectText(page.getByLabel('Line total of item 2', { exact: true }), '—');
    await expectText(sums(page).nth(0), 'Net€452.25');
  }, 60_000);

  it('shows them in German, formatted 1.234,56 €, in a German browser', async () => {
    const page = await file.page({ locale: 'de-DE' });
    await invoices(page);
    await newDocument(page);
    for (const header of ['Beschreibung', 'Menge', 'Einzelpreis', 'Steuersatz %', 'Zeilensumme'])
      await expectCount(page.getByRole('columnheader', { name: header, exact: true }), 1);
    await typeItems(
      page,
      {
        description: 'Beschreibung von Position',
        quantity: 'Menge von Position',
        unitPrice: 'Einzelpreis von Position',
        taxRate: 'Steuersatz % von Position',
        add: 'Position hinzufügen',
      },
      ['450,00', '334,56'],
    );
    await expectText(page.getByLabel('Zeilensumme von Position 1', { exact: true }), `900,00${NBSP}€`);
    await expectText(sums(page).nth(0), `Netto1.234,56${NBSP}€`);
    await expectText(sums(page).nth(1), `MwSt. 19 %171,00${NBSP}€`);
    await expectText(sums(page).nth(2), `MwSt. 7 %23,42${NBSP}€`);
    await expectText(sums(page).nth(3), `Gesamt1.428,98${NBSP}€`);
  }, 60_000);

  it('keeps a half-filled new invoice over a reload, and forgets it once saved', async () => {
    await file.server.rpc('clients.create', { name: 'Draft Client' });
    const page = await file.page();
    await invoices(page);
    await newDocument(page);
    await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Draft Client' });
    await page.getByLabel('Description of item 1', { exact: true }).fill('Workshop');
    await page.getByLabel('Unit price of item 1', { exact: true }).fill('1.200,50');
    await page.getByLabel('Notes', { exact: true }).fill('Half done');
    await page.reload();
    await page.locator('.screen-header').getByRole('button').first().waitFor();
    await newDocument(page);
    await page.getByText('Your unsaved draft was restored.').waitFor();
    await expectValue(page.getByLabel('Description of item 1', { exact: true }), 'Workshop');
    await expectValue(page.getByLabel('Unit price of item 1', { exact: true }), '1.200,50');
    await expectValue(page.getByLabel('Notes', { exact: true }), 'Half done');
    await expectText(sums(page).nth(2), 'Total€1,200.50');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('form').waitFor({ state: 'detached' });
    expect(
      await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('dversum.draft.'))),
    ).toEqual([]);
    await newDocument(page);
    await expectValue(page.getByLabel('Description of item 1', { exact: true }), '');
    await expectCount(page.getByText('Your unsaved draft was restored.'), 0);
    // Cancel forgets a draft too.
    await page.getByLabel('Description of item 1', { exact: true }).fill('Dropped');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.reload();
    await page.locator('.screen-header').getByRole('button').first().waitFor();
    await newDocument(page);
    await expectValue(page.getByLabel('Description of item 1', { exact: true }), '');
  }, 60_000);

  it('opens a sent invoice read-only, with its items and totals', async () => {
    const client = await file.server.rpc<{ id: string }>('clients.create', { name: 'Sent Client' });
    const invoice = await file.server.rpc<{ id: string }>('invoices.create', {
      clientId: client.id,
      items: [{ description: 'Audit', quantity: 3, unitPrice: 12_000, taxRate: 19 }],
    });
    const sent = await file.server.rpc<{ number: string }>('invoices.send', { id: invoice.id });
    const page = await file.page();
    await invoices(page);
    const row = page.getByRole('row').filter({ hasText: 'Sent Client' });
    await expectCount(row.getByRole('button', { name: 'Edit', exact: true }), 0);
    await row.getByRole('button', { name: 'Open', exact: true }).click();
    const form = page.getByRole('form', { name: `Invoice ${sent.number}` });
    await form.waitFor();
    await form.getByText('This document is sent: it can no longer be changed.').waitFor();
    const description = form.getByLabel('Description of item 1', { exact: true });
    await expectValue(description, 'Audit');
    await expect.poll(() => description.isDisabled()).toBe(true);
    await expect.poll(() => description.isEditable()).toBe(false);
    await expectText(form.getByLabel('Line total of item 1', { exact: true }), '€360.00');
    await expectText(sums(page).nth(0), 'Net€360.00');
    await expectText(sums(page).nth(1), 'Tax 19 %€68.40');
    await expectText(sums(page).nth(2), 'Total€428.40');
    await expectCount(form.getByRole('button', { name: 'Save' }), 0);
    await expectCount(form.getByRole('button', { name: 'Add item' }), 0);
    await form.getByRole('button', { name: 'Close', exact: true }).click();
    await form.waitFor({ state: 'detached' });
  }, 60_000);

  for (const locale of ['en-US', 'de-DE']) {
    it(`lays the editor out whole at 900 and 1920 px (${locale})`, async () => {
      const page = await file.page({ locale });
      await invoices(page);
      await newDocument(page);
      await page.locator('.items-grid input').first().fill('A long description of the work done');
      for (const width of [900, 1920]) {
        await page.setViewportSize({ width, height: 900 });
        let problems: string[] = [];
        await expect
          .poll(async () => (problems = await layoutProblems(page)).length, { timeout: 10_000 })
          .toBe(0)
          .catch(() => undefined);
        expect(problems, `${locale} at ${width} px`).toEqual([]);
      }
    }, 60_000);
  }

  it('raised no page error or CSP violation', () => {
    expect(file.problems).toEqual([]);
  });
});
