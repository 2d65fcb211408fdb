/**
 * The SQLite side of backups (main/core/backup/ decides when and where):
 * - `backupDatabase`: SQLite's online backup of the running connection while
 *   writes go on, written as `<target>.partial` (0600 from the first byte), turned into a single
 *   self-contained file (journal_mode DELETE: no -wal/-shm beside it in a
 *   synced folder), checked with `PRAGMA integrity_check`, then renamed into place.
 * - `inspectDatabaseFile`: what a restore must know of a candidate (a copy,
 *   so the owner's file is only read), opened read-only: a database at all,
 *   intact, dVersum's own kind (its migrations table with migrations this build
 *   knows), not newer, and exactly the schema those migrations make
 *   (`schema-check.ts`: no trigger, view, table, index or column of its own).
 * - `swapDatabaseFile`: with no connection open, the running file and its
 *   -wal/-shm moved aside and the candidate put in place, so no stale WAL is
 *   replayed over it; undone if the new one cannot be opened.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { appliedMigrations, DEFAULT_MIGRATIONS_FOLDER, type OpenOptions, type Store } from './database.js';
import { createPrivateFile } from './file-modes.js';
import { expectedSchema, firstDifference, readSchema, type SchemaDifference } from './schema-check.js';

const SIDE_FILES = ['-wal', '-shm', '-journal'];
const SQLITE_HEADER = 'SQLite format 3\u0000';
/** Tables every dVersum database has had since its first migration. */
const OWN_TABLES = ['kv', 'clients', 'outbox'];

