/**
 * Keyboard use: the seed's webhook and incoming-webhook paths, and the
 * confirmations (Delete, Rotate secret, Revoke, an object's Delete) answered
 * and cancelled, done with Tab, Shift+Tab, Enter, Space and Escape only
 * (page.keyboard; nothing clicked, nothing filled); and a visible focus ring
 * on everything Tab reaches on the Webhooks screen, light and dark.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './harness/browser.js';
import { useBrowserFile } from './harness/fixture.js';
import {
  eventually,
  expectChecked,
  expectFocused,
  expectText,
  expectTextContaining,
} from './harness/waits.js';

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** Presses Tab until `target` has the focus (at most 80 times), once it is on the page. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  await target.waitFor();
  for (let i = 0; i < 80; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/**
 * In the page: the focused element's focus indicator. Visible is an outline
 * (or a box-shadow ring) at least 2 px wide whose colour has a contrast of at
 * least 3:1 with the page's background and with the card surface (WCAG 1.4.11).
 */
function focusRing(): { path: string; visible: boolean; why: string } | null {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body || el === document.documentElement) return null;
  const text = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30);
  const path = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${text}" @${Math.round(el.getBoundingClientRect().top)},${Math.round(el.getBoundingClientRect().left)}`;
  const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const luminance = (color: string) => {
    const [r, g, b] = rgb(color).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const root = getComputedStyle(document.documentElement);
  const backgrounds = ['--bg', '--surface'].map((v) => {
    const probeEl = document.createElement('span');
    probeEl.style.color = root.getPropertyValue(v);
    document.body.appendChild(probeEl);
    const color = getComputedStyle(probeEl).color;
    probeEl.remove();
    return color;
  });
  const style = getComputedStyle(el);
  let ring: string | null = null;
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) ring = style.outlineColor;
  else if (style.boxShadow !== 'none') ring = style.boxShadow.match(/rgba?\([^)]*\)/)?.[0] ?? null;
  if (!ring)
    return {
      path,
      visible: false,
      why: `no outline (${style.outlineStyle} ${style.outlineWidth}) or box-shadow`,
    };
  const worst = Math.min(...backgrounds.map((bg) => contrast(ring, bg)));
  return {
    path,
    visible: worst >= 3,
    why: `ring ${ring} has contrast ${worst.toFixed(2)}:1 with the background (needs 3:1)`,
  };
}

