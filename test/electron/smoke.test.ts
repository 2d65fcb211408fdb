/**
 * The desktop app end to end with Playwright's Electron driver: the window
 * opens on the bridge, the embedded server answers, and Pause webhooks in the
 * tray holds a delivery until Resume. It needs an Electron binary, a display
 * and better-sqlite3 built for Electron; where one is missing the test is
 * skipped, saying which.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Menu } from 'electron';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DversumBridge } from '../../contract/bridge.js';
import { electronVersion, ensureElectronSqlite } from '../../scripts/electron-sqlite.mjs';
import { decideLaunch, findElectronBinary } from '../../scripts/launch-decision.mjs';
import { answer, Receiver } from '../support/receiver.js';

const root = process.cwd();

async function whatIsMissing(): Promise<{ reason: string } | { binary: string; sqlite: string }> {
  const found = findElectronBinary(join(root, 'node_modules', 'electron'));
  const facts = {
    platform: process.platform,
    env: { ...process.env, DVERSUM_NO_DOWNLOAD: '1' },
    electronBinary: found.binary,
    binaryProblem: 'problem' in found ? found.problem : undefined,
  };
  const decision = decideLaunch(facts);
  if (decision.mode !== 'electron')
    return { reason: decision.mode === 'headless' ? decision.reason : 'no Electron binary' };
  try {
    const target = { electronVersion: electronVersion(root), platform: process.platform, arch: process.arch };
    return { binary: decision.binary, sqlite: await ensureElectronSqlite(root, target) };
  } catch (err) {
    return { reason: (err as Error).message };
  }
}

declare const window: { dversum: DversumBridge };

describe('the desktop app (Playwright _electron)', () => {
  it(
    'opens the window, answers on the server, and holds a delivery while paused from the tray',
    { timeout: 240_000 },
    async (ctx) => {
      const ready = await whatIsMissing();
      if ('reason' in ready) {
        console.info(`Electron smoke test skipped: ${ready.reason}`);
        ctx.skip(`Electron cannot run here: ${ready.reason}`);
        return;
      }
      if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
        const build = spawnSync(
          process.execPath,
          [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
          {
            cwd: root,
            stdio: 'inherit',
          },
        );
        expect(build.status).toBe(0);
      }

      const receiver = await Receiver.start('/n8n');
      receiver.respond = answer(204);
      const received = () => receiver.received.map((r) => r.body);
      const hookUrl = receiver.url;
      const dataDir = mkdtempSync(join(tmpdir(), 'dversum-smoke-'));
      const app = await electron.launch({
        executablePath: ready.binary,
        args: [root],
        env: {
          ...process.env,
          DVERSUM_DATA_DIR: dataDir,
          DVERSUM_PORT: '0',
          DVERSUM_NO_SINGLE_INSTANCE: '1',
          DVERSUM_TEST_HOOKS: '1',
          DVERSUM_SQLITE_BINDING: ready.sqlite,
        },
      });
      try {
        const page = await app.firstWindow();
        await page.waitForFunction(() => 'dversum' in window);
        expect(await page.evaluate(() => Object.keys(window.dversum).sort())).toEqual([
          'call',
          'on',
          'operations',
        ]);
        expect(page.url()).toMatch(/^app:\/\/dversum\/index\.html/);

        const serverUrl = await app.evaluate(() =>
          (globalThis as never as { dversumTestHooks: { serverUrl(): string } }).dversumTestHooks.serverUrl(),
        );
        expect((await fetch(`${serverUrl}/healthz`)).status).toBe(200);

        const hook = await page.evaluate(
          (url) =>
            window.dversum.call('webhooks.create', { name: 'n8n', url, events: ['*'] }) as Promise<{
              id: string;
            }>,
          hookUrl,
        );
        const clickTray = (id: string) =>
          app.evaluate((_electron, itemId) => {
            const hooks = (globalThis as never as { dversumTestHooks: { trayMenu(): Menu } })
              .dversumTestHooks;
            hooks.trayMenu().getMenuItemById(itemId)!.click();
          }, id);

        await clickTray('pause');
        expect(await page.evaluate(() => window.dversum.call('dispatch.status', {}))).toMatchObject({
          paused: true,
        });
        await page.evaluate((id) => window.dversum.call('webhooks.sendTest', { id }), hook.id);
        expect(await page.evaluate(() => window.dversum.call('dispatch.status', {}))).toMatchObject({
          paused: true,
          held: 1,
        });
        expect(received()).toEqual([]);

        await clickTray('pause');
        await expect.poll(() => received().length, { timeout: 15_000 }).toBe(1);
        expect(JSON.parse(received()[0])).toMatchObject({ type: 'webhook.test' });
      } finally {
        await app.close();
        await receiver.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
