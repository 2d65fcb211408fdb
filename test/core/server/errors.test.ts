import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERMISSION_IDS } from '../../../contract/index.js';
import {
  ADMIN_TOKEN,
  createHarness,
  errorOf,
  INCOMING,
  rowCounts,
  type Harness,
} from '../../support/server.js';

let h: Harness;
let key: string;
beforeEach(async () => {
  h = await createHarness();
  key = h.key([...PERMISSION_IDS]);
});
afterEach(() => h.close());

const post = (body: string, contentType = 'application/json', extra: Record<string, string> = {}) =>
  h.call(key, {
    method: 'POST',
    url: `${INCOMING}/tasks`,
    headers: { 'content-type': contentType, ...extra },
    payload: body,
  });

describe('bad input gets the documented 4xx JSON error, and nothing is written', () => {
  it('400: malformed JSON says so and where', async () => {
    const before = rowCounts(h.core);
    const res = await post('{"title": "x",}');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(errorOf(res).code).toBe('bad_request');
    expect(errorOf(res).message).toMatch(/^Malformed JSON in request body: .*position \d+/);
    expect(rowCounts(h.core)).toEqual(before);
  });

  it('400: an empty JSON body, a missing body and a __proto__ key', async () => {
    const empty = await post('');
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty)).toEqual({
      code: 'bad_request',
      message: 'Request body is empty: send a JSON object with Content-Type: application/json',
    });
    const missing = await h.call(key, { method: 'POST', url: `${INCOMING}/tasks` });
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing).message).toBe(
      'Request body is missing: send a JSON object with Content-Type: application/json',
    );
    const proto = await post('{"title":"x","__proto__":{"admin":true}}');
    expect(proto.statusCode).toBe(400);
    expect(errorOf(proto).message).toBe('Malformed JSON in request body: the key "__proto__" is not allowed');
  });

  it('401: missing, malformed, unknown, revoked and disabled keys, each with its own message', async () => {
    const body = { title: 'x' };
    const url = `${INCOMING}/tasks`;
    const missing = await h.call(undefined, { method: 'POST', url, payload: body });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="dVersum API"');
    expect(errorOf(missing)).toEqual({
      code: 'unauthorized',
      message: 'Missing API key: send the header Authorization: Bearer ik_live_…',
    });

    const malformed = await h.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { authorization: `Token ${key}` },
    });
    expect(malformed.statusCode).toBe(401);
    expect(errorOf(malformed).message).toBe('Malformed Authorization header: expected "Bearer ik_live_…"');

    const unknownKeys = [
      'ik_live_' + 'A'.repeat(43),
      'ik_live_short',
      key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a'),
    ];
    for (const unknown of unknownKeys) {
      const res = await h.call(unknown, { method: 'POST', url, payload: body });
      expect(res.statusCode).toBe(401);
      expect(errorOf(res).message).toBe(
        'Unknown API key: check that the whole key was copied (it starts with ik_live_)',
      );
    }

    const disabledKey = h.core.keys.create({ name: 'off', permissions: ['tasks:write'] });
    h.core.keys.update({ id: disabledKey.id, enabled: false });
    const disabled = await h.call(disabledKey.key, { method: 'POST', url, payload: body });
    expect(disabled.statusCode).toBe(401);
    expect(errorOf(disabled).message).toBe('This API key is disabled: enable it in Settings > Integrations');

    const revokedKey = h.core.keys.create({ name: 'gone', permissions: ['tasks:write'] });
    h.core.keys.revoke(revokedKey.id);
    const revoked = await h.call(revokedKey.key, { method: 'POST', url, payload: body });
    expect(revoked.statusCode).toBe(401);
    expect(errorOf(revoked).message).toBe(
      'This API key was revoked: create a new one in Settings > Integrations',
    );
    expect(rowCounts(h.core).tasks).toBe(0);
  });

  it('401 comes before the body is looked at', async () => {
    const res = await h.call(undefined, {
      method: 'POST',
      url: `${INCOMING}/tasks`,
      headers: { 'content-type': 'text/plain' },
      payload: 'not json',
    });
    expect(res.statusCode).toBe(401);
  });

  it('403: a missing permission is named', async () => {
    const readOnly = h.key(['tasks:read']);
    const res = await h.call(readOnly, { method: 'POST', url: `${INCOMING}/tasks`, payload: { title: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res)).toEqual({
      code: 'forbidden',
      message: 'This key may not Create/edit/delete tasks (tasks:write)',
    });
  });

  it('413: a body over 1 MiB', async () => {
    const res = await post(JSON.stringify({ title: 'x', description: 'y'.repeat(1024 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(errorOf(res)).toEqual({
      code: 'payload_too_large',
      message: 'Request body is larger than 1 MiB (1,048,576 bytes)',
    });
    expect(rowCounts(h.core).tasks).toBe(0);
  });

  it('415: anything but application/json', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
    ]) {
      const res = await post('title=x', type);
      expect(res.statusCode, type).toBe(415);
      expect(errorOf(res)).toEqual({
        code: 'unsupported_media_type',
        message: `Unsupported Content-Type "${type}": send the body as application/json`,
      });
    }
    const charset = await post('{"title":"x"}', 'application/json; charset=utf-8');
    expect(charset.statusCode).toBe(201);
  });

  it('415: a charset other than UTF-8, in /api/v1 and /admin/rpc alike', async () => {
    const message = (type: string) =>
      `Unsupported Content-Type "${type}": only UTF-8 JSON is accepted; send the body as application/json; charset=utf-8`;
    for (const type of [
      'application/json; charset=utf-16',
      'application/json; charset=UTF-16LE',
      'application/json;charset="iso-8859-1"',
      'application/json; charset=latin1',
    ]) {
      const res = await post('{"title":"x"}', type);
      expect(res.statusCode, type).toBe(415);
      expect(errorOf(res), type).toEqual({ code: 'unsupported_media_type', message: message(type) });
      const rpc = await h.admin('tasks.create', { title: 'x' }, { 'content-type': type });
      expect(rpc.statusCode, type).toBe(415);
      expect(errorOf(rpc), type).toEqual({ code: 'unsupported_media_type', message: message(type) });
    }
    expect(rowCounts(h.core).tasks).toBe(0);
    for (const type of ['application/json; charset=UTF-8', 'application/json;charset="utf-8"']) {
      expect((await post('{"title":"x"}', type)).statusCode, type).toBe(201);
    }
  });

  it('400: a lone UTF-16 surrogate is refused, naming its field, in /api/v1 and /admin/rpc alike', async () => {
    const before = rowCounts(h.core);
    const title = await post('{"title":"Reply \\ud800 to Anna"}');
    expect(title.statusCode).toBe(400);
    expect(errorOf(title)).toEqual({
      code: 'bad_request',
      message: 'Field title contains a lone UTF-16 surrogate (\\ud800): send valid Unicode text',
      details: { fields: [{ path: 'title', message: 'contains a lone UTF-16 surrogate (\\ud800)' }] },
    });

    const item = await h.call(key, {
      method: 'POST',
      url: `${INCOMING}/invoices`,
      headers: { 'content-type': 'application/json' },
      payload: '{"clientId":"cli_x","items":[{"description":"ok"},{"description":"x\\udc00"}]}',
    });
    expect(item.statusCode).toBe(400);
    expect(errorOf(item).message).toBe(
      'Field items.1.description contains a lone UTF-16 surrogate (\\udc00): send valid Unicode text',
    );

    const name = await post('{"title":"x","\\udbff":1}');
    expect(name.statusCode).toBe(400);
    expect(errorOf(name).message).toBe(
      'A field name contains a lone UTF-16 surrogate (\\udbff): send valid Unicode text',
    );

    const rpc = await h.app.inject({
      method: 'POST',
      url: '/admin/rpc/tasks.create',
      headers: {
        host: '127.0.0.1:4317',
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'content-type': 'application/json',
      },
      payload: '{"title":"\\ud83d"}',
    });
    expect(rpc.statusCode).toBe(400);
    expect(errorOf(rpc).message).toBe(
      'Field title contains a lone UTF-16 surrogate (\\ud83d): send valid Unicode text',
    );
    expect(rowCounts(h.core)).toEqual(before);

    // A pair is one character: accepted, and stored as sent.
    const pair = await post('{"title":"\\ud83d\\ude00 done"}');
    expect(pair.statusCode).toBe(201);
    expect(h.core.tasks.get(pair.json().id).title).toBe('\u{1F600} done');
  });

  it('422: every invalid field is named, unknown fields too', async () => {
    const res = await post(
      JSON.stringify({ title: '', status: 'later', dueDate: '2026-13-01', colour: 'red' }),
    );
    expect(res.statusCode).toBe(422);
    const error = errorOf(res);
    expect(error.code).toBe('validation_failed');
    const fields = (error.details as { fields: { path: string; message: string }[] }).fields;
    expect(fields.map((f) => f.path).sort()).toEqual(['colour', 'dueDate', 'status', 'title']);
    expect(fields.find((f) => f.path === 'colour')?.message).toBe(
      'Unknown field "colour": leave it out or check its spelling',
    );
    expect(fields.find((f) => f.path === 'title')?.message).toBe('Title is required');
    expect(error.message).toBe(
      'Title is required; Status: choose one of open, in_progress, done; ' +
        'Due date: enter a date as YYYY-MM-DD, such as 2026-06-30; ' +
        'Unknown field "colour": leave it out or check its spelling',
    );
  });

  it('422: nested fields (line items) and references are named', async () => {
    const client = (
      await h.call(key, { method: 'POST', url: `${INCOMING}/clients`, payload: { name: 'A' } })
    ).json();
    const res = await h.call(key, {
      method: 'POST',
      url: `${INCOMING}/invoices`,
      payload: { clientId: client.id, items: [{ description: 'x', quantity: 0, unitPrice: 1.5 }] },
    });
    expect(res.statusCode).toBe(422);
    const paths = (errorOf(res).details as { fields: { path: string }[] }).fields.map((f) => f.path).sort();
    expect(paths).toEqual(['items.0.quantity', 'items.0.unitPrice']);

    const missingProject = await h.call(key, {
      method: 'POST',
      url: `${INCOMING}/tasks`,
      payload: { title: 'x', projectId: 'prj_00000000000000000000000000' },
    });
    expect(missingProject.statusCode).toBe(422);
    expect(errorOf(missingProject).details).toEqual({
      fields: [{ path: 'projectId', message: 'Project: no project with id prj_00000000000000000000000000' }],
    });
  });

  it('422: an update must change something; query parameters are checked', async () => {
    const task = (
      await h.call(key, { method: 'POST', url: `${INCOMING}/tasks`, payload: { title: 'x' } })
    ).json();
    const empty = await h.call(key, { method: 'PATCH', url: `${INCOMING}/tasks/${task.id}`, payload: {} });
    expect(empty.statusCode).toBe(422);
    expect(errorOf(empty).message).toBe('The request body: give at least one field to change');
    const limit = await h.call(key, { method: 'GET', url: '/api/v1/tasks?limit=1000' });
    expect(limit.statusCode).toBe(422);
    expect(errorOf(limit).details).toEqual({
      fields: [{ path: 'query.limit', message: 'Query parameter limit: at most 200' }],
    });
  });

  it('400 for JSON nested deeper than 64 levels, however deep', async () => {
    for (const depth of [65, 100_000]) {
      const res = await post(`{"title":"x","description":${'['.repeat(depth)}${']'.repeat(depth)}}`);
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).message).toBe('Malformed JSON in request body: nested deeper than 64 levels');
    }
    // Brackets inside strings are text, escaped quotes included.
    const text = await post(JSON.stringify({ title: 'x', description: `"\\"${'['.repeat(1000)}` }));
    expect(text.statusCode).toBe(201);
  });

  it('404 in the same shape for an id longer than the router takes', async () => {
    const res = await h.call(key, { method: 'GET', url: `/api/v1/tasks/${'a'.repeat(101)}` });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).message).toBe(
      `No route GET /api/v1/tasks/${'a'.repeat(101)}: an id is at most 100 characters`,
    );
  });
});
