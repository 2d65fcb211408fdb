/**
 * log.export's one-time link in headless mode (`startHeadless`, over a real
 * loopback socket): a path the browser resolves against the address it opened
 * the window at, and only a GET uses it up.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHeadless, type Headless } from '../../../main/headless/serve.js';

let headless: Headless | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await headless?.close();
  headless = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ url: string; rpc: (name: string, body: unknown) => Promise<Response> }> {
  dataDir = mkdtempSync(join(tmpdir(), 'dversum-export-link-'));
  headless = await startHeadless({
    env: { dataDir, host: '127.0.0.1', port: 0 },
    rendererDir: join(dataDir, 'no-window'),
    log: () => {},
  });
  const token = readFileSync(headless.tokenFile, 'utf8').trim();
  const { url } = headless;
  return {
    url,
    rpc: (name, body) =>
      fetch(`${url}/admin/rpc/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
}

describe('the one-time export link', () => {
  it('is a path on the server the window was opened from, not an absolute URL naming 127.0.0.1', async () => {
    const { rpc } = await start();
    const made = await rpc('log.export', { format: 'csv' });
    expect(made.status).toBe(200);
    const { url: link } = (await made.json()) as { url: string };
    expect(link).toMatch(/^\/admin\/export\/[\w-]{32}$/);
  });

  it('HEAD (a link checker, a prefetch) does not use it up: 404, and the GET afterwards still downloads', async () => {
    const { url, rpc } = await start();
    const { url: link } = (await (await rpc('log.export', { format: 'ndjson' })).json()) as { url: string };
    const absolute = new URL(link, url).href;

    const head = await fetch(absolute, { method: 'HEAD' });
    expect(head.status).toBe(404);

    const download = await fetch(absolute);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    await download.text();

    const again = await fetch(absolute);
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({
      error: { code: 'not_found', message: 'This export link is unknown, expired or already used' },
    });
  });
});
