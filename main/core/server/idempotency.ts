/**
 * `Idempotency-Key` on POST, as Stripe does it: the same key with the same
 * request within 24 h answers with the first response and creates nothing;
 * the same key with another body (or on another endpoint) is a 422. Keys are
 * scoped to the API key that sent them.
 *
 * This is the HTTP side only: the header, the request's hash, the replay and
 * the key's release. The answers are the `idempotent` commit policy's
 * (`handlers/policy.ts`, `handlers/idempotency.ts`): a route declares
 * `config.idempotent` where it is registered and runs its change under that
 * policy with `idempotentAnswer(request, reply, status)`, so the answer is
 * written in the same savepoint as the change: a crash keeps both or neither,
 * and the retry gets the first answer or a fresh create, never a 409. Before
 * it, the key is only read (no transaction): while the first request runs,
 * its key is held in memory (a second request with it gets a 409). A route
 * declared idempotent that commits its change another way has its success
 * saved as it is sent (`saveSent`), after its change.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { IdempotencyClaim, IdempotencyClaims } from '../handlers/idempotency.js';
import type { IdempotentAnswer } from '../handlers/policy.js';
import { requestApiKey } from './api-access.js';

const HEADER = 'idempotency-key';
/** 1 to 255 visible ASCII characters; the OpenAPI document states the same (openapi-rules.ts). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

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

declare module 'fastify' {
  interface FastifyRequest {
    /** The Idempotency-Key this request holds while it runs; null without one, or once answered. */
    idempotency: IdempotencyClaim | null;
  }
}

/**
 * What a route declared `idempotent` gives its `idempotent` runner: the request's
 * claim, and its answer (`status`, the body as the route serialises it). `undefined`
 * without an Idempotency-Key: the runner is then a plain `change`.
 */
export function idempotentAnswer<O>(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
): IdempotentAnswer<O> | undefined {
  const claim = request.idempotency;
  if (!claim) return undefined;
  return {
    claim,
    status,
    serialise: (result) => {
      const response = reply.code(status).serialize(result);
      return typeof response === 'string' ? response : Buffer.from(response as ArrayBuffer).toString('utf8');
    },
  };
}

export function registerIdempotency(app: FastifyInstance, answers: IdempotencyClaims): void {
  app.decorateRequest('idempotency', null);

  // After authentication and body parsing, before validation: a replay answers even
  // a body that would no longer validate the same way.
  app.addHook('preValidation', (request, reply, done) => {
    if (request.method !== 'POST' || !request.routeOptions.config?.idempotent) return done();
    const header = request.headers[HEADER];
    if (header === undefined) return done();
    const key = Array.isArray(header) ? header[0] : header;
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new AppError('bad_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    const scope = requestApiKey(request)?.id ?? 'anonymous';
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.routeOptions.url}\n${canonicalJson(request.body ?? null)}`)
      .digest('hex');

    const { replay, claim } = answers.claim(scope, key, requestHash);
    if (replay) {
      // Answered here: the chain stops (no `done`).
      void reply
        .code(replay.status)
        .header('idempotent-replayed', 'true')
        .type('application/json; charset=utf-8')
        .send(replay.response);
      return;
    }
    request.idempotency = claim;
    done();
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const claim = request.idempotency;
    if (!claim) return done(null, payload);
    request.idempotency = null;
    // A route that did not commit its change under the idempotent policy saves its answer now.
    if (!claim.saved && reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string') {
      answers.saveSent(claim, reply.statusCode, payload);
    }
    claim.release();
    done(null, payload);
  });

  // A request that ended without a response (aborted, failed serialising) frees its key,
  // unless its change is queued in a group commit, which frees it once committed.
  const release = (request: FastifyRequest): void => {
    const claim = request.idempotency;
    if (!claim) return;
    request.idempotency = null;
    if (!claim.committing) claim.release();
  };
  app.addHook('onResponse', (request, _reply, done) => {
    release(request);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    release(request);
    done();
  });
}
