/**
 * One app instance per data folder. Two processes writing one SQLite file is
 * safe for SQLite but not for dVersum: both would run a dispatcher over the same
 * outbox and send every event twice, and both would try to bind the same port.
 *
 * The lock is one the operating system holds for the process: `<dataDir>/dversum.lock`
 * is a small SQLite database kept in an open `BEGIN EXCLUSIVE` transaction, so
 * SQLite holds its file lock (fcntl on POSIX, LockFileEx on Windows) for as long
 * as the process lives. The kernel drops it the instant the process dies — a
 * crash, kill -9 or a power cut never leaves a lock behind, and no pid is ever
 * judged. Nothing is written to it: the file stays empty, so no torn write can
 * spoil it, and it is never removed (removing a lock file while someone opens it
 * is how two holders of "one" lock come about). Nothing in this process may open
 * it with fs while it is held: closing any descriptor of a file drops every POSIX
 * lock the process has on it (SQLite guards only its own connections).
 *
 * Who holds it goes in a side file, `dversum.lock.owner` (JSON), written once
 * the lock is held and used only for the refusal's message.
 */
import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  readFileSync,
  realpathSync,
  renameSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createPrivateFile } from './file-modes.js';
import { DatabaseNotWritableError } from './storage-errors.js';

export const LOCK_FILE_NAME = 'dversum.lock';
export const OWNER_FILE_NAME = 'dversum.lock.owner';

/** What the owner file holds. */
export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  /** Distinguishes this acquisition from an earlier one by the same pid. */
  token: string;
}

export interface InstanceLock {
  readonly file: string;
  readonly owner: LockOwner;
  /** Lets the lock go (and removes the owner file if it is still ours); safe to call twice. */
  release(): void;
}

export class InstanceLockedError extends Error {
  readonly code = 'INSTANCE_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
    readonly owner: LockOwner | undefined,
  ) {
    const host = owner?.hostname ? ` on ${owner.hostname}` : '';
    const who = owner ? `process ${owner.pid}${host}, started ${owner.startedAt}` : 'another process';
    // The lock ends with its process: deleting the file would only let a second instance in.
    const last = owner
      ? `If no dVersum seems to be running, end process ${owner.pid}${host}: the lock goes with it.`
      : `If no dVersum seems to be running, another program has ${lockFile} open: close it.`;
    super(
      `Another dVersum (${who}) is already using the data folder ${dataDir}. ` +
        `Close it first, or point DVERSUM_DATA_DIR at another folder. ${last}`,
    );
    this.name = 'InstanceLockedError';
  }
}

export class DataDirNotWritableError extends Error {
  readonly code = 'DATA_DIR_NOT_WRITABLE';
  constructor(
    readonly dataDir: string,
    readonly reason: string,
  ) {
    super(
      `The data folder ${dataDir} cannot be written (${reason}): dVersum keeps its database there. ` +
        `Make the folder writable for this user, or point DVERSUM_DATA_DIR at another folder.`,
    );
    this.name = 'DataDirNotWritableError';
  }
}

/** Refuses a data folder this user cannot create files in, before anything is opened there. */
export function assertDataDirWritable(dataDir: string): void {
  try {
    accessSync(dataDir, constants.W_OK);
  } catch (err) {
    throw new DataDirNotWritableError(dataDir, (err as NodeJS.ErrnoException).code ?? 'not writable');
  }
}

export interface LockOptions {
  /** better-sqlite3's compiled module for this runtime (Electron's ABI), as the database uses. */
  nativeBinding?: string;
  /**
   * How long to wait for a lock another process holds before refusing (0: refuse at once).
   * Headless mode waits a little: when its launcher is killed, the server it started is
   * stopped within a moment, and a new start made at once should get the folder.
   */
  waitMs?: number;
}

/**
 * Lock files held by this process, by real path. POSIX locks belong to the
 * process, not the connection, so a second acquisition here must be refused
 * before it opens (and later closes) another descriptor on the same file.
 */
