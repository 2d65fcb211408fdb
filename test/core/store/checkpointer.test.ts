/**
 * The WAL checkpoint thread (store/checkpointer.ts): the app's connection never
 * checkpoints in a commit, the thread keeps the WAL file under its limit while
 * writes go on, empties it once they stop, costs nothing while nothing is written,
 * and on close leaves no WAL behind and nothing lost.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, storeOf, type Store } from '../../../main/core/store/database.js';
import {
  startCheckpointer,
  type CheckpointReport,
  type WalCheckpointer,
} from '../../../main/core/store/checkpointer.js';
import { SqliteUnitOfWork } from '../../../main/core/store/unit-of-work.js';
import { openCore, type TestCore } from '../../support/core.js';

const dirs: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dversum-checkpoint-'));
  dirs.push(dir);
  return join(dir, 'dversum.db');
};
const walBytes = (file: string) => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * 3,000 commits of two 3,000-character rows each (about 8 KiB of new pages a commit), a turn apart
 * every `turnEvery` commits as requests would be: the bytes written and the WAL file's largest size.
 */
async function burst(
  file: string,
  work: SqliteUnitOfWork,
  insert: Database.Statement,
  { turnEvery = 0 } = {},
): Promise<{ written: number; largest: number }> {
  const row = 'x'.repeat(3000);
  let largest = 0;
  let written = 0;
  for (let i = 0; i < 3000; i++) {
    await work.commitWithOthers(() => {
      insert.run(i * 2, row);
      insert.run(i * 2 + 1, row);
    });
    written += 2 * row.length;
    largest = Math.max(largest, walBytes(file));
    if (turnEvery > 0 && i % turnEvery === 0) await turn();
  }
  return { written, largest };
}

interface Opened {
  store: Store;
  checkpointer: WalCheckpointer;
  work: SqliteUnitOfWork;
  insert: Database.Statement;
  reports: CheckpointReport[];
}

function open(file: string, options: Parameters<typeof startCheckpointer>[2] = {}): Opened {
  const store = openStore(file);
  store.sqlite.exec('CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT');
  const checkpointer = startCheckpointer(store.sqlite, file, options);
  if (!checkpointer) throw new Error('no checkpointer for a file');
  const reports: CheckpointReport[] = [];
  checkpointer.onCheckpoint((report) => reports.push(report));
  const work = new SqliteUnitOfWork(store.sqlite, checkpointer.written);
  const insert = store.sqlite.prepare('INSERT INTO filler (id, body) VALUES (?, ?)');
  cleanups.push(async () => {
    await checkpointer.stop();
    store.close();
  });
  return { store, checkpointer, work, insert, reports };
}

