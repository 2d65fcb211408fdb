/**
 * `Idempotency-Key` on POST, as Stripe does it: the same key with the same
 * request within 24 h answers with the first response and creates nothing;
 * the same key with another body (or on another endpoint) is a 422. Keys are
 * scoped to the API key that sent them.
 *
 * The request commits once: the answer is written in the same savepoint as
 * the change it guards (`commitIdempotent`, through the group commit), so a
 * crash keeps both or neither: the retry gets the first answer or a fresh
 * create, never a 409. Before it, the key is only read (no transaction):
 * while the first request runs, its key is reserved in memory (a second
 * request with it in this process gets a 409). A row past the 24 h, or a
 * reservation row an earlier version committed before its create (status 0,
 * left by a process that died mid-request), counts as no row: the answer
 * replaces it (an upsert), and expired rows are dropped in the same savepoint.
 * Only a success is kept: a refused request created nothing, so the caller
 * may fix it and send it again under the same key. The rows are the
 * `idempotency_keys` repository's (`store/repositories/idempotency-keys.ts`).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { IdempotencyKeysTable, IdempotencyRow } from '../store/repositories/idempotency-keys.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { requestApiKey } from './api-access.js';

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60_000;
const HEADER = 'idempotency-key';
/** The status of a reservation row older versions committed before the change. */
const ABANDONED = 0;
/** 1 to 255 visible ASCII characters; the OpenAPI document states the same (openapi-rules.ts). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** What the Idempotency-Key store uses of the core. */
export interface IdempotencyStore {
  idempotencyKeys: IdempotencyKeysTable;
  work: Pick<UnitOfWork, 'commitWithOthers' | 'transaction'>;
  clock: Clock;
}

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
    idempotency: Reservation | null;
  }
}

export interface Reservation {
  scope: string;
  key: string;
  requestHash: string;
  createdAt: number;
  /** The answer is in the database (or on its way there, in a group commit). */
  saved: boolean;
  committing: boolean;
  release(): void;
}

const differentRequest = (key: string) =>
  new AppError(
    'validation_failed',
    `Idempotency-Key "${key}" was already used with a different request; use a new key for a new request`,
    { fields: [{ path: 'Idempotency-Key', message: 'already used with a different request' }] },
  );

/**
 * Runs `change` in this event-loop turn's group commit (`commitWithOthers`).
 * Under an Idempotency-Key, the answer (`status` and the body as the route
 * serialises it) is written in the same savepoint: if either fails, neither is kept.
 */
export function commitIdempotent<T>(
  core: Pick<IdempotencyStore, 'idempotencyKeys' | 'work'>,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  change: () => T,
): Promise<T> {
  const reservation = request.idempotency;
  if (!reservation) return core.work.commitWithOthers(change);
  reservation.committing = true;
  return core.work
    .commitWithOthers(() => {
      const result = change();
      const response = reply.code(status).serialize(result);
      const text =
        typeof response === 'string' ? response : Buffer.from(response as ArrayBuffer).toString('utf8');
      saveAnswer(core.idempotencyKeys, reservation, status, text);
      reservation.saved = true;
      return result;
    })
    .finally(() => reservation.release());
}

/** Writes the answer over any row the lookup did not count, and drops the keys past the window. */
function saveAnswer(
  table: IdempotencyKeysTable,
  reservation: Reservation,
  status: number,
  response: string,
): void {
  table.forgetBefore(reservation.createdAt - IDEMPOTENCY_WINDOW_MS);
  table.save({
    scope: reservation.scope,
    key: reservation.key,
    requestHash: reservation.requestHash,
    status,
    response,
    createdAt: reservation.createdAt,
  });
}

/** The stored answer that still counts: none past the window, nor a reservation an older version left. */
function liveAnswer(row: IdempotencyRow | undefined, now: number): IdempotencyRow | undefined {
  if (!row || row.status === ABANDONED || row.createdAt < now - IDEMPOTENCY_WINDOW_MS) return undefined;
  return row;
}

export function registerIdempotency(app: FastifyInstance, core: IdempotencyStore): void {
  const { idempotencyKeys, clock } = core;
  /** Keys whose first request is running in this process (`scope \n key`). */
  const inFlight = new Map<string, Reservation>();
  app.decorateRequest('idempotency', null);

  // After authentication and body parsing, before validation: a replay answers even
  // a body that would no longer validate the same way.
  app.addHook('preValidation', async (request, reply) => {
    if (request.method !== 'POST' || !request.routeOptions.config?.idempotent) return;
    const header = request.headers[HEADER];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new AppError('bad_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    const scope = requestApiKey(request)?.id ?? 'anonymous';
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.routeOptions.url}\n${canonicalJson(request.body ?? null)}`)
      .digest('hex');
    const id = `${scope}\n${key}`;

    const running = inFlight.get(id);
    if (running) {
      if (running.requestHash !== requestHash) throw differentRequest(key);
      throw new AppError(
        'conflict',
        `A request with Idempotency-Key "${key}" is still being processed; retry shortly`,
      );
    }

    const now = clock.now();
    const replay = liveAnswer(idempotencyKeys.find(scope, key), now);
    if (replay && replay.requestHash !== requestHash) throw differentRequest(key);

    if (replay) {
      return reply
        .code(replay.status)
        .header('idempotent-replayed', 'true')
        .type('application/json; charset=utf-8')
        .send(replay.response);
    }
    const reservation: Reservation = {
      scope,
      key,
      requestHash,
      createdAt: now,
      saved: false,
      committing: false,
      // Only its own entry: a later request may hold the key by now.
      release: () => {
        if (inFlight.get(id) === reservation) inFlight.delete(id);
      },
    };
    inFlight.set(id, reservation);
    request.idempotency = reservation;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const reservation = request.idempotency;
    if (!reservation) return payload;
    request.idempotency = null;
    // A route that does not save its answer with its change (commitIdempotent) saves it now.
    if (
      !reservation.saved &&
      reply.statusCode >= 200 &&
      reply.statusCode < 300 &&
      typeof payload === 'string'
    ) {
      const status = reply.statusCode;
      core.work.transaction(() => saveAnswer(idempotencyKeys, reservation, status, payload));
    }
    reservation.release();
    return payload;
  });

  // A request that ended without a response (aborted, failed serialising) frees its key,
  // unless its change is queued in a group commit, which frees it once committed.
  const release = async (request: FastifyRequest) => {
    const reservation = request.idempotency;
    if (!reservation) return;
    request.idempotency = null;
    if (!reservation.committing) reservation.release();
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}
