import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { FILTER_EXAMPLE } from '../../../../contract/index.js';
import { ManualClock } from '../../../../main/core/clock.js';
import { buildServer } from '../../../../main/core/server/app.js';
import { openHarness, type Harness } from '../../../support/core.js';
import { ALL_READ } from '../../../support/rest-hook-client.js';
import { resolved, type OpenApiDocument } from '../openapi-schema.js';

let h: Harness;
let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
  await h?.core.close();
});

function setup(): string {
  h = openHarness({ clock: new ManualClock(Date.now()) });
  app = buildServer(h.core);
  return h.core.keys.create({ name: 'n8n', permissions: ALL_READ }).key;
}

const subscribe = (key: string, body: unknown) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    remoteAddress: '203.0.113.7',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });

const URL_ = 'https://n8n.example.com/webhook/dversum-invoices';
const overThousand = { 'data.total': { $gte: 100000 } };

describe('POST /api/v1/webhooks with a filter', () => {
  it('stores the filter; the same URL, events and filter is the same subscription, another filter another one', async () => {
    const key = setup();
    const first = await subscribe(key, { url: URL_, events: ['invoice.paid'], filter: overThousand });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ filter: overThousand, filteredOut: 0, source: 'api' });
    const again = await subscribe(key, { url: URL_, events: ['invoice.paid'], filter: overThousand });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const other = await subscribe(key, {
      url: URL_,
      events: ['invoice.paid'],
      filter: { 'data.total': { $gte: 5 } },
    });
    expect(other.statusCode).toBe(201);
    const unfiltered = await subscribe(key, { url: URL_, events: ['invoice.paid'] });
    expect(unfiltered.statusCode).toBe(201);
    expect(unfiltered.json().filter).toBeNull();
    expect(new Set([first, other, unfiltered].map((r) => r.json().id)).size).toBe(3);
  });

  it('422 naming an unknown operator, a path the event lacks, or more than 20 conditions', async () => {
    const key = setup();
    const cases: [unknown, string][] = [
      [
        { 'data.status': { $ne: 'paid' } },
        'Filter: $ne at data.status is not an operator: use $eq, $neq, $in, $nin, $gt, $gte, $lt, $lte, $exists, $and or $or',
      ],
      [
        { 'data.title': { $eq: 'x' } },
        'Filter: data.title is not a field of invoice.paid events: name a field every chosen event has ' +
          '(GET /api/v1/event-types shows their payloads), or choose fewer events',
      ],
      [
        { $or: Array.from({ length: 21 }, (_, i) => ({ 'data.total': { $gte: i } })) },
        'Filter: at most 20 conditions (you entered 21): use $in for several values of one field, or split the rules over two webhooks',
      ],
      [
        ['data.status'],
        'Filter: write it as a JSON object of rules, such as {"data.status": {"$eq": "paid"}}',
      ],
      ['paid', 'Filter: write it as a JSON object of rules, such as {"data.status": {"$eq": "paid"}}'],
    ];
    for (const [filter, message] of cases) {
      const res = await subscribe(key, { url: URL_, events: ['invoice.paid'], filter });
      expect(res.statusCode, JSON.stringify(filter)).toBe(422);
      expect(res.json().error.message).toBe(message);
      expect(res.json().error.details.fields[0].path).toBe('filter');
    }
    expect(h.core.webhooks.list()).toHaveLength(0);
  });

  it('documents the filter in OpenAPI with its example', async () => {
    setup();
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as OpenApiDocument;
    const body = doc.paths['/api/v1/webhooks'].post.requestBody as {
      content: { 'application/json': { schema: unknown; example: { filter: unknown } } };
    };
    const schema = resolved(doc, body.content['application/json'].schema) as {
      properties: Record<string, { description?: string; examples?: unknown[] }>;
    };
    const filter = resolved(doc, schema.properties.filter) as { description: string; examples?: unknown[] };
    expect(filter.description).toContain('Only events whose payload matches these rules make a delivery');
    expect(JSON.stringify(doc)).toContain(JSON.stringify(FILTER_EXAMPLE));
    expect(body.content['application/json'].example.filter).toEqual(overThousand);
  });
});
