/**
 * Documents as the owner meets them, in the window on a real headless server:
 * Settings > General > Company (the details, a logo refused for what its
 * bytes are, one taken), then "Download PDF" on a sent invoice's row: the
 * browser downloads the PDF through its signed link, with the number, the
 * company and the total in it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mainNav, screenshot, settingsNav } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { expectTextContaining } from './harness/waits.js';
import { rgbPng } from '../support/images.js';
import { pdfText } from '../support/pdf-text.js';

describe('documents', () => {
  const file = useBrowserFile();

  it('the Company section saves the details and the logo; Download PDF downloads the sent invoice', async () => {
    const page = await file.page();
    await settingsNav(page, 'General');
    const company = page.getByRole('region', { name: 'Company' });
    await company.getByLabel('Company name').fill('Nordlicht Webdesign');
    await company.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
    await company.getByRole('button', { name: 'Apply company details' }).click();
    await expectTextContaining(company.getByRole('status'), 'Saved.');

    const logo = company.getByLabel('Logo');
    await logo.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('GIF89a;') });
    await expectTextContaining(
      company.getByRole('alert'),
      'Logo: must be a PNG or JPEG image; this file is neither (whatever its name says)',
    );
    const png = rgbPng(60, 20, (x) => [x * 4, 80, 160, 255]);
    await logo.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    await expectTextContaining(company.getByTestId('company-logo-current'), 'PNG, 60 × 20 pixels');
    await screenshot(page, 'company-section');

    const client = await file.server.rpc<{ id: string }>('clients.create', { name: 'Ada Lovelace' });
    const invoice = await file.server.rpc<{ id: string }>('invoices.create', {
      clientId: client.id,
      items: [{ description: 'Website design', quantity: 1, unitPrice: 250_000, taxRate: 19 }],
    });
    const sent = await file.server.rpc<{ number: string }>('invoices.send', { id: invoice.id });

    await mainNav(page, 'Invoices');
    const row = page.getByRole('row', { name: new RegExp(sent.number) });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${sent.number}.pdf`);
    const pdf = readFileSync((await download.path()) as string);
    const text = pdfText(pdf);
    for (const words of [`Invoice ${sent.number}`, 'Nordlicht Webdesign', 'Ada Lovelace', '2,975.00']) {
      expect(text).toContain(words);
    }
    expect(file.problems).toEqual([]);
  }, 120_000);
});