function openFile(file: string, options: OpenOptions): Database.Database {
  return new Database(file, {
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
}

export function removeWithSideFiles(file: string): void {
  for (const suffix of ['', ...SIDE_FILES]) rmSync(`${file}${suffix}`, { force: true });
}

/** `ok`, or the first lines integrity_check reported. */
function integrity(sqlite: Database.Database): string {
  const rows = sqlite.pragma('integrity_check') as { integrity_check: string }[];
  const lines = rows.map((row) => row.integrity_check);
  return lines.length === 1 && lines[0] === 'ok' ? 'ok' : lines.slice(0, 3).join('; ');
}

export class BackupCheckError extends Error {
  constructor(readonly detail: string) {
    super(`The backup failed its integrity check (${detail})`);
    this.name = 'BackupCheckError';
  }
}

/** A test's look at the copy between the backup's steps (the pages still to copy). */
export type BackupStep = (partial: string, remainingPages: number) => void;

/**
 * Backs the running database up into `target` (a new file) and checks the copy.
 * The copy holds signing secrets: it is created 0600 before SQLite writes its first
 * byte (SQLite keeps an existing file's mode, and gives its journal the same).
 */
export async function backupDatabase(
  store: Pick<Store, 'sqlite' | 'options'>,
  target: string,
  onStep?: BackupStep,
): Promise<void> {
  const partial = `${target}.partial`;
  try {
    removeWithSideFiles(partial);
    createPrivateFile(partial);
    if (onStep) {
      await store.sqlite.backup(partial, {
        progress: ({ remainingPages }) => (onStep(partial, remainingPages), 1),
      });
    } else {
      await store.sqlite.backup(partial);
    }
    const copy = openFile(partial, store.options);
    try {
      copy.pragma('journal_mode = DELETE');
      const result = integrity(copy);
      if (result !== 'ok') throw new BackupCheckError(result);
    } finally {
      copy.close();
    }
    chmodSync(partial, 0o600);
    renameSync(partial, target);
  } catch (err) {
    removeWithSideFiles(partial);
    throw err;
  }
}

export type Inspection =
  | { ok: true }
  | { ok: false; problem: 'not-database' }
  | { ok: false; problem: 'damaged'; detail: string }
  | { ok: false; problem: 'newer'; unknown: number }
  | { ok: false; problem: 'foreign'; difference: SchemaDifference };

function hasSqliteHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes a copy that was in WAL mode a rollback-journal database (header bytes 18 and 19, as
 * `journal_mode = DELETE` would, without SQLite writing): one self-contained file, readable
 * read-only with no -shm beside it. The copy has no -wal: what it holds is all there is.
 */
function leaveWalMode(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    const versions = Buffer.alloc(2);
    readSync(fd, versions, 0, 2, 18);
    if (versions[0] === 2 || versions[1] === 2) writeSync(fd, Buffer.from([1, 1]), 0, 2, 18);
  } finally {
    closeSync(fd);
  }
}

const isCorruption = (err: unknown): boolean => {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
};

/**
 * Inspects a restore candidate. `file` must be a copy the caller owns (its header is set to
 * rollback-journal mode, so that it is one file, ready to swap in). The copy is opened
 * read-only and only read: none of its own SQL can run (triggers fire on writes, and a file
 * with any is refused here, before the migrations or anything else write to it).
 */
export function inspectDatabaseFile(file: string, options: OpenOptions): Inspection {
  if (!hasSqliteHeader(file)) return { ok: false, problem: 'not-database' };
  leaveWalMode(file);
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, {
      readonly: true,
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    const result = integrity(sqlite);
    if (result !== 'ok') return { ok: false, problem: 'damaged', detail: result };
    const names = new Set(
      (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (row) => row.name,
      ),
    );
    const folder = options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER;
    const migrations = appliedMigrations(sqlite, folder);
    if (!migrations || migrations.known === 0 || !OWN_TABLES.every((name) => names.has(name))) {
      return { ok: false, problem: 'not-database' };
    }
    if (migrations.unknown > 0) return { ok: false, problem: 'newer', unknown: migrations.unknown };
    if (migrations.prefix === undefined) {
      return {
        ok: false,
        problem: 'foreign',
        difference: { kind: 'changed', object: 'table "__drizzle_migrations"' },
      };
    }
    const difference = firstDifference(
      expectedSchema(folder, migrations.prefix, options.nativeBinding),
      readSchema(sqlite),
    );
    if (difference) return { ok: false, problem: 'foreign', difference };
    return { ok: true };
  } catch (err) {
    if (isCorruption(err)) return { ok: false, problem: 'damaged', detail: (err as Error).message };
    throw err;
  } finally {
    sqlite?.close();
  }
}

export interface Swap {
  /** The new file opened: drop the old one. */
  commit(): void;
  /** The new file failed to open: put the old one back as it was. */
  undo(): void;
}

/**
 * Puts `replacement` in place of `dbFile`; no connection may be open on either.
 * The old file and its -wal/-shm go aside together (a WAL belongs to its file),
 * and the replacement comes without any, so SQLite replays nothing stale.
 */
export function swapDatabaseFile(dbFile: string, replacement: string, aside = `${dbFile}.replaced`): Swap {
  removeWithSideFiles(aside);
  const moved: string[] = [];
  for (const suffix of ['', ...SIDE_FILES]) {
    if (!existsSync(`${dbFile}${suffix}`)) continue;
    renameSync(`${dbFile}${suffix}`, `${aside}${suffix}`);
    moved.push(suffix);
  }
  try {
    renameSync(replacement, dbFile);
    chmodSync(dbFile, 0o600);
  } catch (err) {
    for (const suffix of moved) renameSync(`${aside}${suffix}`, `${dbFile}${suffix}`);
    throw err;
  }
  return {
    commit: () => removeWithSideFiles(aside),
    undo: () => {
      removeWithSideFiles(dbFile);
      for (const suffix of moved) renameSync(`${aside}${suffix}`, `${dbFile}${suffix}`);
    },
  };
}

/**
 * At start, before the database opens: a restore killed between moving the old
 * file aside and putting the new one in place left no database, only
 * `<db>.replaced`: it is put back (all old), instead of a new empty database
 * being made beside it. Returns whether it did.
 */
export function recoverInterruptedSwap(dbFile: string): boolean {
  const aside = `${dbFile}.replaced`;
  if (existsSync(dbFile) || !existsSync(aside)) return false;
  for (const suffix of SIDE_FILES) rmSync(`${dbFile}${suffix}`, { force: true });
  for (const suffix of ['', ...SIDE_FILES]) {
    if (existsSync(`${aside}${suffix}`)) renameSync(`${aside}${suffix}`, `${dbFile}${suffix}`);
  }
  return true;
}

/** The running database's files, as the backup service uses them (it sees no SQLite). */
export interface DatabaseFiles {
  /** The database file, or undefined for a database in memory. */
  file: string | undefined;
  backup(target: string): Promise<void>;
  /** Inspects a copy the caller owns (see inspectDatabaseFile). */
  inspect(copy: string): Inspection;
  /** Puts `replacement` in place of the database file; the core must be closed. */
  swapIn(replacement: string): Swap;
  remove(file: string): void;
}

export function databaseFiles(store: Pick<Store, 'sqlite' | 'options' | 'file'>): DatabaseFiles {
  const file = store.file === ':memory:' || store.file === '' ? undefined : store.file;
  return {
    file,
    backup: (target) => backupDatabase(store, target),
    inspect: (copy) => inspectDatabaseFile(copy, store.options),
    swapIn: (replacement) => {
      if (!file) throw new Error('a database in memory has no file to replace');
      return swapDatabaseFile(file, replacement);
    },
    remove: removeWithSideFiles,
  };
}
