/**
 * `GET /api/v1/me`: the calling key, its rate limits and the server (with the
 * default currency, so an integration knows the minor unit of an amount typed
 * without a currency), what a credential test in n8n or Zapier calls. Any valid key may ask
 * (`permission: null`): it still passes the key gate's IP whitelist and rate
 * limits, and counts like any allowed keyed call (in the key's minute, the
 * key's day and the total), so the limits it reports are those after its own
 * call; it reads them without taking another token.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { apiMe, type ApiMe } from '../../../../contract/index.js';
import type { WindowState } from '../../access/rate-limiter.js';
import { toIso } from '../../clock.js';
import { AppError } from '../../errors.js';
import type { Core } from '../../services.js';
import { requestApiKey } from '../api-access.js';
import { errorResponses, KEYED } from '../api-responses.js';
import { APP_VERSION } from '../app-version.js';

/** What the route uses of the core. */
export type MeServices = Pick<Core, 'rateLimiter' | 'settings'>;

const windowOf = (state: WindowState | null) =>
  state && { limit: state.limit, remaining: state.remaining, resetAt: toIso(state.resetAt) };

export async function meRoutes(fastify: FastifyInstance, options: { core: MeServices }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/me',
    {
      config: { permission: null },
      schema: {
        tags: ['Account'],
        summary: 'The calling key, its rate limits, the server version and the default currency',
        description: 'Any valid key may call it (no permission needed): use it to test a credential.',
        security: [{ bearerAuth: [] }],
        response: {
          200: apiMe.describe('The key, the rate limits after this call, and the server'),
          ...errorResponses(KEYED, { 403: "The caller's address is outside the key's IP whitelist" }),
        },
      },
    },
    async (request): Promise<ApiMe> => {
      const key = requestApiKey(request);
      if (!key) throw new AppError('internal', 'GET /api/v1/me ran without a checked key');
      const limits = options.core.rateLimiter.peek(key.id);
      return {
        key: {
          id: key.id,
          name: key.name,
          prefix: key.prefix,
          permissions: key.permissions,
          ipWhitelist: key.ipWhitelist,
        },
        rateLimit: {
          minute: windowOf(limits.minute),
          keyDay: windowOf(limits.keyDay),
          day: windowOf(limits.day),
        },
        server: {
          name: 'dVersum',
          version: APP_VERSION,
          defaultCurrency: options.core.settings.get().defaultCurrency,
        },
      };
    },
  );
}
