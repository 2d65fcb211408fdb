/**
 * /api/docs in a real browser (Debian's Chromium): the reference renders under
 * its CSP, and every request it makes goes to this server, none to the network.
 */
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../support/core.js';
import { listen } from '../../support/server.js';
import { systemClock } from '../../../main/core/clock.js';
import type { Core } from '../../../main/core/core.js';
import { buildServer } from '../../../main/core/server/app.js';
import { launchChromium } from '../../e2e/harness/browser.js';
import { eventually, expectCount, expectText, expectTextContaining } from '../../e2e/harness/waits.js';

let core: Core;
let app: FastifyInstance;
let origin: string;
beforeAll(async () => {
  core = openCore({ clock: systemClock }).core;
  app = buildServer(core, {});
  origin = await listen(app);
});
afterAll(async () => {
  await app.close();
  await core.close();
});

describe('/api/docs in Chromium', () => {
  it('renders every endpoint with curl and n8n examples, loading nothing from elsewhere', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const foreign: string[] = [];
      const problems: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
        foreign.push(url);
        return route.abort();
      });
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));

      await page.goto(`${origin}/api/docs`);
      await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
      await eventually(async () => {
        const summaries = await page.locator('.opblock-summary-path').allTextContents();
        return summaries.map((s) => s.replace(/\u200b/g, '')).includes('/api/v1/webhooks/incoming/tasks')
          ? true
          : undefined;
      }, 'the tasks endpoint in the list of operations');
      await expectTextContaining(page.locator('.info .renderedMarkdown, .info .markdown').first(), [
        'curl -X POST',
        'HTTP Request',
      ]);
      await expectCount(page.locator('button.authorize'), 1);
      // The event catalog: the OpenAPI 3.1 webhooks section, one entry per event type.
      await expectTextContaining(page.locator('.webhooks'), ['Webhooks', 'task.created', 'invoice.paid']);

      // dVersum's name, icon and logo, not Swagger's.
      expect(await page.title()).toBe('dVersum API');
      const logo = page.locator('#swagger-ui .topbar .topbar-wrapper a.link img');
      await logo.waitFor();
      const logoSrc = (await logo.getAttribute('src')) ?? '';
      expect(logoSrc).toBe(`data:image/png;base64,${readFileSync('resources/logo.png').toString('base64')}`);
      expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(80);
      const icon = page.locator('link[rel="icon"]');
      await expectCount(icon, 1);
      const iconResponse = await page.request.get(
        new URL((await icon.getAttribute('href'))!, page.url()).href,
      );
      expect(iconResponse.headers()['content-type']).toBe('image/x-icon');
      expect(Buffer.from(await iconResponse.body()).equals(readFileSync('resources/favicon.ico'))).toBe(true);
      // The examples name this server, not a fixed port.
      await expectTextContaining(page.locator('.info .renderedMarkdown, .info .markdown').first(), [
        `curl -X POST ${origin}/api/v1/webhooks/incoming/tasks`,
      ]);

      expect(foreign).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it('?lang=de shows the German introduction, and the top bar switches back to English', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${origin}/api/docs?lang=de`);
      const intro = page.locator('.info .renderedMarkdown, .info .markdown').first();
      await intro.waitFor({ timeout: 30_000 });
      await expectTextContaining(intro, [
        'Authentifizierung',
        `curl -X POST ${origin}/api/v1/webhooks/incoming/tasks`,
      ]);
      expect(page.url()).toBe(`${origin}/api/docs?urls.primaryName=Deutsch`);
      await page.locator('#swagger-ui .topbar select').selectOption({ label: 'English' });
      await expectTextContaining(page.locator('.info .renderedMarkdown, .info .markdown').first(), [
        'Authentication',
      ]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it('is interactive: authorize with a key, "Try it out" creates a task', async () => {
    const { key } = core.keys.create({ name: 'docs', permissions: ['tasks:write'] });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/api/docs`);
      await page.locator('button.authorize').click();
      await page.locator('.modal-ux input').first().fill(key);
      await page.locator('.modal-ux button.authorize').click();
      await page.locator('.modal-ux button.btn-done').click();

      const operation = page.locator('.opblock-post', { hasText: '/api/v1/webhooks/incoming/tasks' }).first();
      await operation.locator('.opblock-summary').click();
      await operation.locator('button.try-out__btn').click();
      await operation.locator('button.execute').click();
      await expectText(
        operation.locator('.live-responses-table tbody .response-col_status').first(),
        /^\s*201\s*$/,
        {
          timeout: 30_000,
        },
      );
      // The example body was sent as it stands.
      expect(core.tasks.list({}).items.map((t) => t.title)).toEqual(['New enquiry: website relaunch']);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
