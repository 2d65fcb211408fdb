import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../../main/core/server/idempotency.js';
import { createHarness, errorOf, INCOMING, rowCounts, type Harness } from '../../support/server.js';
import { storeOf } from '../../../main/core/store/database.js';

let h: Harness;
let key: string;
beforeEach(async () => {
  h = await createHarness();
  key = h.key(['tasks:write', 'clients:write']);
});
afterEach(() => h.close());

const createTask = (idempotencyKey: string | undefined, payload: object, apiKey = key) =>
  h.call(apiKey, {
    method: 'POST',
    url: `${INCOMING}/tasks`,
    payload,
    headers: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey },
  });

describe('Idempotency-Key on POST', () => {
  it('the same key and body within 24 h returns the first response and creates nothing', async () => {
    const first = await createTask('mail-4711', { title: 'Reply to Anna', description: 'Hi' });
    expect(first.statusCode).toBe(201);
    const counts = rowCounts(h.core);

    h.clock.advance(23 * 60 * 60_000);
    // The same body with its keys in another order is the same request.
    const retry = await createTask('mail-4711', { description: 'Hi', title: 'Reply to Anna' });
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(rowCounts(h.core)).toEqual(counts);
  });

  it('the same key with another body is a 422', async () => {
    await createTask('mail-4711', { title: 'Reply to Anna' });
    const counts = rowCounts(h.core);
    const other = await createTask('mail-4711', { title: 'Something else' });
    expect(other.statusCode).toBe(422);
    expect(errorOf(other).message).toBe(
      'Idempotency-Key "mail-4711" was already used with a different request; use a new key for a new request',
    );
    expect(rowCounts(h.core)).toEqual(counts);
    // On another endpoint it is another request too.
    const elsewhere = await h.call(key, {
      method: 'POST',
      url: `${INCOMING}/clients`,
      payload: { title: 'Reply to Anna' },
      headers: { 'idempotency-key': 'mail-4711' },
    });
    expect(elsewhere.statusCode).toBe(422);
  });

  it('after 24 h the key is forgotten and the request runs again', async () => {
    await createTask('mail-4711', { title: 'Reply to Anna' });
    h.clock.advance(24 * 60 * 60_000 + 1);
    const again = await createTask('mail-4711', { title: 'Reply to Anna' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(rowCounts(h.core).tasks).toBe(2);
  });

  it('keys are per API key, and requests without one are never deduplicated', async () => {
    const other = h.key(['tasks:write']);
    await createTask('same', { title: 'x' });
    expect((await createTask('same', { title: 'x' }, other)).headers['idempotent-replayed']).toBeUndefined();
    await createTask(undefined, { title: 'x' });
    await createTask(undefined, { title: 'x' });
    expect(rowCounts(h.core).tasks).toBe(4);
  });

  it('a refused request keeps no response: fixed and sent again under the same key, it is created', async () => {
    const invalid = await createTask('retry-me', { title: '' });
    expect(invalid.statusCode).toBe(422);
    const fixed = await createTask('retry-me', { title: 'Now valid' });
    expect(fixed.statusCode).toBe(201);
    const replay = await createTask('retry-me', { title: 'Now valid' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(rowCounts(h.core).tasks).toBe(1);
  });

  it('refuses a malformed key (400)', async () => {
    const res = await createTask('x'.repeat(256), { title: 'x' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).message).toBe('Idempotency-Key must be 1 to 255 visible ASCII characters');
    expect(rowCounts(h.core).tasks).toBe(0);
  });

  it('a request still in flight in this process with the same key is a 409', async () => {
    const [first, second] = await Promise.all([
      createTask('busy', { title: 'x' }),
      createTask('busy', { title: 'x' }),
    ]);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(409);
    expect(errorOf(second).message).toBe(
      'A request with Idempotency-Key "busy" is still being processed; retry shortly',
    );
    expect(rowCounts(h.core).tasks).toBe(1);
    // Once the first has answered, the same key replays it.
    const replay = await createTask('busy', { title: 'x' });
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(first.json());
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('commits once: the key is only read before the change, the answer goes in its group commit, a replay writes nothing', async () => {
    // Statements are built on their first use: the warm-up (and its incoming log line) builds them.
    await createTask('warm-up', { title: 'x' });
    h.core.incomingLog.flush();
    const { work } = h.core;
    const { sqlite } = storeOf(h.core.store);
    const prepared = vi.spyOn(sqlite, 'prepare');
    const transactions = vi.spyOn(sqlite, 'transaction');
    const groups = vi.spyOn(work, 'commitWithOthers');
    try {
      const first = await createTask('once', { title: 'Reply to Anna' });
      expect(first.statusCode).toBe(201);
      // No transaction of its own before the change, and no statement built for the request.
      expect(groups).toHaveBeenCalledTimes(1);
      expect(transactions).not.toHaveBeenCalled();
      expect(prepared).not.toHaveBeenCalled();

      const replay = await createTask('once', { title: 'Reply to Anna' });
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(groups).toHaveBeenCalledTimes(1);
      expect(transactions).not.toHaveBeenCalled();
      expect(prepared).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
    expect(rowCounts(h.core)).toMatchObject({ tasks: 2, idempotency_keys: 2 });
  });

  it('the answer is saved in the same commit as the create: if saving it fails, neither is kept', async () => {
    // Refuses any row that holds an answer, whether inserted with it or updated to it.
    storeOf(h.core.store).sqlite.exec(`
      CREATE TRIGGER no_answer_insert BEFORE INSERT ON idempotency_keys WHEN NEW.response <> ''
        BEGIN SELECT RAISE(ABORT, 'no room for the answer'); END;
      CREATE TRIGGER no_answer_update BEFORE UPDATE ON idempotency_keys WHEN NEW.response <> ''
        BEGIN SELECT RAISE(ABORT, 'no room for the answer'); END;
    `);
    const before = rowCounts(h.core);
    const failed = await createTask('mail-4711', { title: 'Reply to Anna' });
    expect(failed.statusCode).toBe(500);
    expect(errorOf(failed)).toEqual({
      code: 'internal',
      message: 'Internal error: the server could not handle this request',
    });
    // No task, no task.created event, no reservation left to block the retry.
    expect(rowCounts(h.core)).toEqual(before);

    storeOf(h.core.store).sqlite.exec('DROP TRIGGER no_answer_insert; DROP TRIGGER no_answer_update;');
    const retry = await createTask('mail-4711', { title: 'Reply to Anna' });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(rowCounts(h.core)).toMatchObject({ tasks: 1, outbox: 1, idempotency_keys: 1 });
  });
});

describe('Idempotency-Key across a restart', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'dversum-idempotency-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('a reservation an earlier process left behind (killed mid-request) does not block the retry: a fresh create', async () => {
    const first = await createHarness({ dataDir });
    const rawKey = first.key(['tasks:write']);
    const body = { title: 'Reply to Anna' };
    const hash = createHash('sha256')
      .update(`POST ${INCOMING}/tasks\n${canonicalJson(body)}`)
      .digest('hex');
    // What the reservation committed before the create looked like when the process died.
    storeOf(first.core.store)
      .sqlite.prepare(
        'INSERT INTO idempotency_keys (scope, key, request_hash, status, response, created_at) VALUES (?, ?, ?, 0, ?, ?)',
      )
      .run(first.core.keys.authenticate(rawKey)!.id, 'mail-4711', hash, '', first.clock.now());
    await first.close();

    const restarted = await createHarness({ dataDir });
    try {
      const send = () =>
        restarted.call(rawKey, {
          method: 'POST',
          url: `${INCOMING}/tasks`,
          payload: body,
          headers: { 'idempotency-key': 'mail-4711' },
        });
      const retry = await send();
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
      expect(retry.json()).toMatchObject(body);
      const again = await send();
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(retry.json());
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(rowCounts(restarted.core).tasks).toBe(1);
    } finally {
      await restarted.close();
    }
  });
});
