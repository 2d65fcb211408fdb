import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_CONTENT_TYPES, exportFileName } from '../../../../main/core/dispatcher/log-export.js';
import { ADMIN_TOKEN, createHarness, errorOf, PORT, type Harness } from '../../../support/server.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const rpc = (name: string, options: { body?: string; headers?: Record<string, string> } = {}) =>
  h.app.inject({
    method: 'POST',
    url: `/admin/rpc/${name}`,
    headers: {
      host: `127.0.0.1:${PORT}`,
      authorization: `Bearer ${ADMIN_TOKEN}`,
      'content-type': 'application/json',
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { payload: options.body }),
  });

describe('the admin contract over HTTP', () => {
  it('200 with the output itself, no wrapper', async () => {
    const created = await h.admin('tasks.create', { title: 'From the window' });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({ title: 'From the window', status: 'open' });
    const settings = await h.admin('settings.get', {});
    expect(settings.json().rateLimits).toEqual({
      incomingPerMinute: 100,
      apiCallsPerDay: 10_000,
      apiCallsPerKeyPerDay: null,
      outgoingPerHour: 1000,
      refusedPerMinute: 60,
    });
    const noBody = await h.app.inject({
      method: 'POST',
      url: '/admin/rpc/settings.get',
      headers: { host: `localhost:${PORT}`, authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(noBody.statusCode).toBe(200);
    const info = await h.admin('app.info', {});
    expect(info.json()).toEqual({
      version: expect.any(String),
      serverUrl: `http://127.0.0.1:${PORT}`,
      publicUrl: null,
      docsUrl: `http://127.0.0.1:${PORT}/api/docs`,
      mode: 'headless',
    });
  });

  it('settings.update deep-merges and returns the whole', async () => {
    const res = await h.admin('settings.update', { rateLimits: { incomingPerMinute: 5 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().rateLimits).toEqual({
      incomingPerMinute: 5,
      apiCallsPerDay: 10_000,
      apiCallsPerKeyPerDay: null,
      outgoingPerHour: 1000,
      refusedPerMinute: 60,
    });
    expect(res.json().retrySchedule).toEqual([60, 300, 1800, 7200]);
  });

  it('400 malformed JSON, 415 not JSON', async () => {
    const malformed = await rpc('tasks.create', { body: '{"title":' });
    expect(malformed.statusCode).toBe(400);
    expect(errorOf(malformed).message).toMatch(/^Malformed JSON in request body: /);
    const text = await rpc('tasks.create', { body: 'title', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
  });

  it('422 invalid input, with the fields named', async () => {
    const res = await h.admin('tasks.create', { title: '', extra: true });
    expect(res.statusCode).toBe(422);
    expect(errorOf(res).code).toBe('validation_failed');
    expect(errorOf(res)).toEqual({
      code: 'validation_failed',
      message: 'Title is required; Unknown field "extra": leave it out or check its spelling',
      details: {
        fields: [
          { path: 'title', message: 'Title is required' },
          { path: 'extra', message: 'Unknown field "extra": leave it out or check its spelling' },
        ],
      },
    });
    expect(h.core.tasks.list({}).items).toEqual([]);
  });

  it('401 without a token or with a wrong one', async () => {
    const none = await rpc('settings.get', { body: '{}', headers: { authorization: '' } });
    expect(none.statusCode).toBe(401);
    expect(errorOf(none)).toEqual({
      code: 'unauthorized',
      message: 'Missing admin token: send Authorization: Bearer <admin token>',
    });
    const wrong = await rpc('settings.get', {
      body: '{}',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}x` },
    });
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong).message).toBe('Wrong admin token');
    // An API key is not an admin token.
    const apiKey = h.key(['tasks:write']);
    expect(
      (await rpc('settings.get', { body: '{}', headers: { authorization: `Bearer ${apiKey}` } })).statusCode,
    ).toBe(401);
  });

  it("403 when the Host header is not the server's own (DNS rebinding); /api/v1 is not guarded", async () => {
    for (const host of [`evil.example:${PORT}`, '127.0.0.1:9999', `127.0.0.1.nip.io:${PORT}`, 'localhost']) {
      const res = await rpc('settings.get', { body: '{}', headers: { host } });
      expect(res.statusCode, host).toBe(403);
      expect(errorOf(res).message).toBe(
        `Host "${host}" is not this server's own address; open dVersum through 127.0.0.1 or localhost, or add the name to DVERSUM_ADMIN_HOSTS (DNS rebinding protection)`,
      );
    }
    for (const host of [`127.0.0.1:${PORT}`, `localhost:${PORT}`, `LOCALHOST:${PORT}`, `[::1]:${PORT}`]) {
      expect((await rpc('settings.get', { body: '{}', headers: { host } })).statusCode, host).toBe(200);
    }
    const key = h.key(['tasks:read']);
    const api = await h.call(key, {
      method: 'GET',
      url: '/api/v1/tasks',
      headers: { host: 'dversum.example.net' },
    });
    expect(api.statusCode).toBe(200);
  });

  it('accepts the names the owner adds (DVERSUM_ADMIN_HOSTS), with the port', async () => {
    const { adminHostsFromEnv } = await import('../../../../main/headless/serve.js');
    expect(adminHostsFromEnv({ DVERSUM_ADMIN_HOSTS: ' NAS.example , dversum.home,' })).toEqual([
      'nas.example',
      'dversum.home',
    ]);
    const extra = await createHarness({
      adminHosts: adminHostsFromEnv({ DVERSUM_ADMIN_HOSTS: 'nas.example' }),
    });
    try {
      const ask = (host: string) => extra.admin('settings.get', {}, { host });
      expect((await ask(`nas.example:${PORT}`)).statusCode).toBe(200);
      expect((await ask(`NAS.EXAMPLE:${PORT}`)).statusCode).toBe(200);
      expect((await ask(`nas.example:1`)).statusCode).toBe(403);
      expect((await ask(`other.example:${PORT}`)).statusCode).toBe(403);
    } finally {
      await extra.close();
    }
  });

  it('404 for an unknown operation', async () => {
    const res = await h.admin('tasks.explode', {});
    expect(res.statusCode).toBe(404);
    expect(errorOf(res)).toEqual({ code: 'not_found', message: 'Unknown operation tasks.explode' });
    const unknownId = await h.admin('tasks.get', { id: 'tsk_00000000000000000000000000' });
    expect(unknownId.statusCode).toBe(404);
  });

  it('is not served without an admin token', async () => {
    const { buildServer } = await import('../../../../main/core/server/app.js');
    const app = buildServer(h.core, {});
    const res = await app.inject({
      method: 'POST',
      url: '/admin/rpc/settings.get',
      headers: { host: `127.0.0.1:${PORT}`, authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.statusCode).toBe(404);
    await app.close();
  });

  it('log.export makes a one-time link that streams the file', async () => {
    const made = await h.admin('log.export', { format: 'csv' });
    expect(made.statusCode).toBe(200);
    // A path (no longer an absolute URL): the browser resolves it against the address it opened the window at.
    const link = made.json().url as string;
    expect(link).toMatch(/^\/admin\/export\/[\w-]{32}$/);
    const download = await h.app.inject({
      method: 'GET',
      url: link,
      headers: { host: `127.0.0.1:${PORT}` },
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="dversum-deliveries-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    // The same name the desktop's save dialog offers, and the export's own content type.
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="${exportFileName('csv', h.core.clock.now())}"`,
    );
    expect(download.headers['content-type']).toBe(EXPORT_CONTENT_TYPES.csv);
    expect(download.body.split('\r\n')[0]).toContain('eventType');
    const again = await h.app.inject({
      method: 'GET',
      url: link,
      headers: { host: `127.0.0.1:${PORT}` },
    });
    expect(again.statusCode).toBe(404);
    expect(errorOf(again).message).toBe('This export link is unknown, expired or already used');

    const exportLink = async () => (await h.admin('log.export', { format: 'ndjson' })).json().url as string;
    const expired = await exportLink();
    h.clock.advance(10 * 60_000);
    expect(
      (await h.app.inject({ method: 'GET', url: expired, headers: { host: `127.0.0.1:${PORT}` } }))
        .statusCode,
    ).toBe(404);
    const rebound = await exportLink();
    expect(
      (
        await h.app.inject({
          method: 'GET',
          url: rebound,
          headers: { host: `evil.example:${PORT}` },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('once listening, the Host check expects the bound port (port 0 picks a free one)', async () => {
    const { buildServer } = await import('../../../../main/core/server/app.js');
    const { createHandlers } = await import('../../../../main/core/handlers/index.js');
    const host = { mode: 'headless' as const, serverUrl: () => '', exportLog: async () => ({}) };
    const app = buildServer(h.core, {
      handlers: createHandlers(h.core, host),
      adminToken: ADMIN_TOKEN,
      port: PORT,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = app.server.address() as { port: number };
      // node:http, since fetch does not let a caller choose the Host header.
      const ask = (hostHeader: string) =>
        new Promise<{ status: number }>((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: '/admin/rpc/settings.get',
              headers: { host: hostHeader, authorization: `Bearer ${ADMIN_TOKEN}` },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
            },
          );
          req.on('error', reject);
          req.end();
        });
      expect((await ask(`127.0.0.1:${port}`)).status).toBe(200);
      expect((await ask(`localhost:${port}`)).status).toBe(200);
      expect((await ask(`127.0.0.1:${PORT}`)).status).toBe(403);
      expect((await ask(`rebound.example:${port}`)).status).toBe(403);
    } finally {
      await app.close();
    }
  });
});
