/**
 * The verified-key cache (`access/verified-keys.ts`): a busy key costs no
 * lookup, and no change to a key, in this process or in another one on the
 * same file, is missed by the next call. The calls go through the real gate
 * (inject, or a real socket where another core changes the key in between).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../../main/core/access/key-format.js';
import { MAX_KEYS, TTL_MS, VerifiedKeys } from '../../../main/core/access/verified-keys.js';
import { ManualClock } from '../../../main/core/clock.js';
import { openCore, type TestCore } from '../../support/core.js';
import { createHarness, errorOf, INCOMING, listen, type Harness } from '../../support/server.js';
import { countStatements, type StatementCounter } from '../../support/statements.js';

const KEY_LOOKUP = /from "api_keys"/;
const VERSION_READ = /from "key_version"/;

const dirs: string[] = [];
const opened: { close(): Promise<void> }[] = [];
const counters: StatementCounter[] = [];
afterEach(async () => {
  for (const counter of counters.splice(0)) counter.stop();
  for (const it of opened.splice(0).reverse()) await it.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function harness(options: { dbFile?: string } = {}): Promise<Harness> {
  const h = await createHarness(options);
  opened.push(h);
  return h;
}

function counter(h: Harness): StatementCounter {
  const c = countStatements(h.core);
  counters.push(c);
  return c;
}

const createTask = (h: Harness, key: string, title = 'From the cache') =>
  h.call(key, { method: 'POST', url: `${INCOMING}/tasks`, payload: { title } });

/** Any well-formed key that was never issued. */
const wrongKey = (): string => generateApiKey().key;

describe('a verified key in one process', () => {
  it('is looked up once for a burst of calls, and key_version read at most once per turn', async () => {
    const h = await harness();
    const key = h.key(['tasks:write']);
    const statements = counter(h);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => createTask(h, key, `t${i}`)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(201));
    for (let i = 0; i < 20; i++) expect((await createTask(h, key)).statusCode).toBe(201);
    expect(statements.count(KEY_LOOKUP)).toBe(1);
    // The 20 concurrent calls share a turn or a few; the 20 one after another a turn each.
    expect(statements.count(VERSION_READ)).toBeLessThanOrEqual(1 + 20 + 2);
  });

  it('is looked up again after 5 s on the clock', async () => {
    const h = await harness();
    const key = h.key(['tasks:write']);
    const statements = counter(h);
    await createTask(h, key);
    h.clock.advance(TTL_MS - 1);
    await createTask(h, key);
    expect(statements.count(KEY_LOOKUP)).toBe(1);
    h.clock.advance(1);
    expect((await createTask(h, key)).statusCode).toBe(201);
    expect(statements.count(KEY_LOOKUP)).toBe(2);
  });

  it('stops within the same turn when revoked mid-burst', async () => {
    const h = await harness();
    const key = h.key(['tasks:write']);
    const id = h.core.keys.list()[0].id;
    // Synchronous, so all in one event-loop turn: a check, the revoke, the next check.
    expect(h.core.keys.check(key).ok).toBe(true);
    expect(h.core.keys.check(key).ok).toBe(true);
    h.core.keys.revoke(id);
    expect(h.core.keys.check(key)).toMatchObject({ ok: false, reason: 'revoked' });

    const refused = await createTask(h, key);
    expect(refused.statusCode).toBe(401);
    expect(errorOf(refused)).toEqual({
      code: 'unauthorized',
      message: 'This API key was revoked: create a new one in Settings > Integrations',
    });
  });

  it('follows a permission taken away in the same turn', async () => {
    const h = await harness();
    const key = h.key(['tasks:write', 'tasks:read']);
    const id = h.core.keys.list()[0].id;
    expect((await createTask(h, key)).statusCode).toBe(201);
    const burst = [createTask(h, key, 'before')];
    h.core.keys.update({ id, permissions: ['tasks:read'] });
    burst.push(createTask(h, key, 'after'));
    const [, after] = await Promise.all(burst);
    expect(after.statusCode).toBe(403);
    expect(errorOf(after)).toEqual({
      code: 'forbidden',
      message: 'This key may not Create/edit/delete tasks (tasks:write)',
    });
  });

  it('is never matched by a key that differs from it in one character', async () => {
    const h = await harness();
    const key = h.key(['tasks:write']);
    expect((await createTask(h, key)).statusCode).toBe(201);
    const last = key.at(-1) === 'a' ? 'b' : 'a';
    const refused = await createTask(h, key.slice(0, -1) + last);
    expect(refused.statusCode).toBe(401);
    expect(errorOf(refused)).toEqual({
      code: 'unauthorized',
      message: 'Unknown API key: check that the whole key was copied (it starts with ik_live_)',
    });
  });

  it('stays served from memory through a flood of 2,000 wrong keys, which are never kept', async () => {
    const h = await harness();
    await h.admin('settings.update', { rateLimits: { refusedPerMinute: 0 } });
    const key = h.key(['tasks:write']);
    expect((await createTask(h, key)).statusCode).toBe(201);
    const statements = counter(h);
    for (let round = 0; round < 20; round++) {
      const answers = await Promise.all(Array.from({ length: 100 }, () => createTask(h, wrongKey())));
      expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([401]));
    }
    // Every wrong key was looked up (nothing negative is kept to be evicted or to grow)...
    expect(statements.count(KEY_LOOKUP)).toBe(2000);
    statements.reset();
    // ...and the good key is still where it was.
    expect((await createTask(h, key)).statusCode).toBe(201);
    expect(statements.count(KEY_LOOKUP)).toBe(0);
  });
});

