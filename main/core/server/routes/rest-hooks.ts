/**
 * REST hooks: an automation platform (an n8n or Zapier trigger) subscribes
 * and unsubscribes itself with an API key that has `webhooks:manage`.
 *
 * - A key sees and deletes only the subscriptions it made; the owner's own
 *   webhooks (and their secrets) stay out of reach.
 * - The target must be a public HTTPS URL or the caller's own address, so a
 *   key cannot aim deliveries at other machines on the owner's network; never
 *   dVersum's own port, and no own address for a request with proxy headers
 *   that a trusted proxy did not set (`url-policy.ts`).
 * - A subscription carries only the events whose read permission the key holds
 *   (403 naming what is missing); the fan-out checks again, as permissions change.
 * - At most `maxSubscriptionsPerKey` per key (409), so one key cannot turn each
 *   event into thousands of requests.
 * - Subscribing the same URL, events and filter twice returns the existing
 *   subscription (200) instead of creating another (201).
 * - A `filter` (`contract/webhook-filter.ts`) keeps events that do not match from
 *   making deliveries (an n8n or Zapier trigger's "only invoices over €1,000");
 *   an unknown operator, a path the events lack or more than 20 conditions is a 422.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  EVENT_READ_PERMISSION,
  EVENT_TYPES,
  mayReceiveEvent,
  PERMISSION_IDS,
  webhook,
  webhookCreate,
  type EventType,
} from '../../../../contract/index.js';
import type { ApiKeyRecord } from '../../access/api-keys.js';
import { displayIp } from '../../access/ip-whitelist.js';
import { checkRestHookUrl, type RestHookCaller } from '../../dispatcher/url-policy.js';
import { AppError, notFound } from '../../errors.js';
import type { Core } from '../../services.js';
import { requestApiKey } from '../api-access.js';
import { BODY, BY_ID, errorResponses, KEYED, noContent } from '../api-responses.js';

const PERMISSION = 'webhooks:manage' as const;
const security = [{ bearerAuth: [] }];

const subscribeBody = webhookCreate
  .extend({ name: webhookCreate.shape.name.optional().describe('Defaults to "REST hook: <host>"') })
  .meta({
    examples: [
      {
        name: 'n8n: invoices over €1,000',
        url: 'https://n8n.example.com/webhook/dversum-invoices',
        events: ['invoice.paid'],
        filter: { 'data.total': { $gte: 100000 } },
      },
    ],
  });
const idParams = z.object({ id: z.string().max(100).describe('The subscription (webhook) id, whk_…') });

function callerKey(request: FastifyRequest): ApiKeyRecord {
  const key = requestApiKey(request);
  if (!key)
    throw new AppError('unauthorized', 'Missing API key: send the header Authorization: Bearer ik_live_…');
  return key;
}

const callerKeyId = (request: FastifyRequest): string => callerKey(request).id;

/** 403 unless the key holds the read permission of every event asked for (`*` is every event). */
function assertMayReceive(events: string[], granted: readonly string[]): void {
  const wanted = events.includes('*') ? EVENT_TYPES : (events as EventType[]);
  const refused = wanted.filter((type) => !mayReceiveEvent(granted, type));
  if (refused.length === 0) return;
  const needed = new Set(refused.map((type) => EVENT_READ_PERMISSION[type]));
  const missing = PERMISSION_IDS.filter((p) => needed.has(p));
  const what = events.includes('*') ? 'every event ("*")' : refused.join(', ');
  const one = missing.length === 1;
  throw new AppError(
    'forbidden',
    `This key may not receive ${what}: it needs the permission${one ? '' : 's'} ${missing.join(', ')}. ` +
      `Add ${one ? 'it' : 'them'} to the key in Settings > Integrations, or subscribe to fewer events`,
    { missingPermissions: missing },
  );
}

const PROXY_HEADERS = [
  ['x-forwarded-for', 'X-Forwarded-For'],
  ['forwarded', 'Forwarded'],
  ['cf-connecting-ip', 'CF-Connecting-IP'],
] as const;

/** What the REST-hook routes use of the core. */
export type RestHookServices = Pick<Core, 'webhooks' | 'settings'>;

export interface RestHookOptions {
  core: RestHookServices;
  /** The server's proxy trust: X-Forwarded-For from these peers names the client (`request.ip`). */
  isTrustedProxy: (address: string) => boolean;
  /** The port given to buildServer (inject in tests); the bound port and settings.server.port count too. */
  port?: number;
}