describe('keyboard only', () => {
  const file = useBrowserFile();

  it('Settings > Integrations > Incoming Webhooks > New Incoming Webhook, Save, the key focused', async () => {
    const page = await file.page();
    await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }));
    await page.keyboard.press('Enter');
    await tabTo(
      page,
      page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Integrations' }),
    );
    await page.keyboard.press('Enter');
    await tabTo(
      page,
      page.getByRole('navigation', { name: 'Integrations' }).getByRole('link', { name: 'Incoming Webhooks' }),
    );
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('link', { name: 'New Incoming Webhook' }));
    await page.keyboard.press('Enter');

    await tabTo(page, page.getByLabel('Name', { exact: true }));
    await page.keyboard.type('Keyboard key');
    const tasks = page.getByLabel('Create/edit/delete tasks', { exact: true });
    await tabTo(page, tasks);
    await page.keyboard.press('Space');
    await expectChecked(tasks);
    await tabTo(page, page.getByRole('button', { name: 'Save' }));
    await page.keyboard.press('Enter');

    const keyField = page.getByRole('region', { name: 'API Key' }).getByLabel('API Key');
    await expectFocused(keyField);
    // The whole key selected, ready to copy.
    await eventually(
      () =>
        keyField.evaluate((el: HTMLInputElement) =>
          el.value.length > 0 && el.selectionEnd! - el.selectionStart! === el.value.length ? true : undefined,
        ),
      'the whole key to be selected',
    );
    await tabTo(page, page.getByRole('button', { name: 'Done' }));
    await page.keyboard.press('Enter');
    await page.getByRole('row', { name: /Keyboard key/ }).waitFor();
  }, 60_000);

  it('Delete asks first: Escape keeps the webhook, confirming deletes it', async () => {
    const { id } = await file.server.rpc<{ id: string }>('webhooks.create', {
      name: 'Short-lived',
      url: 'http://127.0.0.1:9/hook',
      events: ['*'],
    });
    const exists = async () =>
      (await file.server.rpc<{ items: { id: string }[] }>('webhooks.list')).items.some((w) => w.id === id);
    const page = await file.page();
    await page.goto(`${file.server.baseUrl}/#/settings/integrations/webhooks`);
    const card = page.getByRole('article', { name: 'Short-lived' });
    await card.waitFor();
    await tabTo(page, card.getByRole('button', { name: 'Delete' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await screenshot(page, 'confirm-delete');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // The focus is back on the button that opened it.
    await expectFocused(card.getByRole('button', { name: 'Delete' }));
    expect(await exists()).toBe(true);

    await tabTo(page, card.getByRole('button', { name: 'Delete' }));
    await page.keyboard.press('Enter');
    await tabTo(page, dialog.getByRole('button', { name: 'Delete' }));
    await page.keyboard.press('Enter');
    await card.waitFor({ state: 'detached' });
    expect(await exists()).toBe(false);
  }, 60_000);

  it('Settings > Integrations > Webhooks > New Webhook: name, URL, events, Save, in the list', async () => {
    const page = await file.page();
    await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }));
    await page.keyboard.press('Enter');
    await tabTo(
      page,
      page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Integrations' }),
    );
    await page.keyboard.press('Enter');
    await tabTo(
      page,
      page
        .getByRole('navigation', { name: 'Integrations' })
        .getByRole('link', { name: 'Webhooks', exact: true }),
    );
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('link', { name: 'New Webhook' }));
    await page.keyboard.press('Enter');

    const name = page.getByLabel('Name', { exact: true });
    await tabTo(page, name);
    await page.keyboard.type('Keyboard hook');
    // URL is the next control.
    await page.keyboard.press('Tab');
    await expectFocused(page.getByLabel('URL', { exact: true }));
    await page.keyboard.type('http://127.0.0.1:9/keyboard');
    const created = page.getByLabel('task.created', { exact: true });
    const completed = page.getByLabel('task.completed', { exact: true });
    await tabTo(page, created);
    await page.keyboard.press('Space');
    await expectChecked(created);
    // Tab on and Shift+Tab back; Space again unticks and ticks.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    await expectFocused(created);
    await page.keyboard.press('Space');
    await expectChecked(created, false);
    await page.keyboard.press('Space');
    await expectChecked(created);
    await tabTo(page, completed);
    await page.keyboard.press('Space');
    await expectChecked(completed);
    await tabTo(page, page.getByRole('button', { name: 'Save' }));
    await page.keyboard.press('Enter');

    const card = page.getByRole('article', { name: 'Keyboard hook' });
    await card.waitFor();
    await expectTextContaining(card, ['http://127.0.0.1:9/keyboard', 'task.created, task.completed']);
    const { items } = await file.server.rpc<{ items: { name: string; url: string; events: string[] }[] }>(
      'webhooks.list',
    );
    expect(items.find((w) => w.name === 'Keyboard hook')).toMatchObject({
      url: 'http://127.0.0.1:9/keyboard',
      events: ['task.created', 'task.completed'],
    });
  }, 60_000);

  /** Opens the confirmation with Enter on `opener` (reached by Tab); returns the open dialog. */
  async function openConfirm(page: Page, opener: Locator): Promise<Locator> {
    await tabTo(page, opener);
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    // The safe answer has the focus first.
    await expectFocused(dialog.getByRole('button', { name: 'Cancel' }));
    return dialog;
  }

  it('Rotate secret and Revoke: Cancel, Escape and Shift+Tab back to Cancel keep things, the focus returns to the button; confirming does it', async () => {
    await file.server.rpc('webhooks.create', {
      name: 'Rotating',
      url: 'http://127.0.0.1:9/rotate',
      events: ['*'],
    });
    const { id: keyId } = await file.server.rpc<{ id: string }>('keys.create', {
      name: 'Revocable',
      permissions: ['tasks:write'],
    });
    const secretOf = async () =>
      (await file.server.rpc<{ items: { name: string; secret: string }[] }>('webhooks.list')).items.find(
        (w) => w.name === 'Rotating',
      )!.secret;
    const secret = await secretOf();
    const page = await file.page();
    await page.goto(`${file.server.baseUrl}/#/settings/integrations/webhooks`);
    const card = page.getByRole('article', { name: 'Rotating' });
    const rotate = card.getByRole('button', { name: 'Rotate secret' }).first();

    // Cancel with Enter.
    let dialog = await openConfirm(page, rotate);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expectFocused(rotate);
    // Escape.
    dialog = await openConfirm(page, rotate);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expectFocused(rotate);
    expect(await secretOf()).toBe(secret);
    // Confirm with Space, after Tab to it and Shift+Tab back and forth.
    dialog = await openConfirm(page, rotate);
    const confirm = dialog.getByRole('button', { name: 'Rotate secret' });
    await page.keyboard.press('Tab');
    await expectFocused(confirm);
    await page.keyboard.press('Shift+Tab');
    await expectFocused(dialog.getByRole('button', { name: 'Cancel' }));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await dialog.waitFor({ state: 'detached' });
    await card.getByRole('status').filter({ hasText: 'New signing secret created' }).waitFor();
    await expectFocused(rotate);
    await eventually(async () => ((await secretOf()) !== secret ? true : undefined), 'a new secret');

    // Revoke a key: Escape keeps it, Enter on Revoke revokes it.
    const keyRevoked = async () =>
      (await file.server.rpc<{ items: { id: string; revokedAt: string | null }[] }>('keys.list')).items.find(
        (k) => k.id === keyId,
      )!.revokedAt !== null;
    await page.goto(`${file.server.baseUrl}/#/settings/integrations/incoming`);
    const row = page.getByRole('row', { name: /Revocable/ });
    const revoke = row.getByRole('button', { name: 'Revoke' }).first();
    dialog = await openConfirm(page, revoke);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expectFocused(revoke);
    expect(await keyRevoked()).toBe(false);
    dialog = await openConfirm(page, revoke);
    await page.keyboard.press('Tab');
    await expectFocused(dialog.getByRole('button', { name: 'Revoke' }));
    await page.keyboard.press('Enter');
    await expectText(row.getByRole('cell').nth(4), 'Revoked');
    expect(await keyRevoked()).toBe(true);
  }, 60_000);

  it("An object's Delete (Clients): Cancel gives the focus back, confirming deletes the client", async () => {
    await file.server.rpc('clients.create', { name: 'Keyboard Client' });
    const page = await file.page();
    await page.goto(`${file.server.baseUrl}/#/clients`);
    const row = page.getByRole('row', { name: /Keyboard Client/ });
    const remove = row.getByRole('button', { name: 'Delete' }).first();
    const dialog = await openConfirm(page, remove);
    await page.keyboard.press('Space');
    await dialog.waitFor({ state: 'detached' });
    await expectFocused(remove);
    await openConfirm(page, remove);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await row.waitFor({ state: 'detached' });
    const { items } = await file.server.rpc<{ items: { name: string }[] }>('clients.list');
    expect(items.map((c) => c.name)).not.toContain('Keyboard Client');
  }, 60_000);

  it('Every control Tab reaches on the Webhooks screen shows a focus ring that stands out, light and dark', async () => {
    await file.server.rpc('webhooks.create', {
      name: 'Focus ring',
      url: 'http://127.0.0.1:9/focus',
      events: ['task.created'],
    });
    const page = await file.page();
    await page.goto(`${file.server.baseUrl}/#/settings/integrations/webhooks`);
    await page.getByRole('article', { name: 'Focus ring' }).waitFor();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      // From the top of the page, every Tab stop until the focus leaves the page or comes round again.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const seen: string[] = [];
      const weak: string[] = [];
      for (let i = 0; i < 120; i++) {
        await page.keyboard.press('Tab');
        const stop = await page.evaluate(focusRing);
        if (!stop) break;
        if (seen.includes(stop.path)) break;
        seen.push(stop.path);
        if (!stop.visible) weak.push(`${stop.path}: ${stop.why}`);
      }
      // The nav, the settings and integrations menus, New Webhook and each card's controls.
      expect(seen.length, seen.join('\n')).toBeGreaterThan(15);
      expect(weak, `${colorScheme}:\n${weak.join('\n')}`).toEqual([]);
    }
  }, 90_000);

  it('ran nothing the CSP refused and threw no page errors', () => {
    expect(file.problems).toEqual([]);
  });
});
