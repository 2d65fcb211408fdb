/**
 * The gate in front of every route that declares `config.permission`: the
 * API key (401), its IP whitelist (403), the rate limits (429), the
 * permission (403; `null` takes any valid key), in that order. What each
 * refusal costs (`access/rate-limiter.ts`): a call without a valid key (401)
 * or from outside the key's whitelist (403) counts nowhere, so neither a
 * stranger nor a leaked key used elsewhere can spend the owner's limits; a
 * call refused for its permission (403) counts in its key's per-minute window
 * only, which protects the server, never in the daily budget all keys share;
 * only an allowed call spends the daily limits (a later 404 or 422 from the
 * route included: the gate let it in and the route did the work). A path no
 * route serves is a 404 before any gate and counts nowhere. Every call under
 * /api/v1 is then written to the incoming log, accepted or rejected, with the
 * reason; calls refused without a valid key are logged one by one only up to
 * a rate per address, then counted (`access/refused-calls.ts`), so strangers
 * cannot fill the disk.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { permissionLabel, type Permission } from '../../../contract/index.js';
import { keyRefusal, type ApiKeyRecord } from '../access/api-keys.js';
import { displayIp, ipMatchesAny } from '../access/ip-whitelist.js';
import { hasPermission } from '../access/permissions.js';
import type { LimitName, RateDecision } from '../access/rate-limiter.js';
import { AppError } from '../errors.js';
import type { Core } from '../services.js';
import { bearerToken } from './bearer.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The permission an API key needs for this route; `null`: any valid key
     * (`GET /api/v1/me`, `GET /api/v1/event-types`), still with its IP
     * whitelist and rate limits; absent: no key at all.
     */
    permission?: Permission | null;
    /** POST routes that honour `Idempotency-Key`. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /** This call as the key gate saw it; set by its onRequest hook, null before. */
    apiCall: ApiCall | null;
  }
}

export interface ApiCall {
  at: number;
  key?: ApiKeyRecord;
  /** The id of a key that was presented but refused (revoked, disabled). */
  keyId?: string;
  /** A valid key was presented (even if the call was then refused: IP, rate limit, permission). */
  validKey?: boolean;
  rejection?: { code: string; message: string };
}

/** The key that authorised this request (for routes such as the REST hooks). */
export const requestApiKey = (request: FastifyRequest): ApiKeyRecord | undefined => request.apiCall?.key;

/** Notes why a request was refused, for the incoming log (called by the error handler). */
export function noteRejection(request: FastifyRequest, error: AppError): void {
  const state = request.apiCall;
  if (state) state.rejection = { code: error.code, message: error.message };
}

/** What the gate uses of the core. */
export type ApiAccessServices = Pick<Core, 'clock' | 'keys' | 'rateLimiter' | 'incomingLog'>;

const LOGGED_PREFIX = '/api/v1/';
const UNLOGGED = new Set(['/api/v1/openapi.json']);

const pathOf = (url: string): string => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};

/** A call the incoming log records: under /api/v1, the OpenAPI document aside. */
export function isLogged(request: FastifyRequest): boolean {
  const path = pathOf(request.url);
  return path.startsWith(LOGGED_PREFIX) && !UNLOGGED.has(path);
}

/** `RateLimit-*` for the window closest to refusing (on a 429: the one that refused), and `Retry-After`. */
function rateHeaders(decision: RateDecision): Record<string, string> {
  if (decision.window === null) return {};
  const headers: Record<string, string> = {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
  };
  if (decision.retryAfterSeconds !== undefined) headers['retry-after'] = String(decision.retryAfterSeconds);
  return headers;
}

const calls = (n: number): string => `${n.toLocaleString('en-US')} call${n === 1 ? '' : 's'}`;