export async function restHookRoutes(fastify: FastifyInstance, options: RestHookOptions): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { core } = options;
  const { webhooks } = core;

  /** The caller as the URL rule sees it. */
  const caller = (request: FastifyRequest): RestHookCaller => {
    const bound = fastify.server.address();
    const ownPorts = [
      options.port,
      core.settings.get().server.port,
      typeof bound === 'object' && bound !== null ? bound.port : undefined,
      request.socket.localPort,
    ].filter((port): port is number => typeof port === 'number' && port > 0);
    const present = PROXY_HEADERS.filter(([name]) => request.headers[name] !== undefined);
    const peer = request.socket.remoteAddress ?? '';
    // Only X-Forwarded-For from a trusted proxy gives the client's address (request.ip); anything else hides it.
    const confirmed =
      present.length === 0 ||
      (options.isTrustedProxy(peer) && request.headers['x-forwarded-for'] !== undefined);
    return {
      ip: displayIp(request.ip),
      ownPorts,
      ...(confirmed ? {} : { unconfirmedProxyHeader: present[0][1] }),
    };
  };

  const ownWebhook = (request: FastifyRequest, id: string) => {
    const keyId = callerKeyId(request);
    const found = webhooks.listForKey(keyId).find((w) => w.id === id);
    if (!found) throw notFound('webhook subscription', id);
    return found;
  };

  app.get(
    '/api/v1/webhooks',
    {
      config: { permission: PERMISSION },
      schema: {
        tags: ['REST hooks'],
        summary: 'List the subscriptions this key made',
        description: `Needs the permission \`${PERMISSION}\`.`,
        security,
        response: {
          200: z.object({ items: z.array(webhook) }).describe("This key's subscriptions"),
          ...errorResponses(KEYED),
        },
      },
    },
    async (request) => ({ items: webhooks.listForKey(callerKeyId(request)) }),
  );

  app.get(
    '/api/v1/webhooks/:id',
    {
      config: { permission: PERMISSION },
      schema: {
        tags: ['REST hooks'],
        summary: 'Get a subscription this key made',
        description: `Needs the permission \`${PERMISSION}\`.`,
        security,
        params: idParams,
        response: { 200: webhook.describe('The subscription'), ...errorResponses([...KEYED, ...BY_ID]) },
      },
    },
    async (request) => ownWebhook(request, request.params.id),
  );

  app.post(
    '/api/v1/webhooks',
    {
      config: { permission: PERMISSION },
      schema: {
        tags: ['REST hooks'],
        summary: 'Subscribe a URL to events',
        description:
          `Needs the permission \`${PERMISSION}\`, and the read permission of each event (tasks:read for task.*, …; ` +
          "every one for `*`). The URL must be public HTTPS, or on the caller's own address but not dVersum's port. " +
          'At most `maxSubscriptionsPerKey` (by default 25) subscriptions per key. ' +
          'Deliveries are signed (Standard Webhooks) with the returned `secret`. ' +
          'The same URL, events and filter again return the existing subscription with 200. ' +
          'An optional `filter` keeps events whose payload does not match from making deliveries ' +
          '(`{"data.status": {"$eq": "paid"}, "data.total": {"$gte": 100000}}`; see the schema).',
        security,
        body: subscribeBody,
        response: {
          200: webhook.describe(
            'This key already has this URL subscribed to these events: that subscription',
          ),
          201: webhook.describe('The new subscription, with its signing `secret`'),
          ...errorResponses([...KEYED, ...BODY, 409, 422], {
            409: 'This key already holds the most subscriptions one key may have (the setting maxSubscriptionsPerKey, 25 by default): delete one first',
            422: "Invalid fields (each named in `details.fields`), a URL that is neither public HTTPS nor on the caller's own address (never dVersum's own port), or a filter with an unknown operator, a path the events lack or more than 20 conditions",
          }),
        },
      },
    },
    async (request, reply) => {
      const key = callerKey(request);
      const keyId = key.id;
      assertMayReceive(request.body.events, key.permissions);
      const url = checkRestHookUrl(request.body.url, caller(request)).toString();
      const existing = webhooks.findSubscription(url, request.body.events, keyId, request.body.filter);
      if (existing) return reply.code(200).send(existing);
      const limit = core.settings.get().maxSubscriptionsPerKey;
      if (webhooks.countForKey(keyId) >= limit) {
        throw new AppError(
          'conflict',
          `This API key already has ${limit} subscription${limit === 1 ? '' : 's'}, the most one key may hold ` +
            '(the setting maxSubscriptionsPerKey): delete one with DELETE /api/v1/webhooks/{id} first',
        );
      }
      const name = request.body.name ?? `REST hook: ${new URL(url).host}`;
      const created = webhooks.create(
        { ...request.body, name, url },
        { source: 'api', createdByKeyId: keyId, urlChecked: true },
      );
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/v1/webhooks/:id',
    {
      config: { permission: PERMISSION },
      schema: {
        tags: ['REST hooks'],
        summary: 'Unsubscribe',
        description: `Needs the permission \`${PERMISSION}\`. Answers 204 with no body.`,
        security,
        params: idParams,
        response: {
          204: noContent('Unsubscribed: no body'),
          ...errorResponses([...KEYED, ...BODY, ...BY_ID]),
        },
      },
    },
    async (request, reply) => {
      webhooks.delete(ownWebhook(request, request.params.id).id);
      return reply.code(204).send(undefined as never);
    },
  );
}
