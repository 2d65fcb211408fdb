/**
 * Retention's batches (issue 22 item 4): across many batches it deletes exactly
 * the finished rows past the limit and keeps every waiting one; a batch ends when
 * its time budget is spent and other work runs between batches; a crash mid-way
 * keeps what earlier batches committed and the next run finishes the job; and the
 * injected clock, not the wall, decides what "a day" is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LogRetention, type RetentionOptions } from '../../../main/core/dispatcher/retention.js';
import { storeOf } from '../../../main/core/store/database.js';
import { createOutgoingStore } from '../../../main/core/store/outgoing-store.js';
import { openHarness, tempDir, type Harness } from '../../support/core.js';

const DAY_MS = 86_400_000;

let h: Harness | undefined;
let folder: { dir: string; remove(): void } | undefined;
afterEach(async () => {
  await h?.core.close();
  h = undefined;
  folder?.remove();
  folder = undefined;
});

interface Row {
  status: 'pending' | 'success' | 'error' | 'retrying' | 'failed' | 'skipped';
  createdAt: number;
  /** The last change; the creation time unless given. */
  updatedAt?: number;
}

const sqlite = () => storeOf(h!.core.store).sqlite;
const idOf = (i: number) => `dlv_${String(i).padStart(26, '0')}`;

/** Deliveries (each with one attempt) straight into the table, ids in the order given. */
async function seed(rows: Row[]): Promise<void> {
  const hook = await h!.call('webhooks.create', {
    name: 'n8n',
    url: 'http://127.0.0.1:9/hook',
    events: ['*'],
  });
  const delivery = sqlite().prepare(
    `INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempt, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, 'task.created', ?, 1, ?, ?, ?)`,
  );
  const attempt = sqlite().prepare(
    `INSERT INTO delivery_attempts (delivery_seq, attempt, started_at, request_headers, duration_ms, outcome)
     VALUES ((SELECT seq FROM deliveries WHERE id = ?), 1, ?, '{}', 5, 'success')`,
  );
  sqlite().transaction(() => {
    rows.forEach((row, i) => {
      const waiting = row.status === 'pending' || row.status === 'retrying' || row.status === 'error';
      const next = waiting ? h!.clock.now() + DAY_MS : null;
      delivery.run(
        idOf(i),
        hook.id,
        `evt_${i}`,
        row.status,
        next,
        row.createdAt,
        row.updatedAt ?? row.createdAt,
      );
      attempt.run(idOf(i), row.createdAt);
    });
  })();
}

const left = (): string[] =>
  sqlite().prepare('SELECT id FROM deliveries ORDER BY id').pluck().all() as string[];
const attemptsLeft = (): string[] =>
  sqlite()
    .prepare('SELECT d.id FROM delivery_attempts a JOIN deliveries d ON d.seq = a.delivery_seq ORDER BY d.id')
    .pluck()
    .all() as string[];

const retention = (options: RetentionOptions) =>
  new LogRetention({ ...h!.core, store: createOutgoingStore(storeOf(h!.core.store)) }, options);

/** A stopwatch that moves `stepMs` each time it is read: a batch's budget is spent after a known number of rows. */
function steppingStopwatch(stepMs: number): () => number {
  let now = 0;
  return () => (now += stepMs);
}

