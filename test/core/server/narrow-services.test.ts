/**
 * The key gate, the Idempotency-Key hook and the REST-hook routes each take
 * only the services they use (their `…Services` / `IdempotencyClaims` types),
 * not the whole `Core`: here each runs on a bare Fastify instance given just
 * those, and answers as it does inside buildServer.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../support/core.js';
import { ManualClock } from '../../../main/core/clock.js';
import type { Core } from '../../../main/core/core.js';
import { registerApiAccess, type ApiAccessServices } from '../../../main/core/server/api-access.js';
import type { IdempotencyClaims } from '../../../main/core/handlers/idempotency.js';
import { registerIdempotency } from '../../../main/core/server/idempotency.js';
import { restHookRoutes, type RestHookServices } from '../../../main/core/server/routes/rest-hooks.js';

let core: Core;
let app: FastifyInstance;

beforeEach(async () => {
  core = openCore({ clock: new ManualClock(Date.now()) }).core;
  const gate: ApiAccessServices = {
    clock: core.clock,
    keys: core.keys,
    rateLimiter: core.rateLimiter,
    incomingLog: core.incomingLog,
  };
  const answers: IdempotencyClaims = core.idempotency;
  const hooks: RestHookServices = { webhooks: core.webhooks, settings: core.settings };
  app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerApiAccess(app, gate);
  registerIdempotency(app, answers);
  await app.register(restHookRoutes, { core: hooks, isTrustedProxy: () => false });
  await app.ready();
});

afterEach(async () => {
  await app.close();
  await core.close();
});

describe('server modules on the narrow services they declare', () => {
  it('subscribes through the REST hooks behind the key gate (201), and the gate logs the call', async () => {
    const { key, id } = core.keys.create({ name: 'zapier', permissions: ['webhooks:manage', 'tasks:read'] });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      remoteAddress: '203.0.113.7',
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'sub-1' },
      payload: { url: 'https://hooks.zapier.com/hooks/catch/123/abc', events: ['task.created'] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ source: 'api', enabled: true, events: ['task.created'] });
    expect(core.webhooks.listForKey(id)).toHaveLength(1);
    expect(core.incomingLog.list({}).items).toMatchObject([
      { method: 'POST', path: '/api/v1/webhooks', keyId: id, status: 201 },
    ]);
  });
});
