/**
 * /api/docs says money is in minor units: every money field of the OpenAPI
 * document (request bodies, answers, the events' payloads) carries the
 * description and example its zod schema has (contract/resources/line-items.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/server.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

type Schema = { description?: string; examples?: unknown[]; properties?: Record<string, Schema> };
const LINE = ['unitPrice', 'amount'];
const TOTALS = ['subtotal', 'taxTotal', 'total'];

/** Every money property of the document: a line item's (beside `quantity`) and a document's totals (beside `currency`). */
function moneyProperties(node: unknown, path: string, found: [string, Schema][]): [string, Schema][] {
  if (Array.isArray(node)) node.forEach((n, i) => moneyProperties(n, `${path}/${i}`, found));
  else if (node && typeof node === 'object') {
    const { properties } = node as Schema;
    if (properties) {
      const names = properties.quantity ? LINE : properties.currency ? TOTALS : [];
      for (const name of names)
        if (properties[name]) found.push([`${path}/properties/${name}`, properties[name]]);
    }
    for (const [key, value] of Object.entries(node)) moneyProperties(value, `${path}/${key}`, found);
  }
  return found;
}

describe('the OpenAPI document’s money fields', () => {
  it('each says it is in integer minor units of the currency, with an example', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const found = moneyProperties(res.json(), '#', []);
    const names = new Set(found.map(([path]) => path.split('/').pop()));
    expect([...names].sort()).toEqual(['amount', 'subtotal', 'taxTotal', 'total', 'unitPrice']);
    for (const [path, schema] of found) {
      expect(schema.description, path).toMatch(
        /in integer minor units of the currency \(cents\): \d+ is \d+\.\d\d EUR/,
      );
      expect(schema.examples, path).toHaveLength(1);
    }
  });
});
