/**
 * SQLite's storage failures, said plainly. A full disk or a database file that
 * cannot be written is not a bug in the request: the caller gets a 503 that
 * says what happened and that nothing was saved (each change is one
 * transaction, rolled back whole), instead of an anonymous 500.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { AppError } from '../errors.js';

interface SqliteLikeError {
  name?: string;
  code?: string;
  message?: string;
}

const isSqliteError = (err: unknown): err is SqliteLikeError =>
  typeof err === 'object' &&
  err !== null &&
  typeof (err as SqliteLikeError).code === 'string' &&
  (err as SqliteLikeError).code!.startsWith('SQLITE_');

/** The AppError for a storage failure, or undefined when `err` is something else. */
export function storageError(err: unknown): AppError | undefined {
  if (!isSqliteError(err)) return undefined;
  const code = err.code!;
  if (code === 'SQLITE_FULL') {
    return new AppError(
      'unavailable',
      'The disk holding the dVersum database is full: nothing was saved. Free some space, then try again.',
      { storage: code },
      { 'retry-after': '60' },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new AppError(
      'unavailable',
      'The dVersum database file is read-only: nothing was saved. Make the data folder and its dversum.db writable, then try again.',
      { storage: code },
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new AppError(
      'unavailable',
      'The dVersum database could not be written (a disk error): nothing was saved. Check the disk, then try again.',
      { storage: code },
      { 'retry-after': '60' },
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError(
      'unavailable',
      'The dVersum database is busy: nothing was saved. Try again in a moment.',
      {
        storage: code,
      },
      { 'retry-after': '1' },
    );
  }
  return undefined;
}

export class DatabaseNotWritableError extends Error {
  readonly code = 'DATABASE_NOT_WRITABLE';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(
      `The database file ${file} is read-only (${reason}): dVersum cannot start on it. ` +
        `Make it and its folder writable for this user, or point DVERSUM_DATA_DIR at another folder.`,
    );
    this.name = 'DatabaseNotWritableError';
  }
}

/** Opening the store failed: a read-only database file gets a message that says so; anything else is rethrown as is. */
export function describeOpenFailure(file: string, err: unknown): unknown {
  const code = isSqliteError(err) ? err.code! : (err as { code?: string } | undefined)?.code;
  if (code && (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'EACCES')) {
    return new DatabaseNotWritableError(file, code);
  }
  return err;
}

/**
 * Refuses a database file this user cannot write before opening it: SQLite
 * would open it read-only without a word and fail at the first change.
 */
export function assertDatabaseWritable(file: string): void {
  if (file === ':memory:' || !existsSync(file)) return;
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch (err) {
    throw new DatabaseNotWritableError(file, (err as NodeJS.ErrnoException).code ?? 'not writable');
  }
}
