/**
 * backups.create and backups.list: an online backup while writes go on, a
 * complete single-file copy checked before it is listed, the newest `keep`
 * kept, and a folder that is missing or cannot be written refused by name.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BEFORE_RESTORE_KEPT } from '../../../main/core/backup/backups-service.js';
import { failure, openHarness, tempDir, type Harness } from '../../support/core.js';
import { createHarness } from '../../support/server.js';

let h: Harness | undefined;
const extra: { remove(): void }[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const dir of extra.splice(0)) dir.remove();
});

const clientsIn = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM clients').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('Back up now', () => {
  it('writes a checked, self-contained copy beside the database and lists it with size and time', async () => {
    h = openHarness({ temp: true });
    await h.call('clients.create', { name: 'Ada Lovelace' });
    const made = await h.call('backups.create', {});
    const folder = join(h.dataDir!, 'backups');
    expect(made).toEqual({
      id: 'dversum-20260115-090000-manual.db',
      kind: 'manual',
      createdAt: '2026-01-15T09:00:00.000Z',
      size: expect.any(Number),
      path: join(folder, 'dversum-20260115-090000-manual.db'),
    });
    expect(made.size).toBeGreaterThan(4096);
    expect(await h.call('backups.list', {})).toEqual({ folder, items: [made] });
    // One file, no -wal/-shm beside it (a synced folder gets exactly what is listed).
    expect(readdirSync(folder)).toEqual([made.id]);
    const copy = new Database(made.path, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    expect(clientsIn(made.path)).toBe(1);
  });

  it('is taken while writes go on: the copy is consistent and no write waits for it or is lost', async () => {
    h = openHarness({ temp: true });
    // A few MB, so the online backup takes many steps and the writes land between them.
    const notes = 'x'.repeat(2000);
    for (let n = 0; n < 1500; n++) await h.call('clients.create', { name: `Client ${n}`, notes });
    let writing = true;
    let written = 0;
    const writes = (async () => {
      while (writing) {
        await h!.call('clients.create', { name: `During ${written}` });
        written++;
      }
    })();
    const made = await h.call('backups.create', {});
    writing = false;
    await writes;

    expect(written).toBeGreaterThan(0);
    const inCopy = clientsIn(made.path);
    expect(inCopy).toBeGreaterThanOrEqual(1500);
    expect(inCopy).toBeLessThanOrEqual(1500 + written);
    expect((await h.call('clients.list', { limit: 1 })).items).toHaveLength(1);
    const copy = new Database(made.path, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    expect(clientsIn(join(h.dataDir!, 'dversum.db'))).toBe(1500 + written);
  }, 60_000);

  it('keeps the newest `keep` backups and removes the older ones', async () => {
    h = openHarness({ temp: true });
    await h.call('settings.update', { backups: { keep: 3 } });
    const made: string[] = [];
    for (let n = 0; n < 5; n++) {
      made.push((await h.call('backups.create', {})).id);
      h.clock.advance(60_000);
    }
    const list = await h.call('backups.list', {});
    expect(list.items.map((b: { id: string }) => b.id)).toEqual(made.slice(2).reverse());
    expect(readdirSync(list.folder).sort()).toEqual(made.slice(2).sort());
  });

  it('"before restore" copies are kept apart: restoring 14 times keeps the owner\'s backups, and the newest 3 copies', async () => {
    h = openHarness({ temp: true });
    await h.call('settings.update', { backups: { keep: 3 } });
    const owned: string[] = [];
    for (let n = 0; n < 3; n++) {
      owned.push((await h.call('backups.create', {})).path);
      h.clock.advance(60_000);
    }
    const copies: string[] = [];
    for (let n = 0; n < 14; n++) {
      // What a restore does before it swaps: the running database kept as "before restore".
      const prepared = await h.core.backups.prepareRestore({ id: basename(owned[n % 3]) });
      await prepared.keepRunning();
      copies.push(prepared.beforeRestore!.path);
      prepared.discard();
      h.clock.advance(60_000);
    }
    // A manual backup after them prunes only its own kind (keep 3).
    const latest = await h.call('backups.create', {});
    const list = (await h.call('backups.list', {})).items as { path: string; kind: string }[];
    expect(BEFORE_RESTORE_KEPT).toBe(3);
    expect(list.filter((b) => b.kind === 'before restore').map((b) => b.path)).toEqual(
      copies.slice(-3).reverse(),
    );
    expect(list.filter((b) => b.kind === 'manual').map((b) => b.path)).toEqual([
      latest.path,
      owned[2],
      owned[1],
    ]);
    expect(readdirSync(join(h.dataDir!, 'backups'))).toHaveLength(6);
  });

  it.skipIf(process.platform === 'win32')(
    "a restore's checked copy beside the database is 0600 however readable the file given is",
    async () => {
      h = openHarness({ temp: true });
      const made = await h.call('backups.create', {});
      const given = join(h.dataDir!, 'given.db');
      copyFileSync(made.path, given);
      chmodSync(given, 0o644);
      const prepared = await h.core.backups.prepareRestore({ path: given });
      await prepared.keepRunning();
      try {
        const staged = join(h.dataDir!, 'dversum.db.restoring');
        expect((statSync(staged).mode & 0o777).toString(8)).toBe('600');
        expect((statSync(prepared.beforeRestore!.path).mode & 0o777).toString(8)).toBe('600');
      } finally {
        prepared.discard();
      }
    },
  );

  it('two backups in the same second get their own names', async () => {
    h = openHarness({ temp: true });
    const first = await h.call('backups.create', {});
    const second = await h.call('backups.create', {});
    expect([first.id, second.id]).toEqual([
      'dversum-20260115-090000-manual.db',
      'dversum-20260115-090000-2-manual.db',
    ]);
    expect((await h.call('backups.list', {})).items.map((b: { id: string }) => b.id)).toEqual([
      second.id,
      first.id,
    ]);
  });

  it('goes into the chosen folder, and files there that are not backups are left alone', async () => {
    const chosen = tempDir();
    extra.push(chosen);
    writeFileSync(join(chosen.dir, 'notes.txt'), 'mine');
    h = openHarness({ temp: true });
    await h.call('settings.update', { backups: { folder: chosen.dir, keep: 1 } });
    await h.call('backups.create', {});
    h.clock.advance(1000);
    const second = await h.call('backups.create', {});
    expect((await h.call('backups.list', {})).items).toEqual([second]);
    expect(readdirSync(chosen.dir).sort()).toEqual([second.id, 'notes.txt']);
    expect(existsSync(join(h.dataDir!, 'backups'))).toBe(false);
  });
});

describe('backup folder refusals', () => {
  it('a folder that does not exist: refused by name, in the settings and when backing up', async () => {
    h = openHarness({ temp: true });
    const missing = join(h.dataDir!, 'Dropbox', 'dversum');
    const message = `The backup folder ${missing} does not exist: create it, or choose another folder`;
    expect(await failure(h.call('settings.update', { backups: { folder: missing } }))).toEqual({
      status: 422,
      code: 'validation_failed',
      message,
      details: { fields: [{ path: 'backups.folder', message }] },
    });
    expect((await h.call('settings.get', {})).backups.folder).toBe('');

    // A folder that went away after it was chosen (an unplugged disk).
    mkdirSync(missing, { recursive: true });
    await h.call('settings.update', { backups: { folder: missing } });
    rmSync(missing, { recursive: true });
    expect(await failure(h.call('backups.create', {}))).toMatchObject({ status: 422, message });
  });

  it('a relative folder: refused by name (it would land wherever dVersum was started), over the contract and HTTP', async () => {
    h = openHarness({ temp: true });
    for (const folder of ['backups', './backups', '../dversum-backups', '~/Backups']) {
      const message =
        `Backup folder "${folder}" is a relative path, which would depend on the folder dVersum was started in: ` +
        'choose an absolute path, such as /home/ada/Backups/dversum';
      expect(await failure(h.call('settings.update', { backups: { folder } }))).toEqual({
        status: 422,
        code: 'validation_failed',
        message,
        details: { fields: [{ path: 'backups.folder', message }] },
      });
    }
    expect((await h.call('settings.get', {})).backups.folder).toBe('');

    const server = await createHarness();
    try {
      const response = await server.admin('settings.update', { backups: { folder: 'backups' } });
      expect(response.statusCode).toBe(422);
      const message =
        'Backup folder "backups" is a relative path, which would depend on the folder dVersum was started in: ' +
        'choose an absolute path, such as /home/ada/Backups/dversum';
      expect(response.json()).toEqual({
        error: { code: 'validation_failed', message, details: { fields: [{ path: 'backups.folder', message }] } },
      });
    } finally {
      await server.close();
    }
  });

  it('a file where the folder should be', async () => {
    h = openHarness({ temp: true });
    const file = join(h.dataDir!, 'a-file');
    writeFileSync(file, '');
    expect(await failure(h.call('settings.update', { backups: { folder: file } }))).toMatchObject({
      status: 422,
      message: `The backup folder ${file} is not a folder: choose a folder`,
    });
  });

  it('a folder that cannot be written: refused by name, nothing left in it', async () => {
    const parent = tempDir();
    extra.push(parent);
    chmodSync(parent.dir, 0o777);
    const dataDir = join(parent.dir, 'data');
    const readOnly = join(parent.dir, 'read-only');
    mkdirSync(readOnly, { mode: 0o555 });
    chmodSync(readOnly, 0o555);
    const fixture = fileURLToPath(new URL('./fixtures/backup-as-nobody.ts', import.meta.url));
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', fixture, dataDir, readOnly], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      `refused: The backup folder ${readOnly} cannot be written (EACCES): choose a folder dVersum may write to\n`,
    );
    expect(readdirSync(readOnly)).toEqual([]);
  }, 60_000);

  it('a database in memory has no folder of its own', async () => {
    h = openHarness();
    expect(await failure(h.call('backups.create', {}))).toMatchObject({
      status: 409,
      message: 'This database is in memory: choose a backup folder in Settings > General > Backups',
    });
  });
});
