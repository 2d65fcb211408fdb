import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  base62,
  generateApiKey,
  hashApiKey,
  hashesEqual,
  looksLikeApiKey,
} from '../../../main/core/access/key-format.js';
import { createHarness, errorOf, INCOMING, type Harness } from '../../support/server.js';
import { storeOf } from '../../../main/core/store/database.js';

const dirs: string[] = [];
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('key format', () => {
  it('is ik_live_ and 43 base62 characters (32 random bytes), hashed with SHA-256', () => {
    const generated = generateApiKey();
    expect(generated.key).toMatch(/^ik_live_[0-9A-Za-z]{43}$/);
    expect(looksLikeApiKey(generated.key)).toBe(true);
    expect(generated.prefix).toBe(generated.key.slice(0, 12));
    expect(generated.last4).toBe(generated.key.slice(-4));
    expect(generated.hash).toBe(hashApiKey(generated.key));
    expect(generated.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(generateApiKey().key).not.toBe(generated.key);
  });

  it('encodes base62 exactly and compares hashes in constant time', () => {
    expect(base62(new Uint8Array([0]), 3)).toBe('000');
    expect(base62(new Uint8Array([61]), 1)).toBe('z');
    expect(base62(new Uint8Array([1, 0]), 2)).toBe('48'); // 256 = 4·62 + 8
    expect(base62(new Uint8Array(32).fill(255), 43)).toHaveLength(43);
    const hash = hashApiKey('a');
    expect(hashesEqual(hash, hashApiKey('a'))).toBe(true);
    expect(hashesEqual(hash, hashApiKey('b'))).toBe(false);
    expect(hashesEqual(hash, '')).toBe(false);
  });
});

describe('API keys', () => {
  it('returns the key only on create and rotate, and never stores it in plain text', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dversum-keys-'));
    dirs.push(dataDir);
    h = await createHarness({ dataDir });
    const created = await h.admin('keys.create', {
      name: 'n8n',
      permissions: ['tasks:write'],
      ipWhitelist: ['10.0.0.0/8'],
    });
    expect(created.statusCode).toBe(200);
    const record = created.json();
    expect(record.key).toMatch(/^ik_live_/);
    expect(record).toMatchObject({
      name: 'n8n',
      prefix: record.key.slice(0, 12),
      last4: record.key.slice(-4),
      permissions: ['tasks:write'],
      ipWhitelist: ['10.0.0.0/8'],
      enabled: true,
      revokedAt: null,
      lastUsedAt: null,
    });

    const listed = (await h.admin('keys.list', {})).json();
    expect(JSON.stringify(listed)).not.toContain(record.key);
    expect(listed.items[0]).not.toHaveProperty('key');
    expect(listed.items[0]).not.toHaveProperty('hash');
    const updated = (await h.admin('keys.update', { id: record.id, name: 'n8n (mail)' })).json();
    expect(updated).not.toHaveProperty('key');

    const rotated = (await h.admin('keys.rotate', { id: record.id })).json();
    expect(Object.keys(rotated)).toEqual(['key']);
    expect(rotated.key).not.toBe(record.key);

    // Look in the database files themselves (the WAL too): neither key is there, only hashes.
    storeOf(h.core.store).sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readdirSync(dataDir)
      .filter((f) => f.startsWith('dversum.db'))
      .map((f) => readFileSync(join(dataDir, f)).toString('latin1'))
      .join('');
    expect(bytes.length).toBeGreaterThan(0);
    for (const key of [record.key, rotated.key]) {
      expect(bytes).not.toContain(key);
      expect(bytes).not.toContain(key.slice(12, 40));
    }
    expect(bytes).toContain(hashApiKey(rotated.key));
    // The replaced key is kept as its hash only, to say "replaced".
    expect(bytes).toContain(hashApiKey(record.key));
  });

  it('rotation stops the old key at once and keeps permissions; revocation is final', async () => {
    h = await createHarness();
    const { id, key } = h.core.keys.create({ name: 'zap', permissions: ['tasks:write'] });
    const task = { method: 'POST' as const, url: `${INCOMING}/tasks`, payload: { title: 'x' } };
    expect((await h.call(key, task)).statusCode).toBe(201);
    const { key: next } = h.core.keys.rotate(id);
    // The old key is told it was replaced, and when: not that it was copied wrongly.
    const replacedOn = new Date(h.clock.now()).toISOString().slice(0, 10);
    const old = await h.call(key, task);
    expect(old.statusCode).toBe(401);
    expect(errorOf(old)).toEqual({
      code: 'unauthorized',
      message:
        `This key was replaced on ${replacedOn} when it was rotated. ` +
        'Use the new key shown then, or rotate the key again in Settings > Integrations to get another',
    });
    expect((await h.call(next, task)).statusCode).toBe(201);
    // A second rotation: both earlier keys say so; a key never issued is still unknown.
    h.clock.advance(3 * 86_400_000);
    const { key: third } = h.core.keys.rotate(id);
    expect(errorOf(await h.call(key, task)).message).toMatch(`replaced on ${replacedOn} when it was rotated`);
    const secondOn = new Date(h.clock.now()).toISOString().slice(0, 10);
    expect(errorOf(await h.call(next, task)).message).toMatch(`replaced on ${secondOn} when it was rotated`);
    expect(errorOf(await h.call(`${third.slice(0, -4)}zzzz`, task)).message).toMatch(/^Unknown API key/);
    expect((await h.call(third, task)).statusCode).toBe(201);

    const revoked = await h.admin('keys.revoke', { id });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    expect(revoked.json().enabled).toBe(false);
    expect(errorOf(await h.call(third, task)).message).toMatch(/^This API key was revoked/);
    const rotateRevoked = await h.admin('keys.rotate', { id });
    expect(rotateRevoked.statusCode).toBe(409);
    expect(errorOf(rotateRevoked).message).toBe(`API key ${id} is revoked; create a new key instead`);
    const enableRevoked = await h.admin('keys.update', { id, enabled: true });
    expect(enableRevoked.statusCode).toBe(409);
    expect((await h.admin('keys.revoke', { id: 'key_00000000000000000000000000' })).statusCode).toBe(404);
  });

  it('writes the last-used time at most once a minute', async () => {
    h = await createHarness();
    const { id, key } = h.core.keys.create({ name: 'n8n', permissions: ['tasks:read'] });
    const start = h.clock.now();
    const lastUsed = () => h!.core.keys.get(id).lastUsedAt;
    await h.call(key, { method: 'GET', url: '/api/v1/tasks' });
    expect(lastUsed()).toBe(new Date(start).toISOString());
    h.clock.advance(59_000);
    await h.call(key, { method: 'GET', url: '/api/v1/tasks' });
    expect(lastUsed()).toBe(new Date(start).toISOString());
    h.clock.advance(1_000);
    await h.call(key, { method: 'GET', url: '/api/v1/tasks' });
    expect(lastUsed()).toBe(new Date(start + 60_000).toISOString());
    // A refused call (no permission) does not count as a use.
    h.clock.advance(120_000);
    await h.call(key, { method: 'GET', url: '/api/v1/clients' });
    expect(lastUsed()).toBe(new Date(start + 60_000).toISOString());
  });

  it('names invalid key input (422) through the contract', async () => {
    h = await createHarness();
    const res = await h.admin('keys.create', { name: '', permissions: ['tasks:everything'] });
    expect(res.statusCode).toBe(422);
    const paths = (errorOf(res).details as { fields: { path: string }[] }).fields.map((f) => f.path).sort();
    expect(paths).toEqual(['name', 'permissions.0']);
  });
});
