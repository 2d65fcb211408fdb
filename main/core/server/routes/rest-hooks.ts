/**
 * REST hooks: an automation platform (an n8n or Zapier trigger) subscribes
 * and unsubscribes itself with an API key that has `webhooks:manage`.
 *
 * - A key sees and deletes only the subscriptions it made; the owner's own
 *   webhooks (and their secrets) stay out of reach.
 * - The target must be a public HTTPS URL or the caller's own address, so a
 *   key cannot aim deliveries at other machines on the owner's network.
 * - Subscribing the same URL and events twice returns the existing
 *   subscription (200) instead of creating another (201).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { webhook, webhookCreate } from '../../../../contract/index.js';
import { displayIp } from '../../access/ip-whitelist.js';
import type { Core } from '../../core.js';
import { checkRestHookUrl } from '../../dispatcher/url-policy.js';
import { AppError, notFound } from '../../errors.js';
import { requestApiKey } from '../api-access.js';
import { BODY, BY_ID, errorResponses, KEYED, noContent } from '../api-responses.js';

const PERMISSION = 'webhooks:manage' as const;
const security = [{ bearerAuth: [] }];

const subscribeBody = webhookCreate
  .extend({ name: webhookCreate.shape.name.optional().describe('Defaults to "REST hook: <host>"') })
  .meta({
    examples: [
      {
        name: 'n8n: new tasks',
        url: 'https://n8n.example.com/webhook/dversum-tasks',
        events: ['task.created'],
      },
    ],
  });
const idParams = z.object({ id: z.string().max(100).describe('The subscription (webhook) id, whk_…') });

function callerKeyId(request: FastifyRequest): string {
  const key = requestApiKey(request);
  if (!key)
    throw new AppError('unauthorized', 'Missing API key: send the header Authorization: Bearer ik_live_…');
  return key.id;
}

export async function restHookRoutes(fastify: FastifyInstance, options: { core: Core }): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { webhooks } = options.core;

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
          `Needs the permission \`${PERMISSION}\`. The URL must be public HTTPS, or on the caller's own address. ` +
          'Deliveries are signed (Standard Webhooks) with the returned `secret`. ' +
          'The same URL and events again return the existing subscription with 200.',
        security,
        body: subscribeBody,
        response: {
          200: webhook.describe(
            'This key already has this URL subscribed to these events: that subscription',
          ),
          201: webhook.describe('The new subscription, with its signing `secret`'),
          ...errorResponses([...KEYED, ...BODY, 422], {
            422: "Invalid fields (each named in `details.fields`), or a URL that is neither public HTTPS nor on the caller's own address",
          }),
        },
      },
    },
    async (request, reply) => {
      const keyId = callerKeyId(request);
      const url = checkRestHookUrl(request.body.url, displayIp(request.ip)).toString();
      const existing = webhooks.findSubscription(url, request.body.events, keyId);
      if (existing) return reply.code(200).send(existing);
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
