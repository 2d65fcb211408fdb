/**
 * backups.restore: a listed backup or a file comes back in place of the
 * running database, which is kept as "before restore"; the core is reopened
 * and sending starts paused, saying why. A file that is not a dVersum
 * database, is damaged or was written by a newer version is refused with
 * nothing touched: the running database (read with a connection of its own),
 * the file given and the backup folder stay as they were.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failure, rowCounts, tempDir } from '../../support/core.js';
import { openRestorable, type Restorable } from './restorable.js';

let h: Restorable | undefined;
const extra: { remove(): void }[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const dir of extra.splice(0)) dir.remove();
});

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('restore a listed backup', () => {
  it('brings the deleted client back, keeps the running database as "before restore" and starts paused with the reason', async () => {
    h = await openRestorable();
    const client = await h.call('clients.create', { name: 'Ada Lovelace' });
    await h.call('webhooks.create', {
      name: 'n8n',
      url: 'https://example.com/hook',
      events: ['client.created'],
    });
    const backup = await h.call('backups.create', {});
    await h.call('clients.delete', { id: client.id });
    h.clock.advance(1000);
    const oldCore = h.core;

    const result = await h.call('backups.restore', { id: backup.id });

    expect(h.core).not.toBe(oldCore);
    expect(await h.call('clients.get', { id: client.id })).toMatchObject({ name: 'Ada Lovelace' });
    const reason =
      `Paused after restoring a backup: ${backup.id} (taken ${backup.createdAt}). ` +
      'Deliveries that were pending in it are held until you resume sending.';
    // Beside the English, the code and params the window says it with (contract/reasons.ts).
    const coded = {
      pausedReasonCode: 'restore_paused',
      pausedReasonParams: { file: backup.id, takenAt: backup.createdAt },
    };
    expect(result).toMatchObject({ restoredFrom: backup.path, pausedReason: reason, ...coded });
    expect(await h.call('dispatch.status', {})).toMatchObject({ paused: true, pausedReason: reason, ...coded });
    const list = await h.call('backups.list', {});
    expect(list.items.map((b: { id: string; kind: string }) => [b.id, b.kind])).toEqual([
      [result.beforeRestore.id, 'before restore'],
      [backup.id, 'manual'],
    ]);
    // The "before restore" copy is the database as it was: without the client.
    const before = new Database(result.beforeRestore.path, { readonly: true });
    expect(before.prepare('SELECT count(*) AS n FROM clients').get()).toEqual({ n: 0 });
    before.close();
    // Nothing stale beside the database, and the restored file is what is on disk.
    expect(readdirSync(h.dataDir).filter((name) => /restoring|replaced/.test(name))).toEqual([]);
    expect(h.countOnDisk('clients')).toBe(1);

    // Resuming clears the reason.
    const resumed = await h.call('dispatch.setPaused', { paused: false });
    expect(resumed).not.toHaveProperty('pausedReason');
    expect(resumed).not.toHaveProperty('pausedReasonCode');
  });

  it('restores a file given by path, and keeps the backup folder setting it had', async () => {
    const elsewhere = tempDir();
    extra.push(elsewhere);
    h = await openRestorable();
    await h.call('clients.create', { name: 'Grace Hopper' });
    const backup = await h.call('backups.create', {});
    const copy = join(elsewhere.dir, 'from-the-old-laptop.db');
    writeFileSync(copy, readFileSync(backup.path));
    const folder = tempDir();
    extra.push(folder);
    await h.call('settings.update', { backups: { folder: folder.dir, keep: 5 } });
    await h.call('clients.create', { name: 'Katherine Johnson' });

    const result = await h.call('backups.restore', { path: copy });

    expect(result.restoredFrom).toBe(copy);
    expect(result.pausedReason).toBe(
      'Paused after restoring a backup: from-the-old-laptop.db. Deliveries that were pending in it are held until you resume sending.',
    );
    const names = (await h.call('clients.list', {})).items.map((c: { name: string }) => c.name);
    expect(names).toEqual(['Grace Hopper']);
    expect((await h.call('settings.get', {})).backups).toEqual({
      folder: folder.dir,
      keep: 5,
      dailyAt: '03:00',
    });
    expect((await h.call('backups.list', {})).items.map((b: { kind: string }) => b.kind)).toEqual([
      'before restore',
    ]);
  });
});

describe('restore refusals: nothing touched', () => {
  async function expectRefused(file: string, message: string, input: object = { path: file }) {
    const running = rowCounts(h!.core);
    const onDisk = h!.countOnDisk('clients');
    const listed = (await h!.call('backups.list', {})).items;
    const source = existsSync(file) ? sha(file) : undefined;
    const oldCore = h!.core;

    expect(await failure(h!.call('backups.restore', input))).toMatchObject({
      status: 422,
      code: 'validation_failed',
      message,
    });

    expect(h!.core).toBe(oldCore);
    expect(rowCounts(h!.core)).toEqual(running);
    expect(h!.countOnDisk('clients')).toBe(onDisk);
    expect((await h!.call('backups.list', {})).items).toEqual(listed);
    if (source) expect(sha(file)).toBe(source);
    expect(readdirSync(h!.dataDir).filter((name) => /restoring|replaced/.test(name))).toEqual([]);
    expect(await h!.call('dispatch.status', {})).toMatchObject({ paused: false });
  }

  async function withClients(): Promise<{ dir: string }> {
    const elsewhere = tempDir();
    extra.push(elsewhere);
    h = await openRestorable();
    await h.call('clients.create', { name: 'Ada Lovelace' });
    await h.call('clients.create', { name: 'Grace Hopper' });
    return elsewhere;
  }

  it('a file that is not a database', async () => {
    const { dir } = await withClients();
    const file = join(dir, 'invoices.xlsx');
    writeFileSync(file, 'PK\u0003\u0004 a spreadsheet, not a database');
    await expectRefused(file, `${file} is not a dVersum database: nothing was restored`);
  });

  it("another program's SQLite database", async () => {
    const { dir } = await withClients();
    const file = join(dir, 'other.db');
    const other = new Database(file);
    other.exec(
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x')",
    );
    other.close();
    await expectRefused(file, `${file} is not a dVersum database: nothing was restored`);
  });

  it('a damaged backup', async () => {
    const { dir } = await withClients();
    const backup = await h!.call('backups.create', {});
    const file = join(dir, 'damaged.db');
    const bytes = readFileSync(backup.path);
    // Page 2 onwards overwritten: the header still says SQLite, the b-trees are garbage.
    bytes.fill(0x5a, 4096, Math.min(bytes.length, 4096 * 6));
    writeFileSync(file, bytes);
    const refused = await failure(h!.call('backups.restore', { path: file }));
    expect(refused.message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged \\(.+\\): nothing was restored$`,
      ),
    );
    await expectRefused(file, refused.message);
  });

  it('a database written by a newer version of dVersum', async () => {
    const { dir } = await withClients();
    const backup = await h!.call('backups.create', {});
    const file = join(dir, 'newer.db');
    writeFileSync(file, readFileSync(backup.path));
    const newer = new Database(file);
    newer
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('future', 4102444800000);
    newer.close();
    await expectRefused(
      file,
      `${file} was written by a newer version of dVersum (1 migration this version does not know): nothing was restored. Update dVersum first.`,
    );
  });

  it('a file that does not exist', async () => {
    const { dir } = await withClients();
    const file = join(dir, 'gone.db');
    await expectRefused(file, `${file} does not exist: nothing was restored`);
  });

  it('an id that names no listed backup is a 404', async () => {
    h = await openRestorable();
    const id = 'dversum-20260101-030000-daily.db';
    expect(await failure(h.call('backups.restore', { id }))).toMatchObject({
      status: 404,
      message: `No backup in ${join(h.dataDir, 'backups')} with id ${id}`,
    });
    expect(await failure(h.call('backups.restore', { id: '../dversum.db' }))).toMatchObject({ status: 422 });
  });
});
