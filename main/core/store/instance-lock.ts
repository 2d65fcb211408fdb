/**
 * One app instance per data folder. Two processes writing one SQLite file is
 * safe for SQLite but not for dVersum: both would run a dispatcher over the same
 * outbox and send every event twice, and both would try to bind the same port.
 *
 * The lock is a file, `<dataDir>/dversum.lock`, created atomically with
 * `open(…, 'wx')` (O_CREAT | O_EXCL) and holding the owner's pid. A lock whose
 * pid is no longer alive (a crash, kill -9, a power cut) is stale and taken
 * over. The file is removed on release, and on a normal process exit if the
 * owner forgot to close.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const LOCK_FILE_NAME = 'dversum.lock';

/** What the lock file holds. */
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
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void;
}

export class InstanceLockedError extends Error {
  readonly code = 'INSTANCE_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
    readonly owner: LockOwner | undefined,
  ) {
    const who = owner
      ? `process ${owner.pid}${owner.hostname ? ` on ${owner.hostname}` : ''}, started ${owner.startedAt}`
      : 'another process';
    super(
      `Another dVersum (${who}) is already using the data folder ${dataDir}. ` +
        `Close it first, or point DVERSUM_DATA_DIR at another folder. ` +
        `If no dVersum is running, delete ${lockFile}.`,
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

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

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
    // A lock file cut short by a crash while it was being written: no owner.
  }
  return { raw, owner: undefined };
}

/**
 * A lock is stale when its process is gone. A lock written by another machine
 * (a data folder on a network share) cannot be checked and is respected. An
 * unreadable lock file is stale: the writer died between creating and writing.
 */
function isStale(owner: LockOwner | undefined): boolean {
  if (!owner) return true;
  if (owner.hostname && owner.hostname !== hostname()) return false;
  return !isProcessAlive(owner.pid);
}

/** Creates the lock file if it does not exist; false when it already does. */
function tryCreate(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new DataDirNotWritableError(dirname(file), code);
    throw err;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

export function acquireInstanceLock(dataDir: string): InstanceLock {
  const file = join(dataDir, LOCK_FILE_NAME);
  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const content = JSON.stringify(owner);

  // A few rounds: each either creates the file, refuses, or clears a stale lock
  // and tries again (another process may win that race; then we refuse).
  for (let round = 0; round < 3; round++) {
    if (tryCreate(file, content)) return holdLock(file, owner, content);
    const current = readOwner(file);
    if (!current) continue; // released between our open and our read
    if (!isStale(current.owner)) throw new InstanceLockedError(dataDir, file, current.owner);
    // Remove the stale file only if it is still the one we judged stale.
    const again = readOwner(file);
    if (again?.raw === current.raw) unlinkQuietly(file);
  }
  throw new InstanceLockedError(dataDir, file, readOwner(file)?.owner);
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function holdLock(file: string, owner: LockOwner, content: string): InstanceLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    // Never remove a lock that someone else has since taken over.
    if (readOwner(file)?.raw === content) unlinkQuietly(file);
  };
  process.on('exit', release);
  return { file, owner, release };
}