const heldHere = new Map<string, LockOwner>();

const isBusy = (err: unknown) => String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');
const isNotADatabase = (err: unknown) => {
  const code = String((err as { code?: unknown }).code ?? '');
  return code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
};

function readOwner(file: string): { raw: string; owner: LockOwner | undefined } | undefined {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number') {
      return {
        raw,
        owner: {
          pid: parsed.pid,
          hostname: String(parsed.hostname ?? ''),
          startedAt: String(parsed.startedAt ?? ''),
          token: String(parsed.token ?? ''),
        },
      };
    }
  } catch {
    // Being written this very moment, or cut short: no owner to name.
  }
  return { raw, owner: undefined };
}

/** The holder to name in the refusal; an unreadable owner file names no one. */
function ownerForMessage(file: string): LockOwner | undefined {
  try {
    return readOwner(file)?.owner;
  } catch {
    return undefined;
  }
}

/** The connection holding the lock, or undefined when another process holds it. */
function tryLock(file: string, options: LockOptions): Database.Database | undefined {
  let db: Database.Database;
  try {
    // The busy timeout is the wait for a lock another process holds (0: refuse at once).
    db = new Database(file, {
      timeout: options.waitMs ?? 0,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (err) {
    const code = String((err as { code?: unknown }).code ?? '');
    if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_READONLY'))
      throw new DataDirNotWritableError(join(file, '..'), code);
    throw err;
  }
  try {
    db.exec('BEGIN EXCLUSIVE');
    return db;
  } catch (err) {
    db.close();
    if (isBusy(err)) return undefined;
    throw err;
  }
}

function lockOrReplace(file: string, options: LockOptions): Database.Database | undefined {
  try {
    return tryLock(file, options);
  } catch (err) {
    if (!isNotADatabase(err)) throw err;
  }
  // The pid file of an earlier version (JSON), or anything else that is not SQLite.
  // Emptying it in place keeps its inode, so two instances doing this at once still
  // contend for one lock; an empty file is an empty database.
  truncateSync(file, 0);
  return tryLock(file, options);
}

export function acquireInstanceLock(dataDir: string, options: LockOptions = {}): InstanceLock {
  const file = join(dataDir, LOCK_FILE_NAME);
  const ownerFile = join(dataDir, OWNER_FILE_NAME);
  const key = realpathSync(dataDir);
  const sameProcess = heldHere.get(key);
  if (sameProcess) throw new InstanceLockedError(dataDir, file, sameProcess);

  if (!existsSync(file)) {
    // SQLite would create it 0644; nothing holds it yet, so opening and closing it here drops no lock.
    try {
      createPrivateFile(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
        throw new DataDirNotWritableError(dataDir, code);
      throw err;
    }
  } else {
    // Left by another user (an earlier run as root): SQLite would open it read-only and fail later.
    try {
      accessSync(file, constants.R_OK | constants.W_OK);
    } catch (err) {
      throw new DatabaseNotWritableError(file, (err as NodeJS.ErrnoException).code ?? 'not writable');
    }
  }
  const db = lockOrReplace(file, options);
  if (!db) throw new InstanceLockedError(dataDir, file, ownerForMessage(ownerFile));

  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const content = JSON.stringify(owner);
  try {
    // Written aside and renamed, so a refused instance never reads half of it.
    const temporary = `${ownerFile}.${owner.token}`;
    writeFileSync(temporary, content, { mode: 0o600 });
    renameSync(temporary, ownerFile);
  } catch (err) {
    db.close();
    throw err;
  }
  heldHere.set(key, owner);

  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    heldHere.delete(key);
    process.removeListener('exit', release);
    // While the lock is still ours, no one else can have written the owner file; check anyway.
    if (readOwner(ownerFile)?.raw === content) unlinkQuietly(ownerFile);
    if (db.open) db.close();
  };
  process.on('exit', release);
  return { file, owner, release };
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