/** `30 s`, `5 min`, `23 h`, `2 h 5 min`: when to try again, in words a person reads at a glance. */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} min`;
  let hours = Math.floor(seconds / 3600);
  let minutes = Math.ceil((seconds % 3600) / 60);
  if (minutes === 60) {
    hours++;
    minutes = 0;
  }
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

const LIMIT_SAID: Record<LimitName, (max: number) => string> = {
  perMinute: (max) => `This key made ${calls(max)} in the last minute (the limit per key)`,
  perKeyPerDay: (max) => `This key used its ${calls(max)} for the last 24 hours (the limit per key per day)`,
  perDay: (max) => `All keys together used the ${calls(max)} for the last 24 hours (the limit for all keys)`,
};

function rateRefusal(decision: RateDecision & { window: LimitName }): AppError {
  const wait = decision.retryAfterSeconds ?? decision.resetSeconds;
  return new AppError(
    'rate_limited',
    `${LIMIT_SAID[decision.window](decision.limit)}. Try again in ${waitInWords(wait)}.`,
    { limit: decision.window, max: decision.limit, retryAfterSeconds: wait },
    rateHeaders(decision),
  );
}

function authorise(
  core: ApiAccessServices,
  request: FastifyRequest,
  reply: FastifyReply,
  permission: Permission | null,
  state: ApiCall,
) {
  const raw = bearerToken(request.headers.authorization, 'ik_live_…');
  if (raw === undefined) {
    throw new AppError('unauthorized', 'Missing API key: send the header Authorization: Bearer ik_live_…');
  }
  const check = core.keys.check(raw);
  if (!check.ok) {
    if (check.reason !== 'unknown') state.keyId = check.key.id;
    throw keyRefusal(check);
  }
  const key = check.key;
  state.keyId = key.id;
  state.validKey = true;

  if (key.ipRanges.length > 0 && !ipMatchesAny(request.ip, key.ipRanges)) {
    throw new AppError(
      'forbidden',
      `IP address ${displayIp(request.ip)} is not on this API key's IP whitelist`,
    );
  }

  // Only an allowed call spends the daily limits all keys share.
  const allowed = permission === null || hasPermission(key.permissions, permission);
  const decision = core.rateLimiter.take(key.id, allowed);
  if (!decision.allowed && decision.window !== null)
    throw rateRefusal({ ...decision, window: decision.window });
  reply.headers(rateHeaders(decision));

  if (permission !== null && !hasPermission(key.permissions, permission)) {
    throw new AppError('forbidden', `This key may not ${permissionLabel(permission)} (${permission})`);
  }
  core.keys.markUsed(key, displayIp(request.ip));
  state.key = key;
}

function gate(
  core: ApiAccessServices,
  request: FastifyRequest,
  reply: FastifyReply,
  permission: Permission | null,
): void {
  const state = request.apiCall ?? { at: core.clock.now() };
  request.apiCall = state;
  try {
    authorise(core, request, reply, permission, state);
  } catch (err) {
    // RFC 9110: a 401 names the scheme it wants.
    if (err instanceof AppError && err.status === 401) {
      throw new AppError(err.code, err.message, err.details, {
        'www-authenticate': 'Bearer realm="dVersum API"',
      });
    }
    throw err;
  }
}

/** The gate taking any valid key, for a call no route matched on a keyed path (the 405, method-not-allowed.ts). */
export const anyKeyGate =
  (core: ApiAccessServices) =>
  (request: FastifyRequest, reply: FastifyReply): void =>
    gate(core, request, reply, null);

export function registerApiAccess(app: FastifyInstance, core: ApiAccessServices): void {
  app.decorateRequest('apiCall', null);
  app.addHook('onRequest', (request, reply, done) => {
    request.apiCall = { at: core.clock.now() };
    const permission = request.routeOptions.config?.permission;
    if (permission !== undefined) gate(core, request, reply, permission);
    done();
  });

  app.addHook('onResponse', (request, reply, done) => {
    if (isLogged(request)) logCall(core, request, reply);
    done();
  });
}

/** Queues the call's line in the incoming log (written with this turn's commit). */
function logCall(core: ApiAccessServices, request: FastifyRequest, reply: FastifyReply): void {
  const state = request.apiCall;
  const failed = reply.statusCode >= 400;
  const entry = {
    at: state?.at ?? core.clock.now(),
    method: request.method,
    path: pathOf(request.url),
    keyId: state?.key?.id ?? state?.keyId ?? null,
    ip: displayIp(request.ip),
    status: reply.statusCode,
    errorCode: failed ? (state?.rejection?.code ?? 'error') : null,
    reason: failed ? (state?.rejection?.message ?? null) : null,
    durationMs: reply.elapsedTime,
  };
  if (failed && !state?.validKey) core.incomingLog.enqueueRefused(entry);
  else core.incomingLog.enqueue(entry);
}
