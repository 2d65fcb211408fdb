/**
 * The disk full (SQLITE_FULL, simulated with `PRAGMA max_page_count`) and the
 * database read-only: each call that would write answers a 503 that says what
 * happened, nothing is half-written (a task without its event or the reverse),
 * and the file passes `PRAGMA integrity_check` afterwards.
 */
import Database from 'better-sqlite3';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, errorOf, INCOMING, type Harness } from '../support/server.js';
import { runFixture } from './child-process.js';
import { storeOf } from '../../main/core/store/database.js';
import { outboxBodies } from '../support/outbox-bodies.js';

const FULL_MESSAGE =
  'The disk holding the dVersum database is full: nothing was saved. Free some space, then try again.';
const READ_ONLY_MESSAGE =
  'The dVersum database file is read-only: nothing was saved. Make the data folder and its dversum.db writable, then try again.';

const dirs: string[] = [];
let h: Harness | undefined;
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dversum-faults-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

const count = (db: Database.Database, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

/** Every task has exactly its task.created event and every such event its task. */
function assertWholeChanges(db: Database.Database): void {
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  // The events keep only their data, maybe packed: read as the bodies they send.
  const eventTaskIds = outboxBodies(db, "type = 'task.created'").map(
    (row) => (JSON.parse(row.body) as { data: { id: string } }).data.id,
  );
  const taskIds = (db.prepare('SELECT id FROM tasks').pluck().all() as string[]).sort();
  const orphanTasks = taskIds.filter((id) => eventTaskIds.filter((e) => e === id).length !== 1).length;
  const orphanEvents = eventTaskIds.filter((id) => !taskIds.includes(id)).length;
  expect({ orphanTasks, orphanEvents }).toEqual({ orphanTasks: 0, orphanEvents: 0 });
}

const createTask = (key: string, title: string, description = '') =>
  h!.call(key, { method: 'POST', url: `${INCOMING}/tasks`, payload: { title, description } });

describe('the disk full', () => {
  it('answers 503 with what happened, writes nothing in part, keeps the file whole, and works again once space is back', async () => {
    const dataDir = tempDir();
    h = await createHarness({ dataDir });
    const key = h.key(['tasks:write']);
    expect((await createTask(key, 'before')).statusCode).toBe(201);

    // Room for a few more pages only; then tasks with 19 KB descriptions until one does not fit.
    const pages = storeOf(h.core.store).sqlite.pragma('page_count', { simple: true }) as number;
    storeOf(h.core.store).sqlite.pragma(`max_page_count = ${pages + 12}`);
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof createTask>> | undefined;
    for (let i = 0; i < 100 && !refused; i++) {
      const res = await createTask(key, `filling ${i}`, 'x'.repeat(19_000));
      statuses.push(res.statusCode);
      if (res.statusCode !== 201) refused = res;
    }
    expect(refused, `statuses ${statuses.join(',')}`).toBeDefined();
    expect(refused!.statusCode).toBe(503);
    expect(errorOf(refused!)).toEqual({
      code: 'unavailable',
      message: FULL_MESSAGE,
      details: { storage: 'SQLITE_FULL' },
    });
    expect(refused!.headers['retry-after']).toBe('60');
    // Reads still work while the disk is full.
    const read = h.key(['tasks:read']);
    expect((await h.call(read, { method: 'GET', url: '/api/v1/tasks' })).statusCode).toBe(200);
    assertWholeChanges(storeOf(h.core.store).sqlite);

    // Space is back: the same call succeeds, and the file reopens whole.
    storeOf(h.core.store).sqlite.pragma('max_page_count = 1073741823');
    expect((await createTask(key, 'after')).statusCode).toBe(201);
    const tasks = count(storeOf(h.core.store).sqlite, 'SELECT count(*) AS n FROM tasks');
    await h.close();
    h = undefined;
    const reopened = new Database(join(dataDir, 'dversum.db'));
    assertWholeChanges(reopened);
    expect(count(reopened, 'SELECT count(*) AS n FROM tasks')).toBe(tasks);
    reopened.close();
  });

  it('through the contract (the window): the same 503 and message', async () => {
    h = await createHarness({ dataDir: tempDir() });
    // The pages the migrations' table rebuilds left free are room too: a filler takes them first.
    const sqlite = storeOf(h.core.store).sqlite;
    const free = sqlite.pragma('freelist_count', { simple: true }) as number;
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
    sqlite
      .prepare("INSERT INTO kv (key, value, updated_at) VALUES ('filler', ?, 0)")
      .run('f'.repeat(free * pageSize));
    expect(sqlite.pragma('freelist_count', { simple: true })).toBe(0);
    const pages = sqlite.pragma('page_count', { simple: true }) as number;
    sqlite.pragma(`max_page_count = ${pages}`);
    const res = await h.admin('clients.create', { name: 'A full disk', notes: 'n'.repeat(9_000) });
    expect(res.statusCode).toBe(503);
    expect(errorOf(res).message).toBe(FULL_MESSAGE);
    expect(count(storeOf(h.core.store).sqlite, 'SELECT count(*) AS n FROM clients')).toBe(0);
    expect(storeOf(h.core.store).sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('the database read-only', () => {
  it('while running: 503 that says the file is read-only, nothing written', async () => {
    h = await createHarness({ dataDir: tempDir() });
    const key = h.key(['tasks:write']);
    expect((await createTask(key, 'before')).statusCode).toBe(201);
    storeOf(h.core.store).sqlite.pragma('query_only = ON');
    const res = await createTask(key, 'refused');
    expect(res.statusCode).toBe(503);
    expect(errorOf(res)).toEqual({
      code: 'unavailable',
      message: READ_ONLY_MESSAGE,
      details: { storage: 'SQLITE_READONLY' },
    });
    storeOf(h.core.store).sqlite.pragma('query_only = OFF');
    expect(count(storeOf(h.core.store).sqlite, 'SELECT count(*) AS n FROM tasks')).toBe(1);
    assertWholeChanges(storeOf(h.core.store).sqlite);
  });

  it('at start, a read-only database file: refused with a message naming the file', async () => {
    const dataDir = tempDir();
    h = await createHarness({ dataDir });
    await h.close();
    h = undefined;
    const file = join(dataDir, 'dversum.db');
    chmodSync(dataDir, 0o777); // the folder is writable, the file is not
    chmodSync(file, 0o444);
    const child = runFixture('open-as-nobody.ts', [dataDir]);
    const line = await child.waitForLine(/^(opened|refused: )/);
    expect(line).toBe(
      `refused: The database file ${file} is read-only (EACCES): dVersum cannot start on it. ` +
        'Make it and its folder writable for this user, or point DVERSUM_DATA_DIR at another folder.',
    );
    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('at start, a read-only data folder: refused with a message naming the folder', async () => {
    const dataDir = tempDir();
    h = await createHarness({ dataDir });
    await h.close();
    h = undefined;
    chmodSync(dataDir, 0o555);
    const child = runFixture('open-as-nobody.ts', [dataDir]);
    const line = await child.waitForLine(/^(opened|refused: )/);
    expect(line).toBe(
      `refused: The data folder ${dataDir} cannot be written (EACCES): dVersum keeps its database there. ` +
        'Make the folder writable for this user, or point DVERSUM_DATA_DIR at another folder.',
    );
  });
});
