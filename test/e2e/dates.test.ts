/**
 * Dates in the window's language, not the browser's: a German window in an en-US browser shows
 * and takes a due date as 31.12.2026 (Chromium's own date input would show 12/31/2026), saves it
 * as ISO, refuses a day that does not exist with the pattern to follow, and a sent invoice opened
 * read-only shows its dates as German text.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserFile } from './harness/fixture.js';
import { screenshot } from './harness/browser.js';
import { expectAttribute, expectCount, expectText, expectValue } from './harness/waits.js';

interface Invoice {
  id: string;
  number: string | null;
  dueDate: string | null;
  issueDate: string | null;
}

describe('dates in the window’s language', () => {
  const file = useBrowserFile();

  /** Settings > General > Language of the window: Deutsch, in a browser that speaks en-US. */
  async function germanWindow(): Promise<Page> {
    await file.server.rpc('settings.update', { language: 'system' });
    const page = await file.page({ locale: 'en-US' });
    await page.goto(`${file.server.baseUrl}/#/settings/general`);
    await page.getByLabel('Language of the window', { exact: true }).selectOption('de');
    await expectText(
      page
        .getByRole('navigation', { name: 'Hauptmenü' })
        .getByRole('link', { name: 'Rechnungen', exact: true }),
      'Rechnungen',
    );
    // The browser itself still speaks US English: its own date input would read mm/dd/yyyy.
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    return page;
  }

  it('German window, en-US browser: shows 31.12.2026, takes 15.01.2027, refuses 31.02.2026, and a sent invoice reads 15.01.2027', async () => {
    const client = await file.server.rpc<{ id: string }>('clients.create', { name: 'Kalender GmbH' });
    const invoice = await file.server.rpc<Invoice>('invoices.create', {
      clientId: client.id,
      dueDate: '2026-12-31',
      items: [{ description: 'Beratung', quantity: 1, unitPrice: 12000 }],
    });
    const page = await germanWindow();
    await page
      .getByRole('navigation', { name: 'Hauptmenü' })
      .getByRole('link', { name: 'Rechnungen', exact: true })
      .click();
    const row = page.getByRole('row').filter({ hasText: 'Kalender GmbH' });
    await row.getByRole('button', { name: 'Bearbeiten', exact: true }).click();
    const form = page.getByRole('form');
    const due = form.getByLabel('Fällig am', { exact: true });
    await expectValue(due, '31.12.2026');
    await expectAttribute(due, 'placeholder', 'TT.MM.JJJJ');
    await expectAttribute(due, 'type', 'text');
    await expectValue(form.getByLabel('Rechnungsdatum', { exact: true }), '');
    await screenshot(page, 'dates-de-edit');

    // A day that does not exist is refused at its field, not rolled over to March 3.
    await due.fill('31.02.2026');
    await form.getByRole('button', { name: 'Speichern', exact: true }).click();
    await expectAttribute(due, 'aria-invalid', 'true');
    const message = form.locator('.field-error');
    await expectText(message, 'Fällig am: Datum als 31.12.2026 eingeben');
    await expectAttribute(due, 'aria-describedby', (await message.getAttribute('id')) ?? 'the message’s id');
    expect((await file.server.rpc<Invoice>('invoices.get', { id: invoice.id })).dueDate).toBe('2026-12-31');

    // Typed as a German writes it; the issue date as ISO, which every language takes.
    await due.fill('15.01.2027');
    await form.getByLabel('Rechnungsdatum', { exact: true }).fill('2027-01-02');
    await form.getByRole('button', { name: 'Speichern', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    const saved = await file.server.rpc<Invoice>('invoices.get', { id: invoice.id });
    expect({ dueDate: saved.dueDate, issueDate: saved.issueDate }).toEqual({
      dueDate: '2027-01-15',
      issueDate: '2027-01-02',
    });
    await expectCount(row.getByRole('cell', { name: '15.01.2027', exact: true }), 1);

    // Sent, it opens read-only: its dates are German text, not disabled inputs.
    const sent = await file.server.rpc<Invoice>('invoices.send', { id: invoice.id });
    await page.reload(); // the choice of Deutsch was saved: the window stays German
    await row.getByRole('button', { name: 'Öffnen', exact: true }).click();
    const shown = page.getByRole('form', { name: `Rechnung ${sent.number ?? ''}` });
    await shown.waitFor();
    await expectText(shown.getByRole('group', { name: 'Fällig am', exact: true }), 'Fällig am15.01.2027');
    await expectText(
      shown.getByRole('group', { name: 'Rechnungsdatum', exact: true }),
      'Rechnungsdatum02.01.2027',
    );
    await expectCount(shown.getByLabel('Fällig am', { exact: true }).and(page.locator('input')), 0);
    await expectCount(shown.locator('input[type="date"]'), 0);
    await screenshot(page, 'dates-de-read-only');
  }, 60_000);

  it('German window, en-US browser: a time entry’s Beginn and Ende read and take 01.03.2026, 09:00, and 30.02. is refused', async () => {
    const page = await germanWindow();
    await page.goto(`${file.server.baseUrl}/#/time`);
    await page.locator('.screen-header').getByRole('button').first().click();
    const form = page.getByRole('form');
    await form.getByLabel('Beschreibung', { exact: true }).fill('Zeiten auf Deutsch');
    const start = form.getByLabel('Beginn', { exact: true });
    await expectAttribute(start, 'placeholder', 'TT.MM.JJJJ, hh:mm');
    await start.fill('30.02.2026, 09:00');
    await form.getByRole('button', { name: 'Speichern', exact: true }).click();
    await expectText(
      form.locator('.field-error'),
      'Beginn: Datum und Uhrzeit als 31.12.2026, 14:30 eingeben',
    );
    await start.fill('01.03.2026, 09:00');
    await form.getByLabel('Ende', { exact: true }).fill('2026-03-01T10:30');
    await form.getByRole('button', { name: 'Speichern', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    const entries = await file.server.rpc<{
      items: { description: string | null; startedAt: string; endedAt: string | null }[];
    }>('timeEntries.list', {});
    const entry = entries.items.find((e) => e.description === 'Zeiten auf Deutsch');
    // The browser's clock is the window's: 09:00 there, whatever its zone, as the page itself reads it.
    const expected = await page.evaluate(() => [
      new Date(2026, 2, 1, 9, 0).toISOString(),
      new Date(2026, 2, 1, 10, 30).toISOString(),
    ]);
    expect([entry?.startedAt, entry?.endedAt]).toEqual(expected);
  }, 60_000);

  it('English window: the field shows the US pattern, ISO typed in keeps working, and the task saves it', async () => {
    await file.server.rpc('settings.update', { language: 'en' });
    const page = await file.page({ locale: 'en-US' });
    await page.goto(`${file.server.baseUrl}/#/tasks`);
    await page.locator('.screen-header').getByRole('button').first().click();
    const form = page.getByRole('form');
    await form.getByLabel('Title', { exact: true }).fill('File the taxes');
    const due = form.getByLabel('Due date', { exact: true });
    await expectAttribute(due, 'placeholder', 'MM/DD/YYYY');
    await due.fill('02/30/2027');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await expectText(form.locator('.field-error'), 'Due date: enter a date as 12/31/2026');
    await due.fill('2026-06-30');
    await due.blur();
    await expectValue(due, '06/30/2026');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    const tasks = await file.server.rpc<{ items: { title: string; dueDate: string | null }[] }>(
      'tasks.list',
      {},
    );
    expect(tasks.items.find((t) => t.title === 'File the taxes')?.dueDate).toBe('2026-06-30');
  }, 60_000);

  it('raised no page error or CSP violation', () => {
    expect(file.problems).toEqual([]);
  });
});