describe('the cache itself', () => {
  it('holds at most 256 keys, the least recently used going first', () => {
    const clock = new ManualClock(0);
    const cache = new VerifiedKeys<string>(clock, () => 1);
    const hash = (i: number) => i.toString(16).padStart(64, '0');
    cache.sync();
    for (let i = 0; i < MAX_KEYS; i++) cache.remember(hash(i), `k${i}`);
    expect(cache.get(hash(0))).toBe('k0'); // now the most recent
    cache.remember(hash(1000), 'k-new');
    expect(cache.size).toBe(MAX_KEYS);
    expect(cache.get(hash(1))).toBeUndefined();
    expect(cache.get(hash(0))).toBe('k0');
    expect(cache.get(hash(1000))).toBe('k-new');
  });

  it('drops everything when key_version moves, read once per turn', async () => {
    let version = 1;
    let reads = 0;
    const cache = new VerifiedKeys<string>(new ManualClock(0), () => {
      reads++;
      return version;
    });
    cache.sync();
    const a = 'a'.repeat(64);
    cache.remember(a, 'key-a');
    version = 2;
    expect(cache.get(a)).toBe('key-a'); // the same turn: as of the turn's read
    expect(reads).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache.get(a)).toBeUndefined();
    expect(reads).toBe(2);
  });
});

describe('a key changed by another process on the same file', () => {
  /** A: the app serving on a real socket; B: another core on the same database file. */
  async function twoProcesses(): Promise<{ a: Harness; b: TestCore; url: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'dversum-keys-'));
    dirs.push(dir);
    const dbFile = join(dir, 'dversum.db');
    const a = await harness({ dbFile });
    const b = openCore({ dbFile });
    opened.push(b);
    return { a, b, url: await listen(a.app) };
  }

  const post = async (url: string, key: string, title = 'Over the socket') => {
    const res = await fetch(`${url}${INCOMING}/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', host: '127.0.0.1:4317' },
      body: JSON.stringify({ title }),
    });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
  };

  it('is refused on the next call once its revoke has committed', async () => {
    const { a, b, url } = await twoProcesses();
    const key = a.key(['tasks:write']);
    const id = a.core.keys.list()[0].id;
    expect((await post(url, key)).status).toBe(201);
    expect((await post(url, key)).status).toBe(201);
    b.core.keys.revoke(id);
    expect(await post(url, key)).toEqual({
      status: 401,
      body: {
        error: {
          code: 'unauthorized',
          message: 'This API key was revoked: create a new one in Settings > Integrations',
        },
      },
    });
  });

  it('follows a disable, a permission, an IP rule and a rotation made there', async () => {
    const { a, b, url } = await twoProcesses();
    const key = a.key(['tasks:write']);
    const id = a.core.keys.list()[0].id;
    expect((await post(url, key)).status).toBe(201);

    b.core.keys.update({ id, enabled: false });
    expect(await post(url, key)).toEqual({
      status: 401,
      body: {
        error: {
          code: 'unauthorized',
          message: 'This API key is disabled: enable it in Settings > Integrations',
        },
      },
    });
    b.core.keys.update({ id, enabled: true });
    expect((await post(url, key)).status).toBe(201);

    b.core.keys.update({ id, permissions: ['tasks:read'] });
    expect(await post(url, key)).toEqual({
      status: 403,
      body: {
        error: { code: 'forbidden', message: 'This key may not Create/edit/delete tasks (tasks:write)' },
      },
    });
    b.core.keys.update({ id, permissions: ['tasks:write'] });
    expect((await post(url, key)).status).toBe(201);

    b.core.keys.update({ id, ipWhitelist: ['10.0.0.0/8'] });
    expect(await post(url, key)).toEqual({
      status: 403,
      body: {
        error: { code: 'forbidden', message: "IP address 127.0.0.1 is not on this API key's IP whitelist" },
      },
    });
    b.core.keys.update({ id, ipWhitelist: [] });
    expect((await post(url, key)).status).toBe(201);

    const { key: rotated } = b.core.keys.rotate(id);
    const old = await post(url, key);
    expect(old.status).toBe(401);
    expect(old.body.error?.message).toMatch(
      /^This key was replaced on \d{4}-\d{2}-\d{2} when it was rotated\. /,
    );
    expect((await post(url, rotated)).status).toBe(201);
  });

  it('lets a key created there in at once, even with another key cached here', async () => {
    const { a, b, url } = await twoProcesses();
    const cached = a.key(['tasks:write']);
    expect((await post(url, cached)).status).toBe(201);
    // Refused before it exists: nothing about it may be kept.
    const early = await post(url, wrongKey());
    expect(early.status).toBe(401);
    const created = b.core.keys.create({
      name: 'made by the other process',
      permissions: ['tasks:write'],
    }).key;
    expect((await post(url, created)).status).toBe(201);
    expect((await post(url, cached)).status).toBe(201);
  });
});