describe('retention in batches', () => {
  it('across many batches deletes exactly the finished rows past the limit, with their attempts, and keeps every waiting one', async () => {
    h = openHarness();
    const now = h.clock.now();
    const statuses: Row['status'][] = ['success', 'pending', 'failed', 'retrying', 'skipped', 'error'];
    const rows: Row[] = [];
    for (let i = 0; i < 90; i++) {
      const old = i < 60;
      // Every seventh old one finished only yesterday (sent late): it stays as long as any other.
      const finishedLate = old && i % 7 === 0;
      const createdAt = old ? now - 40 * DAY_MS + Math.floor(i / 3) * 1000 : now - 10 * DAY_MS + i;
      rows.push({ status: statuses[i % 6], createdAt, updatedAt: finishedLate ? now - DAY_MS : createdAt });
    }
    await seed(rows);
    const expected = rows
      .map((row, i) => ({ row, id: idOf(i) }))
      .filter(({ row }) => {
        const finished = row.status === 'success' || row.status === 'failed' || row.status === 'skipped';
        const cutoff = now - 30 * DAY_MS;
        return !(finished && row.createdAt < cutoff && (row.updatedAt ?? row.createdAt) < cutoff);
      })
      .map(({ id }) => id);
    expect(expected.length).toBeLessThan(90);

    // Four rows a batch: the 60 old ones take 15 batches, ids sharing a created_at across batch ends.
    expect(await retention({ batchSize: 4 }).prune()).toEqual({
      deliveries: 90 - expected.length,
      events: 0,
    });
    expect(left()).toEqual(expected);
    expect(attemptsLeft()).toEqual(expected);
    for (const id of left()) {
      const { status } = sqlite().prepare('SELECT status FROM deliveries WHERE id = ?').get(id) as {
        status: string;
      };
      if (Number(id.slice(4)) < 60 && Number(id.slice(4)) % 7 !== 0)
        expect(['pending', 'retrying', 'error']).toContain(status);
    }
  });

  it('a batch larger than one read walks on through several reads and stops where the old rows end', async () => {
    h = openHarness();
    const now = h.clock.now();
    const rows: Row[] = Array.from({ length: 130 }, (_, i) => ({
      status: i === 70 ? ('pending' as const) : ('success' as const),
      createdAt: i < 120 ? now - 40 * DAY_MS + i : now - DAY_MS + i,
    }));
    await seed(rows);
    // A stopwatch that stands still: one batch of up to 500 rows, read 50 at a time.
    expect(await retention({ batchSize: 500, stopwatch: () => 0 }).prune()).toEqual({
      deliveries: 119,
      events: 0,
    });
    expect(left()).toEqual([70, ...Array.from({ length: 10 }, (_, i) => 120 + i)].map(idOf));
  });

  it('a batch ends when its time budget is spent, committed, and other work runs before the next one', async () => {
    h = openHarness();
    const old = h.clock.now() - 40 * DAY_MS;
    await seed(Array.from({ length: 30 }, (_, i) => ({ status: 'success' as const, createdAt: old + i })));

    // Read once at the start and once after each row: 4, 8, 12 ms, so a 10 ms budget ends each batch at 3 rows.
    const run = retention({ batchSize: 500, batchBudgetMs: 10, stopwatch: steppingStopwatch(4) });
    const seen: number[] = [];
    const count = sqlite().prepare('SELECT count(*) FROM deliveries').pluck();
    const watcher = setInterval(() => seen.push(count.get() as number), 1);
    try {
      expect(await run.prune()).toEqual({ deliveries: 30, events: 0 });
    } finally {
      clearInterval(watcher);
    }
    expect(left()).toEqual([]);
    // Between batches the count was seen at every step of 3: whole batches committed, the loop free in between.
    const distinct = [...new Set(seen)];
    expect(distinct.filter((n) => n > 0)).toEqual([27, 24, 21, 18, 15, 12, 9, 6, 3]);
  });

  it('a crash mid-way keeps what the earlier batches committed; the next run, after a restart, deletes exactly the rest', async () => {
    folder = tempDir();
    h = openHarness({ dataDir: folder.dir });
    const now = h.clock.now();
    const old = now - 40 * DAY_MS;
    const rows: Row[] = Array.from({ length: 40 }, (_, i) => ({
      status: i % 10 === 9 ? ('retrying' as const) : ('success' as const),
      createdAt: old + i,
    }));
    await seed(rows);
    // The process "dies" on the 24th row, in the fifth batch of five (rows 20–24).
    sqlite().exec(
      `CREATE TRIGGER crash BEFORE DELETE ON deliveries WHEN old.id = '${idOf(23)}'
       BEGIN SELECT RAISE(ABORT, 'the process died here'); END`,
    );
    // A stopwatch that stands still: batches of exactly five, whatever the machine's load.
    await expect(retention({ batchSize: 5, stopwatch: () => 0 }).prune()).rejects.toThrow(
      'the process died here',
    );
    const survivors = rows.map((_, i) => idOf(i)).filter((_, i) => i >= 20 || i % 10 === 9);
    expect(left()).toEqual(survivors);

    // A restart: the same folder opened again, the next run walks from the start.
    await h.core.close();
    h = openHarness({ dataDir: folder.dir, now });
    sqlite().exec('DROP TRIGGER crash');
    expect(left()).toEqual(survivors);
    expect(await retention({ batchSize: 5 }).prune()).toEqual({ deliveries: 18, events: 0 });
    expect(left()).toEqual([idOf(9), idOf(19), idOf(29), idOf(39)]);
    expect(attemptsLeft()).toEqual([idOf(9), idOf(19), idOf(29), idOf(39)]);
  });

  it('the injected clock decides "a day": a finished row goes the millisecond after logRetentionDays, not before', async () => {
    h = openHarness();
    await h.call('settings.update', { logRetentionDays: 1 });
    const finishedAt = h.clock.now() - DAY_MS + 1;
    await seed([
      { status: 'success', createdAt: finishedAt - 5000, updatedAt: finishedAt },
      { status: 'retrying', createdAt: finishedAt - 5000 },
    ]);
    const run = retention({ batchSize: 2 });
    expect(await run.prune()).toEqual({ deliveries: 0, events: 0 });
    h.clock.advance(1); // exactly a day: not yet past it
    expect(await run.prune()).toEqual({ deliveries: 0, events: 0 });
    h.clock.advance(1);
    expect(await run.prune()).toEqual({ deliveries: 1, events: 0 });
    expect(left()).toEqual([idOf(1)]);
    h.clock.advance(365 * DAY_MS);
    expect(await run.prune()).toEqual({ deliveries: 0, events: 0 });
    expect(left()).toEqual([idOf(1)]);
  });

  it('a scheduled run that fails says so and runs again at its next interval (no unhandled rejection)', async () => {
    h = openHarness();
    const old = h.clock.now() - 40 * DAY_MS;
    await seed([
      { status: 'success', createdAt: old },
      { status: 'success', createdAt: old + 1 },
    ]);
    sqlite().exec(
      `CREATE TRIGGER full BEFORE DELETE ON deliveries WHEN old.id = '${idOf(0)}'
       BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
    );
    const lines: string[] = [];
    const run = retention({ intervalMs: 20, log: (line) => lines.push(line) });
    run.start();
    try {
      await expect.poll(() => lines.length).toBeGreaterThan(0);
      expect(lines[0]).toBe(
        'dVersum: log retention stopped early and tries again at its next run: database or disk is full',
      );
      sqlite().exec('DROP TRIGGER full');
      await expect.poll(() => left()).toEqual([]);
    } finally {
      await run.stop();
    }
  });
});
