/**
 * The screens an owner works in, at an ordinary laptop's width and up (900, 1280, 1920 px), in
 * English and German: nothing scrolls sideways, no header, label or button is cut, nothing leaves
 * the window; the Webhook Log's columns stay whole with a delivery's detail open or closed.
 * Screenshots of each go to test-results/screenshots/widths/ for a reviewer.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { expectClean } from './harness/layout.js';
import { expectCount } from './harness/waits.js';

const WIDTHS = [900, 1280, 1920] as const;
const LOCALES = [
  {
    locale: 'en-US',
    lang: 'en',
    columns: ['Timestamp', 'Event', 'Status', 'Response code', 'Attempt', 'Payload'],
  },
  {
    locale: 'de-DE',
    lang: 'de',
    columns: ['Zeitpunkt', 'Ereignis', 'Status', 'Antwortcode', 'Versuch', 'Nutzdaten'],
  },
] as const;

describe('every width, both languages', () => {
  const file = useBrowserFile({ receiver: true });

  for (const { locale, lang, columns } of LOCALES) {
    it(`the Webhook Log in ${lang}: whole columns at 900, 1280 and 1920 px, detail open or closed`, async () => {
      const hook = file.receiver.endpoint(`widths-${lang}`);
      await file.server.rpc('webhooks.create', {
        name: `Widths ${lang}`,
        url: hook.url,
        events: ['client.created'],
      });
      await file.server.rpc('clients.create', { name: `Width check ${lang}` });
      await hook.waitFor((r) => r.body.type === 'client.created');

      const page = await file.page({ locale });
      await page.goto(`${file.server.baseUrl}/#/settings/webhooks/log`);
      const table = page.locator('[role=table]').first();
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        for (const header of columns)
          await table.getByRole('columnheader', { name: header, exact: true }).waitFor();
        await expectCount(table.locator('[data-delivery-id]'), { atLeast: 1 });
        await expectClean(page, `log, ${lang}, ${width} px`);
        await screenshot(page, `widths/log-${lang}-${width}`);

        await table.locator('[data-delivery-id]').first().getByRole('button').click();
        const detail = page.getByRole('complementary');
        await expectCount(detail.getByRole('table').getByRole('row'), { atLeast: 2 });
        for (const header of columns) {
          const box = await table.getByRole('columnheader', { name: header, exact: true }).boundingBox();
          expect(box?.width ?? 0, `${header} at ${width} px with the detail open`).toBeGreaterThan(0);
        }
        await expectClean(page, `log with the detail open, ${lang}, ${width} px`);
        await screenshot(page, `widths/log-detail-${lang}-${width}`);
        await detail.getByRole('button', { name: lang === 'de' ? 'Schließen' : 'Close' }).click();
        await expectCount(detail, 0);
      }
    }, 120_000);
  }

  it('an empty filter result leaves no blank box, and a delivery outside the new filter closes', async () => {
    const hook = file.receiver.endpoint('widths-filter');
    await file.server.rpc('webhooks.create', { name: 'Filter', url: hook.url, events: ['client.created'] });
    await file.server.rpc('clients.create', { name: 'Filter check' });
    await hook.waitFor((r) => r.body.type === 'client.created');
    const page = await file.page();
    await page.goto(`${file.server.baseUrl}/#/settings/webhooks/log`);
    const table = page.getByRole('table', { name: 'Webhook log' });
    await table.locator('[data-delivery-id]').first().getByRole('button').click();
    await expectCount(page.getByRole('complementary'), 1);

    await page.getByLabel('Status', { exact: true }).selectOption('skipped');
    await expectCount(page.getByRole('complementary'), 0);
    await page.getByText('No deliveries match these filters.').waitFor();
    const body = await page.locator('.log-body').boundingBox();
    expect(body?.height ?? 0).toBeLessThan(10);
  }, 60_000);
});
