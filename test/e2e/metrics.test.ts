/**
 * Settings > Integrations > Overview > Metrics for Prometheus in Chromium against the
 * headless server: switched on, the token is shown once and opens /metrics (the admin
 * token does not); Rotate token asks first, shows the new one once, and the old one is
 * refused; switched off, /metrics is a 404. The same panel in German.
 */
import { describe, expect, it } from 'vitest';
import { integrationsTab, screenshot } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import {
  expectChecked,
  expectCount,
  expectText,
  expectTextContaining,
  expectValue,
} from './harness/waits.js';

describe('Metrics for Prometheus', () => {
  const file = useBrowserFile();
  const scrape = (token: string) =>
    fetch(`${file.server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });

  it('switch on: the token shown once opens /metrics; rotate: the old one is refused; switch off: 404', async () => {
    const page = await file.page();
    await integrationsTab(page, 'Overview');
    const panel = page.locator('.card', {
      has: page.getByRole('heading', { name: 'Metrics for Prometheus' }),
    });
    const toggle = panel.getByRole('checkbox', { name: 'Serve metrics at /metrics' });
    await expectChecked(toggle, false);
    expect((await scrape('metrics_x')).status).toBe(404);

    await toggle.click();
    await expectChecked(toggle);
    const shown = panel.getByRole('region', { name: 'Metrics token' });
    const field = shown.getByLabel('Metrics token');
    await expectValue(field, /^metrics_[0-9A-Za-z]{43}$/);
    await expectText(
      shown.getByRole('alert'),
      "Important: The token is only displayed once. Put it in Prometheus' token file now.",
    );
    await expectValue(panel.getByLabel('Address to scrape'), `${file.server.baseUrl}/metrics`);
    const first = await field.inputValue();
    await screenshot(page, 'metrics-token-once');
    const res = await scrape(first);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('dversum_deliveries_held');
    expect((await scrape(file.server.token)).status).toBe(401);

    await shown.getByRole('button', { name: 'Done' }).click();
    await expectCount(panel.getByRole('region', { name: 'Metrics token' }), 0);
    await expectCount(page.locator(`input[value="${first}"]`), 0);
    await expectTextContaining(panel, `Metrics token …${first.slice(-4)}, made`);

    await panel.getByRole('button', { name: 'Rotate token' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate token' }).click();
    const second = panel.getByRole('region', { name: 'Metrics token' }).getByLabel('Metrics token');
    await expectValue(second, /^metrics_[0-9A-Za-z]{43}$/);
    const rotated = await second.inputValue();
    expect(rotated).not.toBe(first);
    expect((await scrape(first)).status).toBe(401);
    expect((await scrape(rotated)).status).toBe(200);

    await toggle.click();
    await expectChecked(toggle, false);
    expect((await scrape(rotated)).status).toBe(404);
  }, 60_000);

  it('in German', async () => {
    await file.server.rpc('settings.update', { language: 'de' });
    try {
      const page = await file.page();
      await page.goto(`${file.server.baseUrl}/#/settings/integrations`);
      await page.getByRole('heading', { name: 'Metriken für Prometheus' }).waitFor();
      await expectCount(page.getByRole('checkbox', { name: 'Metriken unter /metrics bereitstellen' }), 1);
    } finally {
      await file.server.rpc('settings.update', { language: 'system' });
    }
  }, 60_000);
});
