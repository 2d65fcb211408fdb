import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, INCOMING, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe('the incoming log', () => {
  it('records every call, accepted or rejected, with the reason', async () => {
    const { id: keyId, key } = h.core.keys.create({
      name: 'n8n',
      permissions: ['tasks:write'],
      ipWhitelist: ['10.0.0.0/8'],
    });
    const task = {
      method: 'POST' as const,
      url: `${INCOMING}/tasks`,
      payload: { title: 'x' },
      remoteAddress: '10.0.0.5',
    };
    await h.call(key, task);
    h.clock.advance(1);
    await h.call(undefined, task);
    h.clock.advance(1);
    await h.call(key, { ...task, remoteAddress: '::ffff:192.168.0.9' });
    h.clock.advance(1);
    await h.call(key, { ...task, method: 'GET', url: '/api/v1/tasks?search=secret', payload: undefined });
    h.clock.advance(1);
    await h.call(key, { ...task, payload: { title: '' } });
    h.clock.advance(1);
    await h.app.inject({ method: 'GET', url: '/healthz' });
    await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });

    const res = await h.admin('incomingLog.list', {});
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    expect(items.map((i) => [i.method, i.path, i.status, i.errorCode, i.keyId])).toEqual([
      ['POST', `${INCOMING}/tasks`, 422, 'validation_failed', keyId],
      ['GET', '/api/v1/tasks', 403, 'forbidden', keyId],
      ['POST', `${INCOMING}/tasks`, 403, 'forbidden', keyId],
      ['POST', `${INCOMING}/tasks`, 401, 'unauthorized', null],
      ['POST', `${INCOMING}/tasks`, 201, null, keyId],
    ]);
    expect(items[0].reason).toBe('Invalid input: title: is required');
    expect(items[1].reason).toBe('This API key lacks the permission tasks:read');
    expect(items[2]).toMatchObject({
      ip: '192.168.0.9',
      reason: "IP address 192.168.0.9 is not on this API key's IP whitelist",
    });
    expect(items[3].reason).toBe('Missing API key: send the header Authorization: Bearer ik_live_…');
    expect(items[4]).toMatchObject({
      ip: '10.0.0.5',
      reason: null,
      at: new Date(h.clock.now() - 5).toISOString(),
    });

    const rejected = (await h.admin('incomingLog.list', { rejectedOnly: true, keyId, limit: 2 })).json();
    expect(rejected.items).toHaveLength(2);
    expect(rejected.nextCursor).toBe(rejected.items[1].id);
    const rest = (
      await h.admin('incomingLog.list', { rejectedOnly: true, keyId, cursor: rejected.nextCursor })
    ).json();
    expect(rest.items.map((i: { status: number }) => i.status)).toEqual([403]);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('names revoked keys and logs 429s', async () => {
    await h.admin('settings.update', { rateLimits: { incomingPerMinute: 1 } });
    const { id, key } = h.core.keys.create({ name: 'zap', permissions: ['tasks:read'] });
    await h.call(key, { method: 'GET', url: '/api/v1/tasks' });
    h.clock.advance(1);
    await h.call(key, { method: 'GET', url: '/api/v1/tasks' });
    h.clock.advance(1);
    h.core.keys.revoke(id);
    await h.call(key, { method: 'GET', url: '/api/v1/tasks' });
    const items = h.core.incomingLog.list({}).items;
    expect(items.map((i) => [i.status, i.errorCode, i.keyId])).toEqual([
      [401, 'unauthorized', id],
      [429, 'rate_limited', id],
      [200, null, id],
    ]);
  });
});

describe('incoming log retention', () => {
  it('drops calls older than logRetentionDays (the same setting as the delivery log)', async () => {
    const key = h.key(['tasks:read']);
    await h.call(key, { method: 'GET', url: '/api/v1/tasks' });
    h.clock.advance(10 * 24 * 60 * 60_000);
    await h.call(key, { method: 'GET', url: '/api/v1/tasks' });
    expect(h.core.incomingLog.prune(h.clock.now() - 5 * 24 * 60 * 60_000)).toBe(1);
    expect(h.core.incomingLog.list({}).items).toHaveLength(1);
    // And by itself, as calls arrive: a fresh log prunes on its first call.
    const { IncomingLog } = await import('../../main/core/access/incoming-log.js');
    h.clock.advance(31 * 24 * 60 * 60_000);
    new IncomingLog(h.core).record({
      at: h.clock.now(),
      method: 'GET',
      path: '/api/v1/tasks',
      keyId: null,
      ip: '127.0.0.1',
      status: 401,
      errorCode: 'unauthorized',
      reason: 'x',
      durationMs: 1,
    });
    expect(h.core.incomingLog.list({}).items.map((i) => i.at)).toEqual([
      new Date(h.clock.now()).toISOString(),
    ]);
  });
});
