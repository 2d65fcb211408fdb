/**
 * The window's language: it follows the browser's (the system's) until the owner chooses one in
 * Settings > General, and the choice holds across a reload and for every window.
 */
import { describe, it } from 'vitest';
import { useBrowserFile } from './harness/fixture.js';
import { screenshot } from './harness/browser.js';
import { expectAttribute, expectCount, expectText, expectValue } from './harness/waits.js';

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
});
