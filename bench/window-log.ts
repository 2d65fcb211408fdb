/**
 * The window's log with 1,000,000 deliveries, in Debian's Chromium against
 * the headless server: time to the first rows, scrolling through pages
 * fetched by cursor (frame times, rows in the DOM), and a filter change.
 * Run: `npx tsx bench/window-log.ts` (reuses the bench's seeded database).
 */
import { launchChromium, openPage, signIn } from '../test/e2e/harness/browser.js';
import { ensureRendererBuilt } from '../test/e2e/harness/build.js';
import { startHeadless } from '../test/e2e/harness/server.js';
import { prepareLogDatabase } from './lib/log-database.js';

const PAGES_TO_SCROLL = 25;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function main(): Promise<void> {
  await ensureRendererBuilt();
  const db = await prepareLogDatabase();
  const startedServer = performance.now();
  const server = await startHeadless({ dataDir: db.dataDir, startupTimeoutMs: 120_000 });
  const serverStartMs = performance.now() - startedServer;
  const browser = await launchChromium();
  try {
    const { page } = await openPage(browser);
    await signIn(page, server.baseUrl, server.token);

    const rpcTimes: number[] = [];
    const sent = new Map<string, number>();
    page.on(
      'request',
      (r) => r.url().endsWith('/admin/rpc/log.list') && sent.set(r.url() + r.postData(), performance.now()),
    );
    page.on('requestfinished', (r) => {
      const key = r.url() + r.postData();
      const at = sent.get(key);
      if (at !== undefined) rpcTimes.push(performance.now() - at);
    });

    const t0 = performance.now();
    await page.goto(`${server.baseUrl}/#/settings/webhooks/log`);
    await page.locator('[data-delivery-id]').first().waitFor({ timeout: 60_000 });
    const firstRowsMs = performance.now() - t0;

    // Frame times while scrolling, sampled in the page with requestAnimationFrame.
    // A string, not a function: tsx would wrap named functions in a helper the page does not have.
    await page.evaluate(`(() => {
      window.frames_ = [];
      window.sampling = true;
      let last = performance.now();
      const tick = (now) => {
        window.frames_.push(now - last);
        last = now;
        if (window.sampling) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    const body = page.locator('.log-body');
    let maxDomRows = 0;
    const scrollStarted = performance.now();
    for (let pageNo = 1; pageNo <= PAGES_TO_SCROLL; pageNo++) {
      // Scroll in steps of 20 rows, as a wheel would, to the end of what is loaded.
      for (let step = 0; step < 10; step++) {
        await body.evaluate((el) => el.scrollBy(0, 800));
        await page.evaluate(() => new Promise(requestAnimationFrame));
      }
      await body.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.waitForFunction(
        (want) =>
          document.querySelectorAll('[data-delivery-id]').length > 0 &&
          (document.querySelector('.log-body')?.scrollHeight ?? 0) >= want * 200 * 40,
        pageNo + 1,
        { timeout: 30_000 },
      );
      maxDomRows = Math.max(maxDomRows, await page.locator('.log-body [role="row"]').count());
    }
    const scrollMs = performance.now() - scrollStarted;
    const frames = (await page.evaluate('(window.sampling = false, window.frames_.slice(1))')) as number[];
    const loaded = await page.locator('.log .hint[aria-live]').textContent();

    const t1 = performance.now();
    await page.getByLabel('Status', { exact: true }).selectOption('failed');
    await page.waitForFunction(() => {
      const badges = [...document.querySelectorAll('.log-body .badge')];
      return badges.length > 0 && badges.every((b) => b.textContent === 'Failed');
    });
    const filterMs = performance.now() - t1;

    const fmt = (n: number) => `${n.toFixed(0)} ms`;
    console.log(
      `The window's log with ${db.deliveries.toLocaleString('en')} deliveries (Chromium ${browser.version()})`,
    );
    console.log(`  headless server answering /healthz      ${fmt(serverStartMs)}`);
    console.log(`  View Log to the first rows               ${fmt(firstRowsMs)}`);
    console.log(
      `  log.list page of 200 (browser round trip) p50 ${fmt(percentile(rpcTimes, 50))}, p95 ${fmt(percentile(rpcTimes, 95))}, n=${rpcTimes.length}`,
    );
    console.log(`  scrolling through ${PAGES_TO_SCROLL} pages              ${fmt(scrollMs)} (${loaded})`);
    console.log(
      `  frame time while scrolling              p50 ${fmt(percentile(frames, 50))}, p95 ${fmt(percentile(frames, 95))}, max ${fmt(Math.max(...frames))}, n=${frames.length}`,
    );
    console.log(`  rows in the DOM at most                  ${maxDomRows}`);
    console.log(`  filter Status = Failed to new rows       ${fmt(filterMs)}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
