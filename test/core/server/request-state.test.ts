/**
 * Per-request state lives on the request (Fastify's decorateRequest), not in
 * module-level WeakMaps: a route the server gains later reads the key that
 * authorised it from `request.apiCall` and its Idempotency-Key from
 * `request.idempotency`, and nothing carries over from one request to the next.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock.js';
import { createCore, type Core } from '../../../main/core/core.js';
import { buildServer } from '../../../main/core/server/app.js';
import { errorOf } from '../../support/server.js';

let core: Core;
let app: FastifyInstance;
let key: { id: string; key: string };

beforeEach(async () => {
  core = createCore({ clock: new ManualClock() });
  app = buildServer(core);
  app.get('/api/v1/probe', { config: { permission: 'clients:read' } }, async (request) => ({
    keyId: request.apiCall?.key?.id ?? null,
    validKey: request.apiCall?.validKey ?? null,
  }));
  app.post(
    '/api/v1/probe',
    { config: { permission: 'clients:write', idempotent: true } },
    async (request) => ({
      idempotencyKey: request.idempotency?.key ?? null,
      scope: request.idempotency?.scope ?? null,
    }),
  );
  await app.ready();
  key = core.keys.create({ name: 'probe', permissions: ['clients:read', 'clients:write'] });
});

afterEach(async () => {
  await app.close();
  await core.close();
});

const auth = () => ({ authorization: `Bearer ${key.key}` });

describe('per-request state as request decorations', () => {
  it('the server declares apiCall and idempotency as request decorations', () => {
    expect(app.hasRequestDecorator('apiCall')).toBe(true);
    expect(app.hasRequestDecorator('idempotency')).toBe(true);
  });

  it('a route reads the key that authorised its call from request.apiCall', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe', headers: auth() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ keyId: key.id, validKey: true });
  });

  it('a refused call never reaches the route, and the next call starts afresh', async () => {
    const refused = await app.inject({ method: 'GET', url: '/api/v1/probe' });
    expect(refused.statusCode).toBe(401);
    expect(errorOf(refused)).toEqual({
      code: 'unauthorized',
      message: 'Missing API key: send the header Authorization: Bearer ik_live_…',
    });
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe', headers: auth() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ keyId: key.id, validKey: true });
  });

  it('a POST under Idempotency-Key sees its reservation on request.idempotency; one without sees none', async () => {
    const held = await app.inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: { ...auth(), 'idempotency-key': 'probe-1' },
      payload: {},
    });
    expect(held.statusCode).toBe(200);
    expect(held.json()).toEqual({ idempotencyKey: 'probe-1', scope: key.id });

    const plain = await app.inject({ method: 'POST', url: '/api/v1/probe', headers: auth(), payload: {} });
    expect(plain.statusCode).toBe(200);
    expect(plain.json()).toEqual({ idempotencyKey: null, scope: null });

    // The answer was saved when it was sent: the same key replays it.
    const replay = await app.inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: { ...auth(), 'idempotency-key': 'probe-1' },
      payload: {},
    });
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual({ idempotencyKey: 'probe-1', scope: key.id });
  });
});
