import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DamagedDatabaseError,
  DEFAULT_MIGRATIONS_FOLDER,
  NewerDatabaseError,
  openStore,
} from '../../../main/core/store/database.js';

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dversum-db-'));
  dirs.push(dir);
  return join(dir, 'dversum.db');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('store', () => {
  it('migrates an empty database into STRICT tables with WAL and foreign keys', () => {
    const store = openStore(tempFile());
    const tables = (
      store.sqlite.pragma('table_list') as { name: string; strict: number; schema: string }[]
    ).filter(
      (t) => t.schema === 'main' && !t.name.startsWith('sqlite_') && t.name !== '__drizzle_migrations',
    );
    expect(tables.length).toBeGreaterThanOrEqual(14);
    expect(tables.filter((t) => t.strict !== 1).map((t) => t.name)).toEqual([]);
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    store.close();
  });

  it('opens its own database again without migrating twice', () => {
    const file = tempFile();
    openStore(file).close();
    const store = openStore(file);
    const count = store.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as {
      n: number;
    };
    // Each migration of the journal applied exactly once.
    const journal = JSON.parse(
      readFileSync(join(DEFAULT_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
    ) as {
      entries: unknown[];
    };
    expect(journal.entries.length).toBeGreaterThanOrEqual(2);
    expect(count.n).toBe(journal.entries.length);
    store.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', async () => {
    const file = tempFile();
    const store = openStore(file);
    store.sqlite
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('from-the-future', 4_102_444_800_000);
    store.sqlite.prepare("INSERT INTO kv (key, value, updated_at) VALUES ('marker', '1', 1)").run();
    store.close();

    expect(() => openStore(file)).toThrow(NewerDatabaseError);
    expect(() => openStore(file)).toThrow(
      /written by a newer version of dVersum \(1 migration this version does not know\)/,
    );

    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare("SELECT value FROM kv WHERE key = 'marker'").get()).toEqual({ value: '1' });
    raw.close();
  });

  it('refuses a damaged file (PRAGMA quick_check) and one that is no database, writing nothing', () => {
    const file = tempFile();
    openStore(file).close();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 4096, Math.min(bytes.length, 4096 * 6));
    writeFileSync(file, bytes);
    expect(() => openStore(file)).toThrow(DamagedDatabaseError);
    expect(readFileSync(file).equals(bytes)).toBe(true);

    const text = tempFile();
    writeFileSync(text, 'not a database');
    expect(() => openStore(text)).toThrow(
      `The database ${text} is damaged (file is not a database): dVersum did not start on it and changed nothing. ` +
        'No backup was found beside it: restore one you keep elsewhere with npm run restore -- <file> ' +
        `(or, in the desktop app, move ${text} aside, start dVersum and restore it in Settings > General > Backups).`,
    );
    expect(readFileSync(text, 'utf8')).toBe('not a database');
  });
});
