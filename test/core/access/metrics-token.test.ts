/**
 * /metrics' switch and token through the contract (metrics.get|update|rotateToken):
 * off by default; the first switch on makes the token, returned once; only its
 * hash is kept, and it survives a restart; a rotation refuses the old one at once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../support/core.js';

let h: Harness | undefined;
let folder: string | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

const TOKEN = /^metrics_[0-9A-Za-z]{43}$/;

describe('metrics token', () => {
  it('off by default: no token, nothing opens it', async () => {
    h = openHarness();
    expect(await h.call('metrics.get', {})).toEqual({
      enabled: false,
      tokenLast4: null,
      tokenCreatedAt: null,
    });
    expect(h.core.metricsAccess.isOn()).toBe(false);
    expect(h.core.metricsAccess.check('metrics_anything')).toBe('off');
  });

  it('the first switch on makes the token and returns it once; later reads show only its last four', async () => {
    h = openHarness();
    const on = (await h.call('metrics.update', { enabled: true })) as { token: string; tokenLast4: string };
    expect(on.token).toMatch(TOKEN);
    expect(on).toEqual({
      enabled: true,
      token: on.token,
      tokenLast4: on.token.slice(-4),
      tokenCreatedAt: new Date(h.clock.now()).toISOString(),
    });
    expect(await h.call('metrics.get', {})).not.toHaveProperty('token');
    expect(h.core.metricsAccess.check(on.token)).toBe('ok');
    expect(h.core.metricsAccess.check(undefined)).toBe('missing');
    expect(h.core.metricsAccess.check(`${on.token}x`)).toBe('invalid');
    expect(h.core.metricsAccess.check('x'.repeat(100_000))).toBe('invalid');
  });

  it('kept as its hash only, across a restart; a rotation refuses the old token at once', async () => {
    const dataDir = (folder = mkdtempSync(join(tmpdir(), 'dversum-metrics-')));
    h = openHarness({ dataDir });
    const { token } = (await h.call('metrics.update', { enabled: true })) as { token: string };
    await h.close();
    const file = readFileSync(join(dataDir, 'dversum.db'));
    expect(file.includes(Buffer.from(token))).toBe(false);

    h = openHarness({ dataDir });
    expect(h.core.metricsAccess.check(token)).toBe('ok');
    const { token: next } = (await h.call('metrics.rotateToken', {})) as { token: string };
    expect(next).toMatch(TOKEN);
    expect(h.core.metricsAccess.check(token)).toBe('invalid');
    expect(h.core.metricsAccess.check(next)).toBe('ok');
  });

  it('metrics.update takes only { enabled: boolean }: 422 naming the field', async () => {
    h = openHarness();
    const refused = (input: unknown, path: string, message: string) =>
      expect(h!.call('metrics.update', input)).rejects.toMatchObject({
        status: 422,
        code: 'validation_failed',
        details: { fields: [{ path, message }] },
      });
    await refused({ enabled: 'yes' }, 'enabled', 'Enabled: must be true or false');
    await refused({}, 'enabled', 'Enabled is required');
    await refused(
      { enabled: true, token: 'mine' },
      'token',
      'Unknown field "token": leave it out or check its spelling',
    );
    expect(h.core.metricsAccess.isOn()).toBe(false);
  });
});
