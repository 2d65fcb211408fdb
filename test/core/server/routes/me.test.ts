/**
 * GET /api/v1/me through the server: any valid key gets its own data, the
 * rate limits after its own call and the version; every refusal is the one
 * the other keyed endpoints give (same status, code and message).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiMe } from '../../../../contract/index.js';
import { APP_VERSION } from '../../../../main/core/server/app-version.js';
import { createHarness, errorOf, type Harness } from '../../../support/server.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const me = (key: string | undefined) => h.call(key, { method: 'GET', url: '/api/v1/me' });
/** The same call on an endpoint that needs a permission the key holds. */
const tasks = (key: string | undefined) => h.call(key, { method: 'GET', url: '/api/v1/tasks?limit=1' });

describe('GET /api/v1/me', () => {
  it('answers a key with no permissions with its own data, the rate limits and the version', async () => {
    const raw = h.key([]);
    const record = h.core.keys.list()[0];
    const res = await me(raw);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(apiMe.safeParse(body).success).toBe(true);
    const now = h.clock.now();
    expect(body).toEqual({
      key: { id: record.id, name: 'test', prefix: record.prefix, permissions: [], ipWhitelist: [] },
      rateLimit: {
        minute: { limit: 100, remaining: 99, resetAt: new Date(now + 60_000).toISOString() },
        keyDay: { limit: 5_000, remaining: 4_999, resetAt: new Date(now + 86_400_000).toISOString() },
        day: { limit: 10_000, remaining: 9_999, resetAt: new Date(now + 86_400_000).toISOString() },
      },
      server: { name: 'dVersum', version: APP_VERSION, defaultCurrency: 'EUR' },
    });
    expect(raw.startsWith(record.prefix)).toBe(true);
    expect(res.body).not.toContain(raw);
    expect(res.body).not.toContain(record.last4);
    expect(res.headers['ratelimit-limit']).toBe('100');
    expect(res.headers['ratelimit-remaining']).toBe('99');
  });

  it('names the default currency from Settings, so an integration can convert an amount typed without a currency', async () => {
    h.core.settings.update({ defaultCurrency: 'JPY' });
    const res = await me(h.key([]));
    expect(res.json().server).toEqual({ name: 'dVersum', version: APP_VERSION, defaultCurrency: 'JPY' });
  });

  it('shows the permissions and the IP whitelist the key has', async () => {
    const raw = h.key(['tasks:read', 'webhooks:manage'], ['127.0.0.1/32']);
    const res = await me(raw);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().key).toMatchObject({
      permissions: ['tasks:read', 'webhooks:manage'],
      ipWhitelist: ['127.0.0.1/32'],
    });
  });

  it('counts like any keyed call: the state drops by one per call, once per call', async () => {
    const raw = h.key(['tasks:read']);
    for (let i = 1; i <= 3; i++) {
      const res = await me(raw);
      expect(res.json().rateLimit.minute.remaining).toBe(100 - i);
      expect(res.json().rateLimit.day.remaining).toBe(10_000 - i);
      expect(res.headers['ratelimit-remaining']).toBe(String(100 - i));
    }
    // Another endpoint sees the same count: /me took one token per call, not two.
    expect((await tasks(raw)).headers['ratelimit-remaining']).toBe('96');
    const after = (await me(raw)).json();
    expect(after.rateLimit.minute.remaining).toBe(95);
    // The daily window is all keys together; the key's own day is its calls alone.
    await me(h.key([]));
    const later = (await me(raw)).json().rateLimit;
    expect(later.day.remaining).toBe(10_000 - 7);
    expect(later.keyDay.remaining).toBe(5_000 - 6);
  });

  it('reports a window that is off as null', async () => {
    await h.admin('settings.update', { rateLimits: { apiCallsPerDay: 0, incomingPerMinute: 0 } });
    const res = await me(h.key([]));
    expect(res.statusCode).toBe(200);
    expect(res.json().rateLimit).toEqual({ minute: null, keyDay: null, day: null });
  });

  it('no key: 401 with the message every endpoint gives', async () => {
    const res = await me(undefined);
    expect(res.statusCode).toBe(401);
    expect(errorOf(res)).toEqual({
      code: 'unauthorized',
      message: 'Missing API key: send the header Authorization: Bearer ik_live_…',
    });
    expect(res.headers['www-authenticate']).toBe('Bearer realm="dVersum API"');
    expect(errorOf(res)).toEqual(errorOf(await tasks(undefined)));
  });

  it('a revoked key: 401 with the message every endpoint gives', async () => {
    const raw = h.key(['tasks:read']);
    h.core.keys.revoke(h.core.keys.list()[0].id);
    const res = await me(raw);
    expect(res.statusCode).toBe(401);
    expect(errorOf(res)).toEqual({
      code: 'unauthorized',
      message: 'This API key was revoked: create a new one in Settings > Integrations',
    });
    expect(errorOf(res)).toEqual(errorOf(await tasks(raw)));
  });

  it('a key called from outside its IP whitelist: 403 with the message every endpoint gives', async () => {
    const raw = h.key(['tasks:read'], ['203.0.113.0/24']);
    const res = await me(raw);
    expect(res.statusCode).toBe(403);
    expect(errorOf(res)).toEqual({
      code: 'forbidden',
      message: "IP address 127.0.0.1 is not on this API key's IP whitelist",
    });
    expect(errorOf(res)).toEqual(errorOf(await tasks(raw)));
  });

  it('a limited key: 429 on /me as elsewhere', async () => {
    await h.admin('settings.update', { rateLimits: { apiCallsPerDay: 10_000, incomingPerMinute: 2 } });
    const raw = h.key(['tasks:read']);
    expect((await me(raw)).json().rateLimit.minute.remaining).toBe(1);
    expect((await tasks(raw)).statusCode).toBe(200);
    const res = await me(raw);
    expect(res.statusCode).toBe(429);
    const expected = {
      code: 'rate_limited',
      message: 'This key made 2 calls in the last minute (the limit per key). Try again in 1 min.',
      details: { limit: 'perMinute', max: 2, retryAfterSeconds: 60 },
    };
    expect(errorOf(res)).toEqual(expected);
    expect(res.headers['retry-after']).toBe('60');
    expect(errorOf(await tasks(raw))).toEqual(expected);
  });

  it('is written to the incoming log like any keyed call', async () => {
    const raw = h.key([]);
    await me(raw);
    const log = await h.admin('incomingLog.list', {});
    expect(log.statusCode, log.body).toBe(200);
    expect(JSON.stringify(log.json())).toContain('/api/v1/me');
  });
});
