import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, errorOf, INCOMING, type Harness } from '../../support/server.js';
import { storeOf } from '../../../main/core/store/database.js';

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
    expect(items[0].reason).toBe('Title is required');
    expect(items[1].reason).toBe('This key may not Read tasks (tasks:read)');
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
    const { IncomingLog } = await import('../../../main/core/access/incoming-log.js');
    const { SqliteIncomingLogTable } = await import('../../../main/core/store/repositories/incoming-log.js');
    h.clock.advance(31 * 24 * 60 * 60_000);
    const { work, clock, settings } = h.core;
    new IncomingLog({
      work,
      clock,
      settings,
      rows: new SqliteIncomingLogTable(storeOf(h.core.store).db),
    }).record({
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

describe('strangers cannot fill the disk', () => {
  const missingKey = 'Missing API key: send the header Authorization: Bearer ik_live_…';
  const stranger = (remoteAddress: string, url = `${INCOMING}/tasks`) =>
    h.call(undefined, { method: 'POST', url, payload: { title: 'x' }, remoteAddress });
  const rows = () => h.core.incomingLog.list({ limit: 1000 }).items.reverse();

  it('refused calls without a valid key: 60 a minute per address logged one by one, the rest counted in one summary', async () => {
    const start = h.clock.now();
    for (let i = 0; i < 200; i++) {
      const res = await stranger('203.0.113.7');
      // The caller's answer never changes; only logging is limited.
      expect(res.statusCode).toBe(401);
      expect(errorOf(res)).toEqual({ code: 'unauthorized', message: missingKey });
      expect(res.headers['www-authenticate']).toBe('Bearer realm="dVersum API"');
      h.clock.advance(100);
    }
    // Another address is still logged.
    await stranger('198.51.100.2');
    let logged = rows();
    expect(logged).toHaveLength(61);
    expect(logged.filter((r) => r.ip === '203.0.113.7')).toHaveLength(60);
    expect(logged.every((r) => r.status === 401 && r.reason === missingKey)).toBe(true);
    expect(logged.at(-1)).toMatchObject({ ip: '198.51.100.2', status: 401, errorCode: 'unauthorized' });

    // When its minute ends, one summary says how many were left out.
    h.clock.advance(60_000);
    logged = rows();
    expect(logged).toHaveLength(62);
    const from = new Date(start + 60 * 100).toISOString();
    const to = new Date(start + 199 * 100).toISOString();
    expect(logged.at(-1)).toEqual({
      id: expect.stringMatching(/^inc_/),
      at: new Date(h.clock.now()).toISOString(),
      method: 'POST',
      path: `${INCOMING}/tasks`,
      keyId: null,
      ip: '203.0.113.7',
      status: 401,
      errorCode: 'unauthorized',
      reason: `140 more refused calls from this address were not logged one by one (at most 60 a minute are), from ${from} to ${to}`,
      reasonCode: 'calls_not_logged',
      reasonParams: { count: '140', limit: '60', from, to },
      durationMs: 0,
    });
    expect(
      (await h.admin('incomingLog.list', { rejectedOnly: true, limit: 1 })).json().items[0].reason,
    ).toMatch(/^140 more refused calls from this address/);

    // A new minute logs one by one again.
    await stranger('203.0.113.7');
    expect(rows()).toHaveLength(63);
  });

  it('the summary is written at the address’s next logged call, before it; revoked keys count, valid keys never do', async () => {
    await h.admin('settings.update', { rateLimits: { refusedPerMinute: 2 } });
    const { id, key } = h.core.keys.create({ name: 'old', permissions: ['tasks:write'] });
    h.core.keys.revoke(id);
    const revokedCall = () =>
      h.call(key, { method: 'POST', url: `${INCOMING}/tasks`, payload: { title: 'x' } });
    const revoked = errorOf(await revokedCall()).message;
    expect(revoked).toMatch(/^This API key was revoked/);
    for (let i = 0; i < 3; i++) {
      h.clock.advance(10);
      expect((await revokedCall()).statusCode).toBe(401);
    }
    h.clock.advance(60_000);
    await stranger('127.0.0.1');
    // A valid key is never limited: its refusals (here 403, lacking the permission) are logged one by one.
    const reader = h.key(['tasks:read']);
    for (let i = 0; i < 3; i++) {
      expect((await h.call(reader, { method: 'DELETE', url: `${INCOMING}/tasks/tsk_x` })).statusCode).toBe(
        403,
      );
    }
    const lacks = 'This key may not Create/edit/delete tasks (tasks:write)';
    const from = new Date(h.clock.now() - 60_000 - 10).toISOString();
    const to = new Date(h.clock.now() - 60_000).toISOString();
    expect(rows().map((r) => [r.status, r.keyId === id, r.reason])).toEqual([
      [401, true, revoked],
      [401, true, revoked],
      [
        401,
        true,
        `2 more refused calls from this address were not logged one by one (at most 2 a minute are), from ${from} to ${to}`,
      ],
      [401, false, missingKey],
      [403, false, lacks],
      [403, false, lacks],
      [403, false, lacks],
    ]);
  });

  it('closing writes the summaries still counting, so a restart shows them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dversum-incoming-'));
    try {
      await h.close();
      h = await createHarness({ dataDir: dir });
      await h.admin('settings.update', { rateLimits: { refusedPerMinute: 1 } });
      for (let i = 0; i < 3; i++) expect((await stranger('192.0.2.9')).statusCode).toBe(401);
      await h.close();
      h = await createHarness({ dataDir: dir });
      expect(rows().map((r) => r.reason?.slice(0, 48))).toEqual([
        missingKey.slice(0, 48),
        '2 more refused calls from this address were not ',
      ]);
    } finally {
      await h.close();
      h = await createHarness();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a spray of addresses keeps a bounded map; an address pushed out has its summary written, not lost', async () => {
    const { RefusedCalls } = await import('../../../main/core/access/refused-calls.js');
    const refused = new RefusedCalls(3);
    const call = (ip: string) => ({
      at: h.clock.now(),
      method: 'GET',
      path: '/api/v1/tasks',
      keyId: null,
      ip,
      status: 401,
      errorCode: 'unauthorized',
      reason: missingKey,
      durationMs: 1,
    });
    expect(refused.admit(call('10.0.0.1'), 1)).toHaveLength(1);
    expect(refused.admit(call('10.0.0.1'), 1)).toHaveLength(0);
    for (const ip of ['10.0.0.2', '10.0.0.3']) expect(refused.admit(call(ip), 1)).toHaveLength(1);
    const rowsFor4 = refused.admit(call('10.0.0.4'), 1);
    expect(rowsFor4.map((r) => [r.ip, r.reason?.slice(0, 40)])).toEqual([
      ['10.0.0.1', '1 more refused call from this address wa'],
      ['10.0.0.4', missingKey.slice(0, 40)],
    ]);
    expect(refused.size).toBe(3);
  });

  it('paths and reasons are stored cut to 200 characters, ending with “…”', async () => {
    const long = `${INCOMING}/${'a'.repeat(1900)}`;
    const res = await stranger('192.0.2.1', `${long}?q=1`);
    expect(res.statusCode).toBe(404);
    expect(errorOf(res)).toEqual({ code: 'not_found', message: `No route POST ${long}` });
    const [row] = rows();
    expect(row.path).toHaveLength(200);
    expect(row.path).toBe(`${long.slice(0, 199)}…`);
    expect(row.reason).toHaveLength(200);
    expect(row.reason).toBe(`No route POST ${long}`.slice(0, 199) + '…');
    const stored = storeOf(h.core.store)
      .sqlite.prepare('SELECT length(path) AS p, length(reason) AS r FROM incoming_log')
      .get();
    expect(stored).toEqual({ p: 200, r: 200 });
  });

  it('keeps at most incomingLogMaxRows rows, the oldest going first', async () => {
    expect((await h.admin('settings.update', { incomingLogMaxRows: 1000 })).json().incomingLogMaxRows).toBe(
      1000,
    );
    const entry = (n: number) => ({
      at: h.clock.now(),
      method: 'GET',
      path: `/api/v1/tasks/${n}`,
      keyId: null,
      ip: '127.0.0.1',
      status: 200,
      errorCode: null,
      reason: null,
      durationMs: 1,
    });
    for (let n = 0; n < 1020; n++) {
      h.core.incomingLog.enqueue(entry(n));
      if (n % 100 === 99) h.clock.advance(1);
    }
    await new Promise((resolve) => setImmediate(resolve));
    h.clock.advance(1);
    const key = h.key(['tasks:read']);
    expect((await h.call(key, { method: 'GET', url: '/api/v1/tasks' })).statusCode).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    const count = () =>
      (storeOf(h.core.store).sqlite.prepare('SELECT count(*) AS n FROM incoming_log').get() as { n: number })
        .n;
    expect(count()).toBe(1000);
    const kept = rows();
    expect(kept[0].path).toBe('/api/v1/tasks/21');
    expect(kept.at(-1)!.path).toBe('/api/v1/tasks');
  });
});
