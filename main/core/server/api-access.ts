/**
 * The gate in front of every route that declares `config.permission`: the
 * API key (401), its IP whitelist (403), the rate limits (429), the
 * permission (403; `null` takes any valid key), in that order. A call from
 * outside the whitelist does not use up the owner's quota. Every call under
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
import type { RateDecision } from '../access/rate-limiter.js';
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

function isLogged(request: FastifyRequest): boolean {
  const path = pathOf(request.url);
  return path.startsWith(LOGGED_PREFIX) && !UNLOGGED.has(path);
}

function rateHeaders(decision: RateDecision): Record<string, string> {
  if (decision.window === 'none') return {};
  const headers: Record<string, string> = {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
  };
  if (decision.retryAfterSeconds !== undefined) headers['retry-after'] = String(decision.retryAfterSeconds);
  return headers;
}

function rateRefusal(decision: RateDecision): AppError {
  const message =
    decision.window === 'minute'
      ? `Rate limit exceeded: at most ${decision.limit} requests per minute for this API key; retry in ${decision.retryAfterSeconds} s`
      : `Rate limit exceeded: at most ${decision.limit} API calls in 24 hours in all; retry in ${decision.retryAfterSeconds} s`;
  return new AppError(
    'rate_limited',
    message,
    { window: decision.window, limit: decision.limit },
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

  const decision = core.rateLimiter.take(key.id);
  if (!decision.allowed) throw rateRefusal(decision);
  reply.headers(rateHeaders(decision));

  if (permission !== null && !hasPermission(key.permissions, permission)) {
    throw new AppError('forbidden', `This key may not ${permissionLabel(permission)} (${permission})`);
  }
  core.keys.markUsed(key, displayIp(request.ip));
  state.key = key;
}

export function registerApiAccess(app: FastifyInstance, core: ApiAccessServices): void {
  app.decorateRequest('apiCall', null);
  app.addHook('onRequest', async (request, reply) => {
    const state: ApiCall = { at: core.clock.now() };
    request.apiCall = state;
    const permission = request.routeOptions.config?.permission;
    if (permission === undefined) return;
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
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!isLogged(request)) return;
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
  });
}
