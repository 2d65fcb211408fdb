/**
 * The SQLite side of backups (main/core/backup/ decides when and where):
 * - `backupDatabase`: SQLite's online backup of the running connection while
 *   writes go on, written as `<target>.partial` (0600 from the first byte), turned into a single
 *   self-contained file (journal_mode DELETE: no -wal/-shm beside it in a
 *   synced folder), checked with `PRAGMA integrity_check`, then renamed into place.
 * - `inspectDatabaseFile`: what a restore must know of a candidate (a copy,
 *   so the owner's file is only read): a database at all, intact, dVersum's own
 *   kind (its migrations table with migrations this build knows), not newer.
 * - `swapDatabaseFile`: with no connection open, the running file and its
 *   -wal/-shm moved aside and the candidate put in place, so no stale WAL is
 *   replayed over it; undone if the new one cannot be opened.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { appliedMigrations, DEFAULT_MIGRATIONS_FOLDER, type OpenOptions, type Store } from './database.js';
import { createPrivateFile } from './file-modes.js';

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

function removeWithSideFiles(file: string): void {
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
  | { ok: false; problem: 'newer'; unknown: number };

function hasSqliteHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

const isCorruption = (err: unknown): boolean => {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
};

/**
 * Inspects a restore candidate. `file` must be a copy the caller owns: it is
 * switched to journal_mode DELETE so that it is one file, ready to swap in.
 */
export function inspectDatabaseFile(file: string, options: OpenOptions): Inspection {
  if (!hasSqliteHeader(file)) return { ok: false, problem: 'not-database' };
  let sqlite: Database.Database | undefined;
  try {
    sqlite = openFile(file, options);
    sqlite.pragma('journal_mode = DELETE');
    const result = integrity(sqlite);
    if (result !== 'ok') return { ok: false, problem: 'damaged', detail: result };
    const names = new Set(
      (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (row) => row.name,
      ),
    );
    const migrations = appliedMigrations(sqlite, options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER);
    if (!migrations || migrations.known === 0 || !OWN_TABLES.every((name) => names.has(name))) {
      return { ok: false, problem: 'not-database' };
    }
    if (migrations.unknown > 0) return { ok: false, problem: 'newer', unknown: migrations.unknown };
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
export function swapDatabaseFile(dbFile: string, replacement: string): Swap {
  const aside = `${dbFile}.replaced`;
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
