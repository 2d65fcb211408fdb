/** The seed's click paths, shared by the browser tests. */
import type { Page } from 'playwright-core';
import { integrationsTab } from './browser.js';
import { expectValue } from './waits.js';

/** Settings > Integrations > Webhooks > New Webhook: Name, URL, Events, Save. */
export async function createWebhookThroughWindow(
  page: Page,
  name: string,
  url: string,
  events: string[],
): Promise<void> {
  await integrationsTab(page, 'Webhooks');
  await page.getByRole('link', { name: 'New Webhook' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('URL', { exact: true }).fill(url);
  for (const event of events) await page.getByLabel(event, { exact: true }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('article', { name }).waitFor();
}

/** Settings > Integrations > Incoming Webhooks > New Incoming Webhook: Permissions, Save; returns the key shown once. */
export async function createKeyThroughWindow(
  page: Page,
  name: string,
  permissions: string[],
  whitelist?: string,
): Promise<string> {
  await integrationsTab(page, 'Incoming Webhooks');
  await page.getByRole('link', { name: 'New Incoming Webhook' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  for (const label of permissions) await page.getByLabel(label, { exact: true }).check();
  if (whitelist !== undefined) await page.getByLabel('IP Whitelist (optional)').fill(whitelist);
  await page.getByRole('button', { name: 'Save' }).click();
  const keyField = page.getByRole('region', { name: 'API Key' }).getByLabel('API Key');
  await expectValue(keyField, /.+/);
  return keyField.inputValue();
}

/** POSTs to an incoming webhook with a key, as curl would. */
export async function postIncoming(baseUrl: string, key: string, path: string, body: unknown) {
  const response = await fetch(`${baseUrl}/api/v1/webhooks/incoming/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
