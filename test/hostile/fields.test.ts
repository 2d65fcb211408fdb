/**
 * Hostile values in well-formed bodies: SQL and HTML in every free-text field
 * of every object the incoming webhooks create, stored and returned verbatim
 * (as JSON, never as HTML); numbers beyond 2^53 and strings of a megabyte in
 * each field refused with the field named; nothing written for a refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, INCOMING, rowCounts, type Harness } from '../support/server.js';
import { ALL_PERMISSIONS } from './endpoints.js';
import { storeOf } from '../../main/core/store/database.js';

const HOSTILE = [
  "Robert'); DROP TABLE tasks;--",
  '" OR "1"="1" -- x',
  '<script>alert("xss")</script><img src=x onerror=alert(1)>',
  '</textarea><svg/onload=alert(1)>&amp;&lt;',
  '{{constructor.constructor("alert(1)")()}}',
  '=HYPERLINK("http://evil.example","click")',
  'Ünïcödé \u202e evil.exe 😀 \u0007',
];

let h: Harness;
let key: string;
beforeAll(async () => {
  h = await createHarness();
  h.core.settings.update({ rateLimits: { incomingPerMinute: 0, apiCallsPerDay: 0 } });
  key = h.key([...ALL_PERMISSIONS]);
});
afterAll(() => h.close());

const post = (path: string, payload: object) =>
  h.call(key, { method: 'POST', url: `${INCOMING}/${path}`, payload });
const get = (path: string) => h.call(key, { method: 'GET', url: `/api/v1/${path}` });

/** The free-text fields of each object the incoming webhooks create, and a body with `text` in every one. */
const BODIES: Record<string, (text: string, clientId: string) => object> = {
  tasks: (text) => ({ title: text, description: text }),
  clients: (text) => ({ name: text, phone: text.slice(0, 50), company: text, address: text, notes: text }),
  projects: (text) => ({ name: text, description: text }),
  'time-entries': (text) => ({ description: text, minutes: 30 }),
  invoices: (text, clientId) => ({
    clientId,
    currency: 'EUR',
    notes: text,
    items: [{ description: text, quantity: 1, unitPrice: 1500 }],
  }),
  quotes: (text, clientId) => ({
    clientId,
    currency: 'EUR',
    notes: text,
    items: [{ description: text, quantity: 2, unitPrice: 990 }],
  }),
};

describe('SQL and HTML in every field', () => {
  it('is stored and returned verbatim, as JSON, and every table is still there', async () => {
    const tablesBefore = storeOf(h.core.store)
      .sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all();
    const client = await post('clients', { name: 'Hostile values Ltd' });
    expect(client.statusCode).toBe(201);
    const clientId = (client.json() as { id: string }).id;
    for (const text of HOSTILE) {
      for (const [path, body] of Object.entries(BODIES)) {
        const sent = body(text, clientId) as Record<string, unknown>;
        const created = await post(path, sent);
        expect(created.statusCode, `${path}: ${created.body}`).toBe(201);
        expect(created.headers['content-type']).toMatch(/^application\/json/);
        const id = (created.json() as { id: string }).id;
        const read = await get(`${path}/${id}`);
        expect(read.statusCode).toBe(200);
        expect(read.headers['content-type']).toMatch(/^application\/json/);
        const stored = read.json() as Record<string, unknown>;
        for (const [field, value] of Object.entries(sent)) {
          if (field === 'items') {
            expect((stored.items as { description: string }[])[0].description).toBe(text);
          } else if (typeof value === 'string' && field !== 'clientId' && field !== 'currency') {
            expect(stored[field], `${path}.${field}`).toBe(value);
          }
        }
      }
      // A search for the hostile text finds exactly what holds it, nothing more (no injection).
      const found = await get(`tasks?search=${encodeURIComponent(text)}`);
      expect(found.statusCode).toBe(200);
      expect((found.json() as { items: { title: string }[] }).items.every((t) => t.title === text)).toBe(
        true,
      );
    }
    const tablesAfter = storeOf(h.core.store)
      .sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all();
    expect(tablesAfter).toEqual(tablesBefore);
  });
});

describe('numbers beyond 2^53 and megabyte strings', () => {
  const beyond = 2 ** 53 + 2; // 9007199254740994: no longer an exact integer in JSON parsers

  it.each([
    ['time-entries', { description: 'x', minutes: beyond }, 'minutes'],
    [
      'invoices',
      { currency: 'EUR', items: [{ description: 'x', quantity: 1, unitPrice: beyond }] },
      'items.0.unitPrice',
    ],
    [
      'invoices',
      { currency: 'EUR', items: [{ description: 'x', quantity: beyond, unitPrice: 1 }] },
      'items.0.quantity',
    ],
    [
      'quotes',
      { currency: 'EUR', items: [{ description: 'x', quantity: 1, unitPrice: 1, taxRate: beyond }] },
      'items.0.taxRate',
    ],
    ['time-entries', { description: 'x', minutes: -beyond }, 'minutes'],
  ])('%s with %j: 422 naming %s, nothing written', async (path, body, field) => {
    const client = (await post('clients', { name: 'Numbers' })).json() as { id: string };
    const before = rowCounts(h.core);
    const res = await post(path, { clientId: client.id, ...body });
    expect(res.statusCode).toBe(422);
    const error = errorOf(res);
    expect(error.code).toBe('validation_failed');
    const fields = (error.details as { fields: { path: string; message: string }[] }).fields;
    expect(fields.map((f) => f.path)).toContain(field);
    // The message names the field by its label (`Quantity of item 1: …`), never by zod's words.
    const named = fields.find((f) => f.path === field)!.message;
    expect(error.message).toContain(named);
    expect(error.message).not.toMatch(/Too (big|small)|Invalid input|expected/);
    expect(rowCounts(h.core)).toEqual(before);
  });

  it.each([
    ['tasks', 'title', 500, 'Title: at most 500 characters (you entered 1,000,000)'],
    ['tasks', 'description', 20000, 'Description: at most 20,000 characters (you entered 1,000,000)'],
    ['clients', 'name', 200, 'Name: at most 200 characters (you entered 1,000,000)'],
    ['clients', 'notes', 10000, 'Notes: at most 10,000 characters (you entered 1,000,000)'],
    ['projects', 'name', 200, 'Name: at most 200 characters (you entered 1,000,000)'],
    ['time-entries', 'description', 5000, 'Description: at most 5,000 characters (you entered 1,000,000)'],
  ])(
    '%s.%s of a megabyte: 422 naming the field by its label (at most %i characters)',
    async (path, field, _max, message) => {
      const before = rowCounts(h.core);
      const body = { ...(BODIES[path]('ok', '') as Record<string, unknown>), [field]: 'x'.repeat(1_000_000) };
      const res = await post(path, body);
      expect(res.statusCode).toBe(422);
      expect(errorOf(res).details).toEqual({
        fields: [{ path: field, message }],
      });
      expect(rowCounts(h.core)).toEqual(before);
    },
  );
});
