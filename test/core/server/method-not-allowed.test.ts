/**
 * method-not-allowed.ts: a method the path does not have is a 405 with Allow
 * (after the key gate on keyed paths), a path no method has a 404, and neither
 * reads the body first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERMISSION_IDS } from '../../../contract/index.js';
import { createHarness, errorOf, INCOMING, rowCounts, type Harness } from '../../support/server.js';
import { routePattern } from '../../../main/core/server/method-not-allowed.js';

let h: Harness;
let key: string;
beforeEach(async () => {
  h = await createHarness();
  key = h.key([...PERMISSION_IDS]);
});
afterEach(() => h.close());

const notAllowed = (method: string, path: string, allow: string) => ({
  error: {
    code: 'method_not_allowed',
    message: `Method ${method} is not allowed on ${path}: it allows ${allow}`,
  },
});

describe('405 Method Not Allowed', () => {
  it.each([
    ['PUT', '/api/v1/tasks', 'GET, HEAD'],
    ['TRACE', '/api/v1/tasks', 'GET, HEAD'],
    ['PATCH', '/api/v1/tasks/tsk_unknown', 'GET, HEAD'],
    ['DELETE', '/api/v1/invoices/inv_1', 'GET, HEAD'],
    ['PUT', '/api/v1/webhooks', 'GET, HEAD, POST'],
    ['GET', `${INCOMING}/tasks`, 'POST'],
    ['POST', `${INCOMING}/tasks/tsk_1`, 'PATCH, DELETE'],
    ['OPTIONS', '/api/v1/me', 'GET, HEAD'],
  ])('%s %s: 405, Allow: %s', async (method, url, allow) => {
    const res = await h.call(key, { method: method as 'PUT', url });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.json()).toEqual(notAllowed(method, url, allow));
  });

  it('an unknown method such as QUERY is a 405, never a 400 about Content-Type', async () => {
    const res = await h.call(key, { method: 'QUERY' as 'GET', url: '/api/v1/tasks?search=x' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.json()).toEqual(notAllowed('QUERY', '/api/v1/tasks', 'GET, HEAD'));
  });

  it('a path that needs no key (/healthz, the document) is a 405 without one', async () => {
    const health = await h.app.inject({ method: 'DELETE', url: '/healthz' });
    expect(health.statusCode).toBe(405);
    expect(health.headers.allow).toBe('GET, HEAD');
    expect(health.json()).toEqual(notAllowed('DELETE', '/healthz', 'GET, HEAD'));
    const doc = await h.app.inject({ method: 'POST', url: '/api/v1/openapi.json', payload: {} });
    expect(doc.statusCode).toBe(405);
    expect(doc.headers.allow).toBe('GET, HEAD');
  });

  it('on a keyed path the key gate answers first: 401 without a valid key, no Allow header', async () => {
    const res = await h.app.inject({ method: 'PUT', url: '/api/v1/tasks' });
    expect(res.statusCode).toBe(401);
    expect(res.headers.allow).toBeUndefined();
    expect(res.headers['www-authenticate']).toBe('Bearer realm="dVersum API"');
    expect(errorOf(res)).toEqual({
      code: 'unauthorized',
      message: 'Missing API key: send the header Authorization: Bearer ik_live_…',
    });
    const wrong = await h.call('ik_live_notakey', { method: 'PUT', url: '/api/v1/tasks' });
    expect(wrong.statusCode).toBe(401);
  });

  it('any valid key gets the 405, whatever its permissions; it is logged with the key', async () => {
    const narrow = h.key(['clients:read']);
    const res = await h.call(narrow, { method: 'PUT', url: '/api/v1/tasks' });
    expect(res.statusCode).toBe(405);
    expect(res.headers['ratelimit-limit']).toBeDefined();
    h.core.incomingLog.flush();
    const [entry] = h.core.incomingLog.list({}).items;
    expect(entry).toMatchObject({
      method: 'PUT',
      path: '/api/v1/tasks',
      status: 405,
      errorCode: 'method_not_allowed',
    });
  });

  it('the body is not read: a 405 with a malformed body or another Content-Type, nothing written', async () => {
    const before = rowCounts(h.core);
    const res = await h.call(key, {
      method: 'PUT',
      url: `${INCOMING}/tasks`,
      headers: { 'content-type': 'text/plain' },
      payload: '{"title": ',
    });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(rowCounts(h.core)).toEqual(before);
  });
});

describe('404 where no method has the path', () => {
  it.each([
    ['PUT', '/nothing'],
    ['GET', '/api/v1/nothing'],
    ['QUERY', '/api/v1/nothing'],
    ['GET', '/api/v1/tasks/tsk_1/more'],
  ])('%s %s: 404 No route', async (method, url) => {
    const res = await h.call(key, {
      method: method as 'GET',
      url,
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers.allow).toBeUndefined();
    expect(errorOf(res)).toEqual({ code: 'not_found', message: `No route ${method} ${url}` });
  });

  it('/admin keeps its 404s for methods it does not serve (its paths are its window’s own)', async () => {
    const res = await h.app.inject({ method: 'PUT', url: '/admin/rpc/tasks.list' });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res)).toEqual({ code: 'not_found', message: 'No route PUT /admin/rpc/tasks.list' });
  });
});

describe('the served window (headless): its catch-all does not make /api paths 405', () => {
  it('PUT on a window path is a 405 (GET, HEAD), on an unknown /api path a 404', async () => {
    await h.close();
    h = await createHarness({ rendererDir: '/nonexistent-window' });
    const page = await h.app.inject({ method: 'PUT', url: '/settings' });
    expect(page.statusCode).toBe(405);
    expect(page.headers.allow).toBe('GET, HEAD');
    const api = await h.app.inject({ method: 'PUT', url: '/api/v1/nothing' });
    expect(api.statusCode).toBe(404);
    expect(errorOf(api)).toEqual({ code: 'not_found', message: 'No route PUT /api/v1/nothing' });
  });
});

describe('routePattern', () => {
  it('reads find-my-way paths: a parameter is one segment, * the rest', () => {
    expect(routePattern('/api/v1/tasks/:id').test('/api/v1/tasks/tsk_1')).toBe(true);
    expect(routePattern('/api/v1/tasks/:id').test('/api/v1/tasks/tsk_1/x')).toBe(false);
    expect(routePattern('/api/v1/quotes/:id/convert').test('/api/v1/quotes/q/convert')).toBe(true);
    expect(routePattern('/api/docs/*').test('/api/docs/static/x.js')).toBe(true);
    expect(routePattern('/api/v1/openapi.json').test('/api/v1/openapiXjson')).toBe(false);
  });
});
