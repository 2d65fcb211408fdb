/**
 * Settings > Integrations > Use with n8n / Use with Zapier in Chromium against the headless
 * server: the key button makes a key with the preset's permissions, shown once; the base
 * URL to enter is the public address when one is set (settings.publicUrl), else the
 * server's own; the public address is entered on the Overview and checked by the contract.
 * The server is the file's: each test sets the public address it needs first.
 */
import { describe, expect, it } from 'vitest';
import { INTEGRATION_PRESETS, permissionLabel } from '../../contract/index.js';
import { integrationsTab, screenshot } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { expectCount, expectText, expectTextContaining, expectValue } from './harness/waits.js';

const PUBLIC = 'https://dversum-e2e.example.com';

describe('Use with n8n and Use with Zapier', () => {
  const file = useBrowserFile();
  const setPublicUrl = (publicUrl: string | null) => file.server.rpc('settings.update', { publicUrl });

  it('Use with n8n > Create a key: shown once with the n8n permissions; the base URL is the public address', async () => {
    await setPublicUrl(`${PUBLIC}/`);
    const preset = INTEGRATION_PRESETS.n8n;
    const page = await file.page();
    await integrationsTab(page, 'Use with n8n');
    await page.getByRole('heading', { name: 'Use with n8n' }).waitFor();
    await expectValue(page.getByLabel('npm package'), 'n8n-nodes-dversum');
    await expectValue(page.getByLabel('Base URL'), PUBLIC);

    await page.getByRole('button', { name: 'Create a key for n8n' }).click();
    const shown = page.getByRole('region', { name: 'API Key' });
    const keyField = shown.getByLabel('API Key');
    await expectValue(keyField, /^ik_live_[0-9A-Za-z]{40,}$/);
    await expectText(
      shown.getByRole('alert'),
      'Important: The key is only displayed once. Store it securely!',
    );
    const granted = shown.getByRole('list', { name: 'Permissions of the new key' }).getByRole('listitem');
    await expectCount(granted, preset.permissions.length);
    for (const [i, id] of preset.permissions.entries()) {
      await expectText(granted.nth(i), `${permissionLabel(id)} ${id}`);
    }
    await screenshot(page, 'use-with-n8n-key');

    // The key is the preset's and it works: the credential test n8n makes.
    const key = await keyField.inputValue();
    const me = await fetch(`${file.server.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { key: { permissions: string[] } }).key.permissions).toEqual(
      preset.permissions,
    );

    // Shown once: Done, and it is gone; the form is back.
    await shown.getByRole('button', { name: 'Done' }).click();
    await expectCount(page.getByRole('region', { name: 'API Key' }), 0);
    await expectCount(page.getByRole('button', { name: 'Create a key for n8n' }), 1);
    await expectCount(page.locator(`input[value="${key}"]`), 0);
  }, 60_000);

  it("without a public address the base URL is the server's own; entered on the Overview it is used at once", async () => {
    await setPublicUrl(null);
    const page = await file.page();
    await integrationsTab(page, 'Use with n8n');
    await expectValue(page.getByLabel('Base URL'), file.server.baseUrl);

    await integrationsTab(page, 'Overview');
    const address = page.getByLabel('Public address (optional)');
    await address.fill('https://dversum-e2e.example.com/?x=1');
    await page.getByRole('form', { name: 'Remote access' }).getByRole('button', { name: 'Save' }).click();
    await expectText(
      page.locator('.field-error', { hasText: 'query' }),
      'Public address: must not have a query (?…) or a fragment (#…)',
    );
    await address.fill(`${PUBLIC}/`);
    await page.getByRole('form', { name: 'Remote access' }).getByRole('button', { name: 'Save' }).click();
    await expectText(page.getByRole('form', { name: 'Remote access' }).getByRole('status'), 'Saved.');
    await expectValue(page.getByLabel('Public address', { exact: true }), PUBLIC);
    await expectTextContaining(
      page.locator('.snippet', { hasText: 'n8n HTTP Request node' }).locator('pre'),
      `URL: ${PUBLIC}/api/v1/webhooks/incoming/tasks`,
    );
    await expectValue(page.getByLabel('Server address'), file.server.baseUrl);

    await integrationsTab(page, 'Use with n8n');
    await expectValue(page.getByLabel('Base URL'), PUBLIC);
    const openapi = (await (await fetch(`${file.server.baseUrl}/api/v1/openapi.json`)).json()) as {
      servers: { url: string }[];
    };
    expect(openapi.servers.map((s) => s.url)).toEqual([PUBLIC, file.server.baseUrl]);
  }, 60_000);

  it('Use with Zapier: says its triggers need a public address, shows the steps, and makes its key', async () => {
    await setPublicUrl(null);
    const page = await file.page();
    await integrationsTab(page, 'Use with Zapier');
    const needs = page.getByRole('region', { name: 'Zapier needs a public address' });
    await expectTextContaining(needs, [
      'cannot call 127.0.0.1',
      'No public address is set yet',
      'cloudflared tunnel create dversum',
      'docs/remote-access.md',
      '“A named cloudflared tunnel”',
      '“A reverse proxy with TLS on a home server”',
      '“What to set in dVersum”',
      '“What not to do”',
    ]);
    await expectValue(page.getByLabel('Base URL'), file.server.baseUrl);
    await page.getByRole('button', { name: 'Create a key for Zapier' }).click();
    const granted = page
      .getByRole('region', { name: 'API Key' })
      .getByRole('list', { name: 'Permissions of the new key' })
      .getByRole('listitem');
    await expectCount(granted, INTEGRATION_PRESETS.zapier.permissions.length);
    await screenshot(page, 'use-with-zapier-key');
  }, 60_000);
});
