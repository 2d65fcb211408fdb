/**
 * `Idempotency-Key` on POST, as Stripe does it: the same key with the same
 * request within 24 h answers with the first response and creates nothing;
 * the same key with another body (or on another endpoint) is a 422. Keys are
 * scoped to the API key that sent them.
 *
 * A key is reserved before the handler runs (a second request with it while
 * the first is in flight gets a 409) and keeps the response only when it was
 * a success: a refused request created nothing, so the caller may fix it and
 * send it again under the same key.
 */
import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Core } from '../core.js';
import { AppError } from '../errors.js';
import { idempotencyKeys } from '../store/schema.js';
import { requestApiKey } from './api-access.js';

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60_000;
const HEADER = 'idempotency-key';
const IN_FLIGHT = 0;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const reserved = new WeakMap<FastifyRequest, { scope: string; key: string }>();

export function registerIdempotency(app: FastifyInstance, core: Core): void {
  const { db, clock } = core;

  // After authentication and body parsing, before validation: a replay answers even
  // a body that would no longer validate the same way.
  app.addHook('preValidation', async (request, reply) => {
    if (request.method !== 'POST' || !request.routeOptions.config?.idempotent) return;
    const header = request.headers[HEADER];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY_PATTERN.test(key)) {
      throw new AppError('bad_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    const scope = requestApiKey(request)?.id ?? 'anonymous';
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.routeOptions.url}\n${canonicalJson(request.body ?? null)}`)
      .digest('hex');
    const now = clock.now();
    const where = and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key));

    const replay = db.transaction((tx) => {
      tx.delete(idempotencyKeys)
        .where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_WINDOW_MS))
        .run();
      const existing = tx.select().from(idempotencyKeys).where(where).get();
      if (!existing) {
        tx.insert(idempotencyKeys)
          .values({ scope, key, requestHash, status: IN_FLIGHT, response: '', createdAt: now })
          .run();
        return undefined;
      }
      if (existing.requestHash !== requestHash) {
        throw new AppError(
          'validation_failed',
          `Idempotency-Key "${key}" was already used with a different request; use a new key for a new request`,
          { fields: [{ path: 'Idempotency-Key', message: 'already used with a different request' }] },
        );
      }
      if (existing.status === IN_FLIGHT) {
        throw new AppError(
          'conflict',
          `A request with Idempotency-Key "${key}" is still being processed; retry shortly`,
        );
      }
      return existing;
    });

    if (replay) {
      return reply
        .code(replay.status)
        .header('idempotent-replayed', 'true')
        .type('application/json; charset=utf-8')
        .send(replay.response);
    }
    reserved.set(request, { scope, key });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const entry = reserved.get(request);
    if (!entry) return payload;
    reserved.delete(request);
    const where = and(eq(idempotencyKeys.scope, entry.scope), eq(idempotencyKeys.key, entry.key));
    if (reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string') {
      db.update(idempotencyKeys).set({ status: reply.statusCode, response: payload }).where(where).run();
    } else {
      db.delete(idempotencyKeys).where(where).run();
    }
    return payload;
  });

  // A request that ended without a response (aborted, failed serialising) frees its key.
  const release = async (request: FastifyRequest) => {
    const entry = reserved.get(request);
    if (!entry) return;
    reserved.delete(request);
    db.delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, entry.scope), eq(idempotencyKeys.key, entry.key)))
      .run();
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}
