import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness } from '../../../support/server.js';

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function builtWindow(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dversum-renderer-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>dVersum window</title>');
  writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  const outside = join(dir, '..', `${dir.split('/').pop()}-secret.txt`);
  writeFileSync(outside, 'outside');
  dirs.push(outside);
  return dir;
}

describe('the window at /', () => {
  it("serves the built files, index.html for the window's own routes, and 404 for missing files", async () => {
    const dir = builtWindow();
    h = await createHarness({ rendererDir: dir });
    const index = await h.app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).toContain('dVersum window');
    expect(index.headers['cache-control']).toBe('no-cache');

    const asset = await h.app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toContain('immutable');

    const route = await h.app.inject({ method: 'GET', url: '/settings/integrations?tab=keys' });
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('dVersum window');

    expect((await h.app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('never serves files outside the folder, nor the window for API paths', async () => {
    const dir = builtWindow();
    h = await createHarness({ rendererDir: dir });
    for (const url of [
      `/../${dir.split('/').pop()}-secret.txt`,
      `/%2e%2e/${dir.split('/').pop()}-secret.txt`,
      '/..%2f..%2fetc%2fpasswd',
    ]) {
      const res = await h.app.inject({ method: 'GET', url });
      expect(res.body, url).not.toContain('outside');
      expect(res.body, url).not.toContain('root:');
    }
    const api = await h.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(errorOf(api).code).toBe('not_found');
    const bad = await h.app.inject({ method: 'GET', url: '/%E0%A4%A' });
    expect(bad.statusCode).toBe(400);
  });

  it('no page may frame the window: every response at / carries a CSP with frame-ancestors and X-Frame-Options', async () => {
    // The header repeats renderer/index.html's meta policy (which cannot say frame-ancestors).
    const html = readFileSync(new URL('../../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe("default-src 'self'");
    const dir = builtWindow();
    h = await createHarness({ rendererDir: dir });
    for (const [method, url, status] of [
      ['GET', '/', 200],
      ['GET', '/index.html', 200],
      ['GET', '/assets/app-1234.js', 200],
      ['GET', '/settings/integrations', 200],
      ['HEAD', '/', 200],
      ['GET', '/assets/missing.js', 404],
    ] as const) {
      const res = await h.app.inject({ method, url });
      expect(res.statusCode, url).toBe(status);
      expect(res.headers['content-security-policy'], url).toBe(`${meta}; frame-ancestors 'none'`);
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
    }
  });

  it('the placeholder page cannot be framed either, and its one inline style is allowed by hash', async () => {
    h = await createHarness({ rendererDir: join(tmpdir(), 'dversum-not-built-yet') });
    const res = await h.app.inject({ method: 'GET', url: '/' });
    const style = /<style>([^<]*)<\/style>/.exec(res.body)?.[1] ?? '';
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    expect(res.headers['content-security-policy']).toBe(
      `default-src 'self'; style-src 'sha256-${hash}'; frame-ancestors 'none'`,
    );
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('shows a placeholder page until the window is built', async () => {
    h = await createHarness({ rendererDir: join(tmpdir(), 'dversum-not-built-yet') });
    const res = await h.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('dVersum is running');
    expect(res.body).toContain('/api/docs');
  });

  it("serves dVersum's icon at /favicon.ico, built or not, and index.html links it", async () => {
    const icon = readFileSync(new URL('../../../../resources/favicon.ico', import.meta.url));
    const html = readFileSync(new URL('../../../../renderer/index.html', import.meta.url), 'utf8');
    expect(html).toContain('<link rel="icon" href="/favicon.ico"');
    for (const dir of [builtWindow(), join(tmpdir(), 'dversum-not-built-yet')]) {
      h = await createHarness({ rendererDir: dir });
      const res = await h.app.inject({ method: 'GET', url: '/favicon.ico' });
      expect(res.statusCode, dir).toBe(200);
      expect(res.headers['content-type'], dir).toBe('image/x-icon');
      expect(res.rawPayload.equals(icon), dir).toBe(true);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const post = await h.app.inject({ method: 'POST', url: '/favicon.ico' });
      expect(post.statusCode).toBe(405);
      expect(post.headers.allow).toBe('GET, HEAD');
      await h.close();
      h = undefined;
    }
  });
});
