/**
 * What an incoming call costs in SQL statements (issue 22 item 3): the key
 * gate, the rate limits, the incoming log and Idempotency-Key add nothing of
 * their own per call beyond what the turn's group commit writes. Every
 * statement the core runs is counted (test/support/statements.ts); one that
 * is not named here fails the test, so a regression cannot slip in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORGET_EVERY_MS } from '../../../main/core/handlers/idempotency.js';
import { createHarness, INCOMING, type Harness } from '../../support/server.js';
import { countStatements, type StatementCounter } from '../../support/statements.js';

const CALLS = 20;

/** The statements a create may run, by kind. */
const KINDS = {
  task: /^insert into "tasks"/,
  outbox: /^insert into "outbox"/,
  logLine: /^insert into "incoming_log"/,
  logTrim: /^delete from "incoming_log" where rowid/,
  keyVersion: /^select "version" from "key_version"/,
  answerRead: /^select "scope", "key", "request_hash", .* from "idempotency_keys"/,
  answerKeysLoaded: /^select "scope", "key", "created_at" from "idempotency_keys"/,
  answerWrite: /^insert into "idempotency_keys"/,
  answerExpiry: /^delete from "idempotency_keys"/,
  begin: /^BEGIN IMMEDIATE$/,
  commit: /^COMMIT$/,
  savepoint: /^(SAVEPOINT|RELEASE) /,
  // The fan-out of the turn's events, in the flush (dispatcher/fan-out.ts): once per turn.
  fanOutRead: /^select "seq", "id", "type", "webhook_id" from "outbox" where "outbox"."fanned_out_at" is null/,
  fanOutHooks: /^select "webhooks"."id", .* from "webhooks" left join "api_keys"/,
  fanOutMark: /^update "outbox" set "fanned_out_at" = \? where/,
} as const;
type Kind = keyof typeof KINDS;

let h: Harness;
let statements: StatementCounter;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  statements?.stop();
  await h.close();
});

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** The statements run, by kind; any other is listed under `unexpected`. */
function tally(ran: readonly string[]): Partial<Record<Kind, number>> & { unexpected: string[] } {
  const counts: Partial<Record<Kind, number>> & { unexpected: string[] } = { unexpected: [] };
  for (const source of ran) {
    const kind = (Object.keys(KINDS) as Kind[]).find((k) => KINDS[k].test(source));
    if (kind) counts[kind] = (counts[kind] ?? 0) + 1;
    else counts.unexpected.push(source);
  }
  return counts;
}

async function burst(key: string, headers: (i: number) => Record<string, string> = () => ({})) {
  const answers = await Promise.all(
    Array.from({ length: CALLS }, (_, i) =>
      h.call(key, {
        method: 'POST',
        url: `${INCOMING}/tasks`,
        payload: { title: `t${i}` },
        headers: headers(i),
      }),
    ),
  );
  expect(answers.map((a) => a.statusCode)).toEqual(Array(CALLS).fill(201));
  await turns(3); // the log lines of the burst are written at the end of the turn they were answered in
}

describe('statements per incoming create', () => {
  it('its task, its outbox row and its log line: the key gate, the rate limits and the log add none per call', async () => {
    const key = h.key(['tasks:write']);
    await burst(key); // the key verified, its last use written (once a minute), the statements prepared
    statements = countStatements(h.core);
    await burst(key);
    const counts = tally(statements.ran);
    expect(counts.unexpected).toEqual([]);
    expect(counts.task).toBe(CALLS);
    expect(counts.outbox).toBe(CALLS);
    expect(counts.logLine).toBe(CALLS);
    // Once per turn, not per call: the key version, the log's trim, the fan-out, the transaction.
    expect(counts.begin ?? 0).toBeLessThanOrEqual(4);
    expect(counts.keyVersion ?? 0).toBeLessThanOrEqual(counts.begin ?? 0);
    expect(counts.logTrim ?? 0).toBeLessThanOrEqual(counts.begin ?? 0);
    for (const kind of ['fanOutHooks', 'fanOutMark'] as const) {
      expect(counts[kind] ?? 0).toBeGreaterThanOrEqual(1);
      expect(counts[kind] ?? 0).toBeLessThanOrEqual(counts.begin ?? 0);
    }
    // No webhook here: the events are marked fanned out, never read back.
    expect(counts.fanOutRead ?? 0).toBe(0);
  });

  it('with an Idempotency-Key: its answer written with the change, the expired ones dropped once a minute', async () => {
    const key = h.key(['tasks:write']);
    await burst(key, (i) => ({ 'idempotency-key': `warm-${i}` }));
    statements = countStatements(h.core);
    await burst(key, (i) => ({ 'idempotency-key': `order-${i}` }));
    let counts = tally(statements.ran);
    expect(counts.unexpected).toEqual([]);
    expect(counts.answerWrite).toBe(CALLS);
    expect(counts.answerExpiry ?? 0).toBe(0);
    // New keys: the process owns its file, so memory says none was answered before.
    expect(counts.answerRead ?? 0).toBe(0);

    // A key answered before is read from the table, once, for its answer.
    statements.reset();
    const replay = await h.call(key, {
      method: 'POST',
      url: `${INCOMING}/tasks`,
      payload: { title: 't3' },
      headers: { 'idempotency-key': 'order-3' },
    });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    counts = tally(statements.ran);
    expect(counts.answerRead).toBe(1);
    expect(counts.task ?? 0).toBe(0);

    statements.reset();
    h.clock.advance(FORGET_EVERY_MS);
    await burst(key, (i) => ({ 'idempotency-key': `later-${i}` }));
    counts = tally(statements.ran);
    expect(counts.answerExpiry).toBe(1);
  });
});

describe('Idempotency-Key answers kept in memory only where the process owns the file', () => {
  const dirs: string[] = [];
  const others: Harness[] = [];
  afterEach(async () => {
    for (const other of others.splice(0)) await other.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'dversum-answers-'));
    dirs.push(dir);
    return dir;
  };
  const send = (on: Harness, key: string, idempotencyKey: string) =>
    on.call(key, {
      method: 'POST',
      url: `${INCOMING}/tasks`,
      payload: { title: 'Reply to Anna' },
      headers: { 'idempotency-key': idempotencyKey },
    });

  it('replays an answer another core saved in the same file (the table is read on every claim there)', async () => {
    const dbFile = join(folder(), 'dversum.db');
    const a = await createHarness({ dbFile });
    const b = await createHarness({ dbFile });
    others.push(a, b);
    const key = a.key(['tasks:write']);
    expect((await send(a, key, 'warm')).statusCode).toBe(201); // a has claimed (and would have loaded) before b saves
    const first = await send(b, key, 'order-1');
    expect(first.statusCode).toBe(201);
    const replay = await send(a, key, 'order-1');
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toBe(first.body);
  });

  it('replays an answer saved before a restart (the keys in memory are loaded from the table)', async () => {
    const dataDir = folder();
    const before = await createHarness({ dataDir });
    const key = before.key(['tasks:write']);
    const first = await send(before, key, 'order-2');
    expect(first.statusCode).toBe(201);
    await before.close();
    const after = await createHarness({ dataDir });
    others.push(after);
    const statements = countStatements(after.core);
    try {
      const replay = await send(after, key, 'order-2');
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toBe(first.body);
      expect(tally(statements.ran)).toMatchObject({ answerKeysLoaded: 1, answerRead: 1 });
      statements.reset();
      expect((await send(after, key, 'order-3')).statusCode).toBe(201);
      expect(tally(statements.ran).answerRead ?? 0).toBe(0);
    } finally {
      statements.stop();
    }
  });
});