describe('the WAL checkpoint thread', () => {
  it('moves the checkpoint inside commits on the app connection to a quarter of the WAL limit, and gives SQLite its own back when stopped', async () => {
    const file = tempFile();
    const { store, checkpointer } = open(file, { walLimitBytes: 64 * 1024 * 1024 });
    // 16 MiB of 4 KiB pages with their 24-byte frame headers, instead of SQLite's 1,000 pages.
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(4072);
    expect(store.sqlite.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
    await checkpointer.stop();
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('keeps the WAL file under its limit while 6 times that is written in commits, mid-burst', async () => {
    const file = tempFile();
    const limit = 2 * 1024 * 1024;
    const { work, insert, reports } = open(file, { walLimitBytes: limit, intervalMs: 50, idleMs: 60_000 });
    const { written, largest } = await burst(file, work, insert, { turnEvery: 20 });
    expect(written).toBeGreaterThan(6 * limit);
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThanOrEqual(limit);
    expect(reports.length).toBeGreaterThan(0);
  }, 60_000);

  it('keeps the limit when the thread falls behind: the writer takes over and empties the WAL itself', async () => {
    const file = tempFile();
    const limit = 2 * 1024 * 1024;
    // A thread that never gets to checkpoint mid-burst, and SQLite's automatic checkpoint refused
    // every time (as when the thread holds the checkpoint lock and gets no core).
    const { store, work, insert, reports } = open(file, {
      walLimitBytes: limit,
      intervalMs: 60_000,
      idleMs: 60_000,
    });
    store.sqlite.pragma('wal_autocheckpoint = 0');
    const { written, largest } = await burst(file, work, insert);
    expect(written).toBeGreaterThan(6 * limit);
    expect(reports).toEqual([]);
    expect(largest).toBeGreaterThan(limit / 2);
    expect(largest).toBeLessThanOrEqual(limit);
    expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 6000 });
  }, 60_000);

  it('empties the WAL file once writes stop (TRUNCATE), and wakes for nothing while nothing is written', async () => {
    const file = tempFile();
    const { work, insert, reports } = open(file, { intervalMs: 10, idleMs: 100 });
    for (let i = 0; i < 50; i++) await work.commitWithOthers(() => insert.run(i, 'a row'));
    expect(walBytes(file)).toBeGreaterThan(0);
    await expect.poll(() => reports.some((r) => r.mode === 'TRUNCATE')).toBe(true);
    expect(walBytes(file)).toBe(0);
    // Idle: no more checkpoints however long nothing is written.
    const count = reports.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(reports.length).toBe(count);
  });

  it('leaves scattered single writes to the quiet TRUNCATE: no checkpoint between them, so none starts the WAL over', async () => {
    const file = tempFile();
    const { work, insert, reports } = open(file, { intervalMs: 10, idleMs: 60_000 });
    const sizes: number[] = [];
    for (let i = 0; i < 8; i++) {
      await work.commitWithOthers(() => insert.run(i, 'a row'));
      sizes.push(walBytes(file));
      // Well past the interval: the thread has looked at each write on its own.
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    expect(reports).toEqual([]);
    // Each write appended its frames: a WAL started over would be written from its beginning again.
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeGreaterThan(sizes[i - 1]!);
  });

  it('checkpoints scattered writes mid-way once they reach the batch: so many commits, or so many new bytes', async () => {
    const file = tempFile();
    const { work, insert, reports } = open(file, { intervalMs: 10, idleMs: 60_000, batchCommits: 5 });
    for (let i = 0; i < 5; i++) {
      await work.commitWithOthers(() => insert.run(i, 'a row'));
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await expect.poll(() => reports.map((r) => r.mode)).toEqual(['PASSIVE']);

    const other = tempFile();
    const big = open(other, { intervalMs: 10, idleMs: 60_000, batchBytes: 1024 * 1024 });
    const row = 'x'.repeat(3000);
    // One commit of about 1.2 MiB: a burst by its bytes alone.
    await big.work.commitWithOthers(() => {
      for (let i = 0; i < 400; i++) big.insert.run(i, row);
    });
    await expect.poll(() => big.reports.map((r) => r.mode)).toEqual(['PASSIVE']);
  });

  it('keeps nothing alive: a process that opened it and wrote ends by itself', () => {
    const file = tempFile();
    const fixture = fileURLToPath(new URL('./fixtures/checkpointer-exit.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', fixture, file], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect({ signal: run.signal, status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      signal: null,
      status: 0,
      stdout: 'written\n',
      stderr: '',
    });
    const db = new Database(file, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM filler').get() as { n: number }).n).toBe(100);
    db.close();
  });
});

describe('a core on a data folder', () => {
  let t: TestCore | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('closes with the WAL checkpointed and removed, and every task there after reopening', async () => {
    t = openCore({ temp: true, checkpoint: { intervalMs: 60_000, idleMs: 60_000 } });
    const file = join(t.dataDir!, 'dversum.db');
    for (let i = 0; i < 200; i++) await t.core.tasks.create({ title: `Task ${i}` });
    expect(storeOf(t.core.store).sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(4072);
    expect(walBytes(file)).toBeGreaterThan(0);
    await t.core.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new Database(file, { readonly: true });
    expect((reopened.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n).toBe(200);
    reopened.close();
  });

  it('has no checkpoint thread for a database in memory, and keeps SQLite checkpoint there', async () => {
    t = openCore();
    expect(storeOf(t.core.store).sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
