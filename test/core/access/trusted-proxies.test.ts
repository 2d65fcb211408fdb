/**
 * settings.trustedProxies refuses a list that makes every client a proxy: a rule
 * covering all of IPv4 or IPv6 in any spelling, or rules that add up to it. The
 * message cites the section of docs/remote-access.md that says what to set.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { failure, openHarness, type Harness } from '../../support/core.js';
import { createHarness, type Harness as ServerHarness } from '../../support/server.js';

let h: Harness | undefined;
let server: ServerHarness | undefined;
afterEach(async () => {
  await h?.core.close();
  h = undefined;
  await server?.close();
  server = undefined;
});

const SECTION = 'Trusted proxies: addresses, not ranges';
const remedy =
  'every client could then claim any address through X-Forwarded-For and pass an IP whitelist. ' +
  `List only the address your tunnel or proxy connects from, such as 127.0.0.1 (docs/remote-access.md, section "${SECTION}")`;
const everyone = (rule: string, family: string) => `${rule} covers every ${family} address: ${remedy}`;

describe('settings.update refuses trustedProxies that trust everyone', () => {
  it.each([
    ['0.0.0.0/0', 'IPv4'],
    ['10.1.2.3/0', 'IPv4'],
    ['::/0', 'IPv6'],
    ['2001:db8::/0', 'IPv6'],
    ['::ffff:0:0/96', 'IPv4'],
    ['::ffff:0.0.0.0/96', 'IPv4'],
    [' 0.0.0.0/0 ', 'IPv4'],
  ])('%s: 422 naming the entry and citing the doc; the setting is unchanged', async (rule, family) => {
    h = openHarness();
    // The entry's problem after its label and line: "Trusted proxies, line 2: …".
    const message = `Trusted proxies, line 2: ${everyone(rule.trim(), family)}`;
    expect(await failure(h.call('settings.update', { trustedProxies: ['127.0.0.1', rule] }))).toEqual({
      status: 422,
      code: 'validation_failed',
      message,
      details: { fields: [{ path: 'trustedProxies.1', message }] },
    });
    expect((await h.call('settings.get', {})).trustedProxies).toEqual([]);
  });

  it('ranges that together cover a whole family', async () => {
    h = openHarness();
    const v4 = `These ranges together cover every IPv4 address: ${remedy}`;
    expect(
      await failure(
        h.call('settings.update', { trustedProxies: ['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/2'] }),
      ),
    ).toEqual({
      status: 422,
      code: 'validation_failed',
      message: v4,
      details: { fields: [{ path: 'trustedProxies', message: v4 }] },
    });
    // IPv4-mapped addresses are matched as IPv4, so IPv6 halves that leave only them out still cover every client.
    const v6 = `These ranges together cover every IPv6 address: ${remedy}`;
    expect(
      (await failure(h.call('settings.update', { trustedProxies: ['::/1', '8000::/1'] }))).details,
    ).toEqual({ fields: [{ path: 'trustedProxies', message: v6 }] });
  });

  it('addresses and narrow ranges are kept', async () => {
    h = openHarness();
    const rules = ['127.0.0.1', '192.168.1.10', '10.0.0.0/8', '::1', 'fd00::/8', '0.0.0.0/1'];
    expect((await h.call('settings.update', { trustedProxies: rules })).trustedProxies).toEqual(rules);
  });

  it('over HTTP: POST /admin/rpc/settings.update answers the same 422', async () => {
    server = await createHarness();
    const response = await server.admin('settings.update', { trustedProxies: ['::/0'] });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({
      error: {
        code: 'validation_failed',
        message: `Trusted proxies, line 1: ${everyone('::/0', 'IPv6')}`,
        details: {
          fields: [{ path: 'trustedProxies.0', message: `Trusted proxies, line 1: ${everyone('::/0', 'IPv6')}` }],
        },
      },
    });
  });

  it('the section the message cites exists', () => {
    const doc = readFileSync(new URL('../../../docs/remote-access.md', import.meta.url), 'utf8');
    expect(doc).toMatch(new RegExp(`^#+ .*${SECTION}$`, 'm'));
  });
});
