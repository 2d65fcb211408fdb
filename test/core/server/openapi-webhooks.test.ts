/**
 * The `webhooks` section's signing (main/core/server/openapi-webhooks.ts)
 * against real deliveries: each entry needs no key (`security: []`), declares
 * the three Standard Webhooks headers, and what a loopback receiver gets,
 * during a secret's rotation too, matches the declared formats and verifies
 * as the description says (HMAC-SHA256 over `id.timestamp.body`).
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../contract/index.js';
import { openHarness, type Harness as CoreHarness } from '../../support/core.js';
import { Receiver } from '../../support/receiver.js';
import { createHarness, type Harness } from '../../support/server.js';
import { schemaValidator, type OpenApiDocument } from './openapi-schema.js';

interface Header {
  in: string;
  name: string;
  required: boolean;
  schema: Record<string, unknown>;
}
type Doc = OpenApiDocument & {
  webhooks: Record<string, { post: { security: unknown[]; parameters: Header[]; description: string } }>;
};

let h: Harness;
let doc: Doc;
let core: CoreHarness;
let receiver: Receiver;
beforeAll(async () => {
  h = await createHarness();
  doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  receiver = await Receiver.start();
  core = openHarness();
});
afterAll(async () => {
  await core.core.close();
  await receiver.close();
  await h.close();
});

const HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'];

const sign = (secret: string, id: string, timestamp: string, body: string) =>
  `v1,${createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64')}`;

describe('the webhooks section: signed, not keyed', () => {
  it('gives every entry security: [], the three signature headers, and the rotation in words', () => {
    expect(Object.keys(doc.webhooks)).toEqual(EVENT_TYPES);
    for (const [type, { post }] of Object.entries(doc.webhooks)) {
      expect(post.security, type).toEqual([]);
      expect(
        post.parameters.map((p) => [p.in, p.name, p.required]),
        type,
      ).toEqual(HEADERS.map((name) => ['header', name, true]));
      expect(post.description).toContain('Standard Webhooks');
      expect(post.description).toContain('two signatures');
    }
  });

  it('matches what a receiver gets, with both signatures during a rotation, each verifying with its secret', async () => {
    const validatorFor = schemaValidator(doc);
    const params = doc.webhooks['webhook.test'].post.parameters;
    const hook = await core.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    await core.call('webhooks.sendTest', { id: hook.id, eventType: 'webhook.test' });
    await core.core.dispatcher.runDue();
    await receiver.waitFor(1);
    const { secret: rotated } = await core.call('webhooks.rotateSecret', { id: hook.id });
    await core.call('webhooks.sendTest', { id: hook.id, eventType: 'webhook.test' });
    await core.core.dispatcher.runDue();
    await receiver.waitFor(2);

    const [before, during] = receiver.received.slice(-2);
    for (const request of [before, during]) {
      for (const param of params) {
        const value = request.headers[param.name];
        expect(typeof value, param.name).toBe('string');
        expect(validatorFor(param.schema)(value), `${param.name}: ${String(value)}`).toBe(true);
      }
    }
    const signatures = (request: typeof before) => String(request.headers['webhook-signature']).split(' ');
    const signed = (request: typeof before, secret: string) =>
      sign(
        secret,
        String(request.headers['webhook-id']),
        String(request.headers['webhook-timestamp']),
        request.body,
      );
    expect(signatures(before)).toEqual([signed(before, hook.secret)]);
    expect(signatures(during)).toEqual([signed(during, rotated), signed(during, hook.secret)]);
    // A header outside the declared formats is refused by them.
    const signature = params.find((p) => p.name === 'webhook-signature')!;
    expect(validatorFor(signature.schema)('v1,abc')).toBe(false);
    expect(validatorFor(signature.schema)([...signatures(during), signed(during, rotated)].join(' '))).toBe(
      false,
    );
  });
});
