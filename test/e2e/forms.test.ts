/**
 * Bad input in the window: every form says what to fix next to the field,
 * with the contract's own message, and a refused save changes nothing.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { integrationsTab, mainNav, screenshot, settingsNav } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import { eventually, expectChecked, expectCount, expectText, expectValue } from './harness/waits.js';

/** The message shown for a control: the element its aria-describedby points at that is an error. */
async function errorFor(control: Locator): Promise<string | undefined> {
  if ((await control.getAttribute('aria-invalid')) !== 'true') return undefined;
  const ids = ((await control.getAttribute('aria-describedby')) ?? '')
    .split(' ')
    .filter((id) => id.endsWith('-err'));
  if (ids.length !== 1) return undefined;
  return (await control.page().locator(`[id="${ids[0]}"]`).textContent()) ?? undefined;
}

/** Waits until the control is marked invalid and its error says `expected`. */
async function expectFieldError(control: Locator, expected: string | undefined): Promise<void> {
  expect(expected).toBeTruthy();
  let shown: string | undefined;
  await eventually(
    async () => {
      shown = await errorFor(control);
      return shown === expected ? true : undefined;
    },
    `${control} to show the error ${JSON.stringify(expected)}`,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; it shows ${JSON.stringify(shown)}`);
  });
}

/** The group's error, inside its fieldset. */
const groupError = (page: Page, legend: string) =>
  page.getByRole('group', { name: legend, exact: true }).locator(':scope > .field-error');

describe('forms show the contract’s field errors', () => {
  const file = useBrowserFile({ colorScheme: 'dark' });

  /** The message the contract itself gives for `path` when `name` gets `input`. */
  const contractSays = async (name: string, input: unknown, path: string) => {
    const { status, body } = await file.server.rpcRaw(name, input);
    expect(status).toBe(422);
    return body.error?.details?.fields?.find((f) => f.path === path)?.message;
  };
  const list = async <T>(name: string) => (await file.server.rpc<{ items: T[] }>(name)).items;

  it('New Webhook: a missing name and URL, no events, then an invalid URL', async () => {
    const page = await file.page();
    const before = await list<{ id: string }>('webhooks.list');
    await integrationsTab(page, 'Webhooks');
    await page.getByRole('link', { name: 'New Webhook' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await expectFieldError(page.getByLabel('Name', { exact: true }), 'Name is required');
    await expectFieldError(page.getByLabel('URL', { exact: true }), 'URL is required');
    // The inputs carry the server's limits, read from the contract's schema.
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('maxlength')).toBe('200');
    expect(await page.getByLabel('URL', { exact: true }).getAttribute('maxlength')).toBe('2000');
    const noEvents = await contractSays(
      'webhooks.create',
      { name: 'x', url: 'https://x.test', events: [] },
      'events',
    );
    expect(noEvents).toBe('Choose at least one event, or tick All events');
    await expectText(groupError(page, 'Events'), noEvents!);
    await screenshot(page, 'new-webhook-errors-dark');

    await page.getByLabel('Name', { exact: true }).fill('Broken');
    await page.getByLabel('URL', { exact: true }).fill('not a url');
    await page.getByLabel('invoice.paid', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    const expected = await contractSays(
      'webhooks.create',
      { name: 'Broken', url: 'not a url', events: ['invoice.paid'] },
      'url',
    );
    await expectFieldError(page.getByLabel('URL', { exact: true }), expected);
    // Nothing half-saved: no webhook, and the form keeps what was typed.
    expect(await list('webhooks.list')).toEqual(before);
    await expectValue(page.getByLabel('Name', { exact: true }), 'Broken');
    await expectChecked(page.getByLabel('invoice.paid', { exact: true }));

    // Fixed, with All events instead of the one chosen: saved as ["*"].
    await page.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/hook');
    await page.getByLabel('All events', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('article', { name: 'Broken' }).waitFor();
    const saved = await list<{ id: string; name: string; events: string[] }>('webhooks.list');
    const added = saved.filter((w) => !before.some((b) => b.id === w.id));
    expect(added.map((w) => [w.name, w.events])).toEqual([['Broken', ['*']]]);
  }, 60_000);

  it('New Incoming Webhook: no permissions, then three wrong IP Whitelist lines, each shown with its line', async () => {
    const page = await file.page();
    const before = await list('keys.list');
    await integrationsTab(page, 'Incoming Webhooks');
    await page.getByRole('link', { name: 'New Incoming Webhook' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Zapier');
    await page.getByRole('button', { name: 'Save' }).click();
    await expectText(groupError(page, 'Permissions'), 'Permissions: choose at least one permission');

    await page.getByLabel('Create/edit clients', { exact: true }).check();
    const whitelist = page.getByLabel('IP Whitelist (optional)');
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('maxlength')).toBe('200');
    // Three wrong lines among good ones, a blank line between: each shown with the line it is on.
    const lines = ['203.0.113.7', '999.1.1.1', '', 'my-laptop', '10.0.0.0/99'];
    await whitelist.fill(lines.join('\n'));
    await page.getByRole('button', { name: 'Save' }).click();
    const said = await contractSays(
      'keys.create',
      { name: 'Zapier', permissions: ['clients:write'], ipWhitelist: lines.filter(Boolean) },
      'ipWhitelist.1',
    );
    const todo = 'write an address such as 203.0.113.7 or a range such as 10.0.0.0/8';
    expect(said).toBe(`IP Whitelist, line 2: "999.1.1.1" is not an IP address or range: ${todo}`);
    await expectFieldError(
      whitelist,
      [
        `Line 2: "999.1.1.1" is not an IP address or range: ${todo}`,
        `Line 4: "my-laptop" is not an IP address or range: ${todo}`,
        `Line 5: "10.0.0.0/99" is not an IP address or range: ${todo}`,
      ].join('\n'),
    );
    await screenshot(page, 'new-incoming-webhook-errors-dark');
    expect(await list('keys.list')).toEqual(before);
    await expectCount(page.getByText('The key is only displayed once. Store it securely!'), 0);
  }, 60_000);

  it('New Task: a missing title; New Invoice: no client and a quantity of 0', async () => {
    const page = await file.page();
    const before = await list('invoices.list');
    await mainNav(page, 'Tasks');
    await page.getByRole('button', { name: 'New Task' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await expectFieldError(page.getByLabel('Title', { exact: true }), 'Title is required');
    expect(await page.getByLabel('Title', { exact: true }).getAttribute('maxlength')).toBe('500');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await mainNav(page, 'Invoices');
    await page.getByRole('button', { name: 'New Invoice' }).click();
    await page.getByLabel('Description of item 1', { exact: true }).fill('Consulting');
    await page.getByLabel('Quantity of item 1', { exact: true }).fill('0');
    await page.getByLabel('Unit price of item 1', { exact: true }).fill('90');
    await page.getByRole('button', { name: 'Save' }).click();
    const noClient = await contractSays(
      'invoices.create',
      { items: [{ description: 'x', quantity: 1, unitPrice: 1 }] },
      'clientId',
    );
    expect(noClient).toBe('Client is required');
    await expectFieldError(page.getByLabel('Client', { exact: true }), noClient);
    await expectFieldError(
      page.getByLabel('Quantity of item 1', { exact: true }),
      'Quantity of item 1: must be more than 0',
    );
    await screenshot(page, 'new-invoice-errors-dark');
    expect(await list('invoices.list')).toEqual(before);
  }, 60_000);

  it('New Webhook: a custom header the HTTP client manages (Expect) is refused next to the field', async () => {
    const page = await file.page();
    const before = await list<{ id: string }>('webhooks.list');
    await integrationsTab(page, 'Webhooks');
    await page.getByRole('link', { name: 'New Webhook' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Header check');
    await page.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/hook');
    await page.getByLabel('All events', { exact: true }).check();
    await page.getByText('Custom header (optional)').click();
    await page.getByLabel('Header name', { exact: true }).fill('Expect');
    await page.getByLabel('Header value', { exact: true }).fill('100-continue');
    await page.getByRole('button', { name: 'Save' }).click();
    const managed = await contractSays(
      'webhooks.create',
      { name: 'x', url: 'http://127.0.0.1:9/hook', events: ['*'], headerName: 'Expect', headerValue: '1' },
      'headerName',
    );
    expect(managed).toBe('Header "Expect" cannot be set: the HTTP client manages it. Remove it.');
    await expectFieldError(page.getByLabel('Header name', { exact: true }), managed);
    await screenshot(page, 'webhook-header-error-dark');
    expect(await list('webhooks.list')).toEqual(before);
  }, 60_000);

  it('Settings: a relative backup folder, and trusted proxies that trust everyone', async () => {
    const page = await file.page();
    await settingsNav(page, 'General');
    const backups = page.getByRole('form', { name: 'Backup settings' });
    await backups.getByLabel('Backup folder', { exact: true }).fill('backups');
    await backups.getByRole('button', { name: 'Apply backup settings' }).click();
    const relative = await contractSays(
      'settings.update',
      { backups: { folder: 'backups' } },
      'backups.folder',
    );
    expect(relative).toMatch(/^Backup folder "backups" is a relative path, .*choose an absolute path/);
    await expectFieldError(backups.getByLabel('Backup folder', { exact: true }), relative);

    await integrationsTab(page, 'Overview');
    const remote = page.getByRole('form', { name: 'Remote access' });
    await remote.getByLabel('Trusted proxies', { exact: true }).fill('0.0.0.0/0');
    await remote.getByRole('button', { name: 'Save' }).click();
    const everyone = await contractSays(
      'settings.update',
      { trustedProxies: ['0.0.0.0/0'] },
      'trustedProxies.0',
    );
    expect(everyone).toMatch(
      /^Trusted proxies, line 1: 0\.0\.0\.0\/0 covers every IPv4 address: .*docs\/remote-access\.md/,
    );
    // The window names the line of the text the entry is on, the problem after it.
    await expectFieldError(
      remote.getByLabel('Trusted proxies', { exact: true }),
      `Line 1: ${String(everyone).replace('Trusted proxies, line 1: ', '')}`,
    );
    expect((await file.server.rpc<{ trustedProxies: string[] }>('settings.get')).trustedProxies).toEqual([]);
  }, 60_000);

  it('ran nothing the CSP refused and threw no page errors', () => {
    expect(file.problems).toEqual([]);
  });
});
