/**
 * `settings.publicUrl` (contract/integrations.ts): null by default, an absolute http(s) URL
 * without query, fragment or credentials, its trailing slash trimmed. Bad input is a 422
 * naming `publicUrl`, the same through the contract handler and through /admin/rpc.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PUBLIC_URL_MESSAGES } from '../../contract/integrations.js';
import { failure, openHarness, type Harness } from '../support/core.js';
import { createHarness, errorOf, type Harness as ServerHarness } from '../support/server.js';

const BAD: [input: unknown, message: string][] = [
  ['dversum.example.com', PUBLIC_URL_MESSAGES.notAUrl],
  ['/api/v1', PUBLIC_URL_MESSAGES.notAUrl],
  ['', PUBLIC_URL_MESSAGES.notAUrl],
  ['https://', PUBLIC_URL_MESSAGES.notAUrl],
  ['ftp://dversum.example.com', PUBLIC_URL_MESSAGES.scheme],
  ['https://owner:secret@dversum.example.com', PUBLIC_URL_MESSAGES.credentials],
  ['https://dversum.example.com/?token=1', PUBLIC_URL_MESSAGES.queryOrFragment],
  ['https://dversum.example.com/#api', PUBLIC_URL_MESSAGES.queryOrFragment],
  ['https://dversum.example.com?', PUBLIC_URL_MESSAGES.queryOrFragment],
];

describe('publicUrl through the contract handler', () => {
  let h: Harness;
  beforeEach(() => {
    h = openHarness();
  });
  afterEach(() => h.core.close());

  it('is null by default, and app.info says so', async () => {
    expect((await h.call('settings.get')).publicUrl).toBeNull();
    expect((await h.call('app.info')).publicUrl).toBeNull();
  });

  it('keeps an https or http URL with its trailing slash trimmed, a path kept, and clears with null', async () => {
    const set = await h.call('settings.update', { publicUrl: '  https://Dversum.Example.com/  ' });
    expect(set.publicUrl).toBe('https://dversum.example.com');
    expect((await h.call('app.info')).publicUrl).toBe('https://dversum.example.com');
    const behindProxy = await h.call('settings.update', { publicUrl: 'http://nas.example:8443/dversum//' });
    expect(behindProxy.publicUrl).toBe('http://nas.example:8443/dversum');
    // Another setting's patch leaves it alone (deep merge).
    expect((await h.call('settings.update', { logRetentionDays: 7 })).publicUrl).toBe(
      'http://nas.example:8443/dversum',
    );
    expect((await h.call('settings.update', { publicUrl: null })).publicUrl).toBeNull();
  });

  it.each(BAD)('refuses %j with a 422: publicUrl %s', async (input, message) => {
    await h.call('settings.update', { publicUrl: 'https://kept.example.com' });
    const error = await failure(h.call('settings.update', { publicUrl: input }));
    expect(error).toMatchObject({
      status: 422,
      message: `Public address: ${message}`,
      details: { fields: [{ path: 'publicUrl', message: `Public address: ${message}` }] },
    });
    expect((await h.call('settings.get')).publicUrl).toBe('https://kept.example.com');
  });

  it('refuses a number with a 422 naming publicUrl', async () => {
    const error = await failure(h.call('settings.update', { publicUrl: 443 }));
    expect(error.status).toBe(422);
    expect(error.details).toEqual({ fields: [{ path: 'publicUrl', message: 'Public address: enter text' }] });
  });
});

describe('publicUrl through /admin/rpc', () => {
  let s: ServerHarness;
  beforeEach(async () => {
    s = await createHarness();
  });
  afterEach(() => s.close());

  it('stores and returns the trimmed URL', async () => {
    const res = await s.admin('settings.update', { publicUrl: 'https://dversum.example.com/' });
    expect(res.statusCode).toBe(200);
    expect(res.json().publicUrl).toBe('https://dversum.example.com');
  });

  it.each(BAD)('refuses %j with a 422: publicUrl %s', async (input, message) => {
    const res = await s.admin('settings.update', { publicUrl: input });
    expect(res.statusCode).toBe(422);
    expect(errorOf(res)).toEqual({
      code: 'validation_failed',
      message: `Public address: ${message}`,
      details: { fields: [{ path: 'publicUrl', message: `Public address: ${message}` }] },
    });
    expect((await s.admin('settings.get', {})).json().publicUrl).toBeNull();
  });
});
