/**
 * query-string.ts: a malformed percent-escape in the query is a 400 naming
 * the parameter (as it is in the path), and on keyed routes a parameter the
 * route does not take is a 422 naming it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERMISSION_IDS } from '../../../contract/index.js';
import { createHarness, errorOf, INCOMING, rowCounts, type Harness } from '../../support/server.js';
import { malformedParameters, parseQueryString } from '../../../main/core/server/query-string.js';

let h: Harness;
let key: string;
beforeEach(async () => {
  h = await createHarness();
  key = h.key([...PERMISSION_IDS]);
});
afterEach(() => h.close());

const ESCAPE = 'has a malformed percent-escape; write a literal % as %25';

describe('malformed percent-escapes in the query: 400 naming the parameter', () => {
  it.each([
    ['search=%zz', 'search'],
    ['search=%E0%A4%A', 'search'],
    ['search=100%', 'search'],
    ['limit=5&cursor=%ff', 'cursor'],
  ])('GET /api/v1/tasks?%s', async (query, name) => {
    const res = await h.call(key, { method: 'GET', url: `/api/v1/tasks?${query}` });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toEqual({
      code: 'bad_request',
      message: `Malformed query string: query.${name} has a malformed percent-escape; write a literal % as %25`,
      details: { fields: [{ path: `query.${name}`, message: ESCAPE }] },
    });
  });

  it('names every bad parameter, and a bad name as it was sent', async () => {
    const res = await h.call(key, { method: 'GET', url: '/api/v1/events?after=%zz&%qq=1' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).message).toBe(
      'Malformed query string: query.after, query.%qq have a malformed percent-escape; write a literal % as %25',
    );
  });

  it('is refused before the key gate, as a bad escape in the path is', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/tasks?search=%zz' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).message).toBe(
      'Malformed query string: query.search has a malformed percent-escape; write a literal % as %25',
    );
  });

  it('well-formed escapes and + decode as before', async () => {
    await h.call(key, {
      method: 'POST',
      url: `${INCOMING}/clients`,
      payload: { name: 'Ärzte & Co 100%' },
    });
    const res = await h.call(key, { method: 'GET', url: '/api/v1/clients?search=%C3%84rzte+%26+Co+100%25' });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { items: { name: string }[] }).items.map((c) => c.name)).toEqual([
      'Ärzte & Co 100%',
    ]);
  });
});

describe('unknown query parameters on keyed routes: 422 naming them', () => {
  it('GET /api/v1/tasks?foo=1', async () => {
    const res = await h.call(key, { method: 'GET', url: '/api/v1/tasks?foo=1' });
    expect(res.statusCode).toBe(422);
    const message =
      'Query parameter foo: this endpoint does not take it: leave it out, or use search, cursor, limit';
    expect(errorOf(res)).toEqual({
      code: 'validation_failed',
      message,
      details: { fields: [{ path: 'query.foo', message }] },
    });
  });

  it('GET /api/v1/events?page=2&limit=5 names page only', async () => {
    const res = await h.call(key, { method: 'GET', url: '/api/v1/events?page=2&limit=5' });
    expect(res.statusCode).toBe(422);
    expect(errorOf(res).details).toEqual({
      fields: [
        {
          path: 'query.page',
          message:
            'Query parameter page: this endpoint does not take it: leave it out, or use after, types, limit, order',
        },
      ],
    });
  });

  it('nothing is written when a parameter is refused', async () => {
    const before = rowCounts(h.core);
    const res = await h.call(key, { method: 'GET', url: '/api/v1/clients?name=x' });
    expect(res.statusCode).toBe(422);
    expect(rowCounts(h.core)).toEqual(before);
  });

  it('routes that take no parameters (their operations list none) read no query and ignore it', async () => {
    const created = await h.call(key, {
      method: 'POST',
      url: `${INCOMING}/tasks?dryRun=1`,
      payload: { title: 'x' },
    });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: string }).id;
    const got = await h.call(key, { method: 'GET', url: `/api/v1/tasks/${id}?expand=all` });
    expect(got.statusCode).toBe(200);
  });

  it('the key gate answers first: 401 without a key', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/tasks?foo=1' });
    expect(res.statusCode).toBe(401);
  });

  it('routes that need no key keep ignoring them (/healthz?probe=1)', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/healthz?probe=1' });
    expect(res.statusCode).toBe(200);
  });

  it('the parameters the route takes still pass', async () => {
    const res = await h.call(key, { method: 'GET', url: '/api/v1/tasks?search=x&limit=5&cursor=' });
    expect(res.statusCode).toBe(200);
  });
});

describe('parseQueryString', () => {
  it('decodes, repeats into arrays, keeps what it could not decode', () => {
    const query = parseQueryString('a=1&b=x+y&a=2&c&d=%zz&&e=%41');
    expect({ ...query }).toEqual({ a: ['1', '2'], b: 'x y', c: '', d: '%zz', e: 'A' });
    expect(malformedParameters(query)).toEqual(['d']);
    expect(Object.keys(query)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(malformedParameters(parseQueryString('a=1'))).toEqual([]);
  });
});
