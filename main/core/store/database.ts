/**
 * Opens the one better-sqlite3 connection: WAL, foreign keys, STRICT tables,
 * migrations applied at start. A database written by a newer version of the app
 * (a migration this build does not know), a damaged one (`PRAGMA quick_check`) or
 * a file that is no database is refused before anything touches it.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;

export interface Store {
  db: Db;
  sqlite: Sqlite;
  /** The database file (':memory:' for none) and how it was opened: backups open copies the same way. */
  file: string;
  options: OpenOptions;
  close(): void;
}

declare const opaque: unique symbol;

/**
 * The store as `Core` shows it to the hosts: something the core closes, with
 * no SQLite type in sight. Only `store/` and what inspects tables on purpose
 * (tests, the bench) reach the handles, through `storeOf`.
 */
export interface StoreHandle {
  readonly [opaque]: true;
}

export const asHandle = (store: Store): StoreHandle => store as unknown as StoreHandle;
export const storeOf = (handle: StoreHandle): Store => handle as unknown as Store;

export const DEFAULT_MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export class NewerDatabaseError extends Error {
  constructor(file: string, unknown: number) {
    super(
      `The database ${file} was written by a newer version of dVersum ` +
        `(${unknown} migration${unknown === 1 ? '' : 's'} this version does not know). ` +
        `It was not changed. Update dVersum, or point DVERSUM_DATA_DIR at another folder.`,
    );
    this.name = 'NewerDatabaseError';
  }
}

/**
 * The database file fails `PRAGMA quick_check` at start, or is not a database at all:
 * dVersum stops before writing to it. `withAdvice` adds the way back (core.ts knows where
 * the backups are): the newest backup and the command that restores it.
 */
export class DamagedDatabaseError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly newestBackup?: string,
  ) {
    super(
      `The database ${file} is damaged (${detail}): dVersum did not start on it and changed nothing. ` +
        (newestBackup
          ? `Restore the newest backup, ${newestBackup}: run npm run restore -- ${newestBackup} ` +
            `(or, in the desktop app, move ${file} aside, start dVersum and restore it in Settings > General > Backups).`
          : `No backup was found beside it: restore one you keep elsewhere with npm run restore -- <file> ` +
            `(or, in the desktop app, move ${file} aside, start dVersum and restore it in Settings > General > Backups).`),
    );
    this.name = 'DamagedDatabaseError';
  }

  withAdvice(newestBackup: string | undefined): DamagedDatabaseError {
    return new DamagedDatabaseError(this.file, this.detail, newestBackup);
  }
}

const isCorruption = (err: unknown): boolean => {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
};

/** Throws DamagedDatabaseError unless quick_check says ok (an empty, new file is ok). */
function refuseDamaged(sqlite: Sqlite, file: string): void {
  const rows = sqlite.pragma('quick_check') as { quick_check: string }[];
  const lines = rows.map((row) => row.quick_check);
  if (lines.length !== 1 || lines[0] !== 'ok')
    throw new DamagedDatabaseError(file, lines.slice(0, 3).join('; '));
}

/** The backup folder the database's settings name, if they can still be read ('' for the default). */
export function backupFolderSetting(file: string, options: OpenOptions = {}): string | undefined {
  try {
    const sqlite = new Database(file, {
      readonly: true,
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    try {
      const row = sqlite.prepare("SELECT value FROM kv WHERE key = 'settings'").get() as
        { value: string } | undefined;
      const folder = (JSON.parse(row?.value ?? '{}') as { backups?: { folder?: unknown } }).backups?.folder;
      return typeof folder === 'string' ? folder : undefined;
    } finally {
      sqlite.close();
    }
  } catch {
    return undefined; // too damaged to tell
  }
}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

function readJournal(folder: string): Journal {
  return JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as Journal;
}

/**
 * The migrations a database has applied, split into those this build knows and the others;
 * undefined without the table. `prefix`: how many of this build's migrations (in order) they
 * are, or undefined when they are not the first n of them (drizzle applies them in order).
 */
export function appliedMigrations(
  sqlite: Sqlite,
  folder: string,
): { known: number; unknown: number; prefix: number | undefined } | undefined {
  const table = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!table) return undefined;
  const journal = readJournal(folder).entries.map((e) => e.when);
  const known = new Set(journal);
  const applied = (
    sqlite.prepare('SELECT created_at AS createdAt FROM __drizzle_migrations').all() as {
      createdAt: number;
    }[]
  ).map((row) => Number(row.createdAt));
  const unknown = applied.filter((when) => !known.has(when)).length;
  const sorted = [...applied].sort((a, b) => a - b);
  const isPrefix = sorted.every((when, i) => when === journal[i]);
  return { known: applied.length - unknown, unknown, prefix: isPrefix ? applied.length : undefined };
}

/** Throws NewerDatabaseError when the database has applied migrations this build lacks. */
function refuseNewerDatabase(sqlite: Sqlite, folder: string, file: string): void {
  const unknown = appliedMigrations(sqlite, folder)?.unknown ?? 0;
  if (unknown > 0) throw new NewerDatabaseError(file, unknown);
}

export interface OpenOptions {
  /** Folder holding drizzle-kit's migrations; the bundled build passes its copy. */
  migrationsFolder?: string;
  /** better-sqlite3's compiled module to load instead of its own (Electron's ABI differs from Node's). */
  nativeBinding?: string;
}

export function openStore(file: string, options: OpenOptions = {}): Store {
  const folder = options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER;
  const sqlite = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // Before anything writes: a damaged file, or one that is no database, is refused as it is.
    if (file !== ':memory:' && file !== '') refuseDamaged(sqlite, file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    refuseNewerDatabase(sqlite, folder, file);
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder: folder });
    return {
      db,
      sqlite,
      file,
      options,
      close: () => {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (err) {
    sqlite.close();
    if (isCorruption(err)) throw new DamagedDatabaseError(file, (err as Error).message);
    throw err;
  }
}
