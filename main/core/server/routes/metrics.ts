/**
 * `GET /metrics`: the core's Prometheus families (metrics/core-metrics.ts) in
 * the text format, and the hook that times every answer for them.
 *
 * Guarded by its own read-only token (access/metrics-token.ts), never the admin
 * token nor an API key. While the owner has not switched it on, it is a 404
 * with the very answer any unknown path gets, token or not: a scanner learns
 * nothing, and nothing is computed. Switched on: no token, another scheme or
 * another token is a 401 naming what to send. A scrape costs a SHA-256 and a
 * few index reads; a refused one only the SHA-256. Not in the OpenAPI document:
 * it is no part of the API and takes no API key.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { METRICS_PATH } from '../../../../contract/index.js';
import { METRICS_TOKEN_PREFIX } from '../../access/metrics-token.js';
import { AppError } from '../../errors.js';
import type { Core } from '../../services.js';
import { isLogged } from '../api-access.js';
import { bearerToken } from '../bearer.js';

const EXPECTED = `${METRICS_TOKEN_PREFIX}…`;
const CHALLENGE = { 'www-authenticate': 'Bearer realm="dVersum metrics"' };
const WHERE = 'Settings > Integrations > Metrics';

function refusal(message: string): AppError {
  return new AppError('unauthorized', message, undefined, CHALLENGE);
}

function tokenOf(request: FastifyRequest): string | undefined {
  try {
    return bearerToken(request.headers.authorization, EXPECTED);
  } catch (err) {
    if (err instanceof AppError) throw refusal(err.message);
    throw err;
  }
}

async function scrape(core: Core, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  core.availability.assertReadable();
  // Off: the header is not even read, so no form of it tells the route exists.
  if (!core.metricsAccess.isOn()) return reply.callNotFound();
  const check = core.metricsAccess.check(tokenOf(request));
  if (check === 'off') return reply.callNotFound();
  if (check === 'missing') {
    throw refusal(`Missing metrics token: send the header Authorization: Bearer ${EXPECTED} (${WHERE})`);
  }
  if (check === 'invalid') {
    throw refusal(
      `Invalid metrics token: /metrics takes only its own token (${WHERE}), never the admin token or an API key`,
    );
  }
  const text = await core.metrics.scrape();
  return reply
    .header('content-type', core.metrics.contentType)
    .header('cache-control', 'no-store')
    .send(text);
}

/**
 * One registration in `buildServer`: the timing hook goes on the root instance
 * at once (so every route, whichever plugin declares it, is timed), the route
 * in a plugin of its own.
 */
export function registerMetrics(app: FastifyInstance, core: Core): void {
  app.addHook('onResponse', (request, reply, done) => {
    core.metrics.observeRequest({
      method: request.method,
      route: request.routeOptions.url,
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
      incoming: isLogged(request),
      rateLimited: reply.statusCode === 429 && request.apiCall?.rejection?.code === 'rate_limited',
    });
    done();
  });
  app.register(async (plugin) => {
    plugin.get(
      METRICS_PATH,
      {
        schema: { hide: true },
        exposeHeadRoute: false,
        // While off, no route of it for the 405 table either (method-not-allowed.ts): POST /metrics is a 404 too.
        config: { serves: () => core.metricsAccess.isOn() },
      },
      (request, reply) => scrape(core, request, reply),
    );
  });
}
