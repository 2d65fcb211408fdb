/**
 * The checkpoint thread's program (see checkpointer.ts), as source text run with
 * `new Worker(source, { eval: true })`: a string needs no file to be found next to
 * the bundle, so the same code runs under tsx and vitest, from the esbuild headless
 * bundle and from electron-vite's main bundle. Plain CommonJS JavaScript; it loads
 * better-sqlite3 from the path the main thread resolved.
 *
 * Shared with the main thread, an Int32Array over a SharedArrayBuffer:
 * - SEQ: bumped by the main thread after every commit (`written()`);
 * - IDLE: 1 while this thread waits for a commit with no deadline, so the main
 *   thread calls Atomics.notify only then;
 * - STOP: 1 when the main thread wants the thread to close its connection and end.
 *
 * The loop: with nothing written since the last checkpoint it sleeps on SEQ with no
 * timeout (no CPU at all between writes). After a write it lets the burst go on for
 * `intervalMs`, then runs a PASSIVE checkpoint, which never blocks the main thread's
 * writes: at most one an interval, so the app's connection finds the checkpoint lock
 * free when its own turn comes (see checkpointer.ts). Once nothing has been
 * written for `idleMs`, a TRUNCATE checkpoint empties the file. (Mid-burst the WAL
 * cannot start over while the writer keeps adding to it: the limit itself is kept by
 * the app's connection, see checkpointer.ts.)
 *
 * Only a burst is checkpointed mid-way: at least `batchCommits` commits, or
 * `batchBytes` of new WAL, since the last checkpoint. A checkpoint that catches up
 * with every frame makes the next write start the WAL over, and that write syncs the
 * WAL's new header (an fsync on the event loop, even with synchronous = NORMAL): after
 * one checkpoint per single write, as an idle app's scattered requests would get,
 * every request paid it. Scattered writes now wait for the quiet TRUNCATE.
 */
export const SEQ = 0;
export const IDLE = 1;
export const STOP = 2;
/** Int32 slots in the shared control buffer. */
export const CONTROL_SLOTS = 4;

export const CHECKPOINT_WORKER_SOURCE = String.raw`
'use strict';
const { workerData, parentPort } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.module);
const { file, nativeBinding, limitBytes, intervalMs, idleMs, batchCommits, batchBytes, control } = workerData;
const SEQ = ${SEQ}, IDLE = ${IDLE}, STOP = ${STOP};
const ctl = new Int32Array(control);

const db = new Database(file, nativeBinding ? { nativeBinding, fileMustExist: true } : { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('journal_size_limit = ' + limitBytes);

const walBytes = () => {
  try {
    return statSync(file + '-wal').size;
  } catch {
    return 0;
  }
};
const stopping = () => Atomics.load(ctl, STOP) === 1;
/** Sleeps up to ms, woken early only by stop. */
const pause = (ms) => Atomics.wait(ctl, STOP, 0, ms);
let lastError = '';
const checkpoint = (mode) => {
  try {
    const [row] = db.pragma('wal_checkpoint(' + mode + ')');
    lastError = '';
    parentPort.postMessage({ type: 'checkpoint', mode, busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    // A full disk, a busy writer past the timeout: said once, tried again after the next write.
    const code = (error && error.code) || 'error';
    if (code !== lastError) parentPort.postMessage({ type: 'error', code, message: String(error && error.message) });
    lastError = code;
  }
};

/** From 0: the commits made while this thread started count too. */
let seen = 0;
let dirty = walBytes() > 0;
/** Commits since the last checkpoint, and the WAL file's size then (it grows as frames are added at its end). */
let commits = 0;
let sizeAtCheckpoint = 0;
while (!stopping()) {
  const seq = Atomics.load(ctl, SEQ);
  if (seq === seen) {
    if (dirty) {
      // Quiet since the last write: after idleMs more of it, empty the file.
      Atomics.store(ctl, IDLE, 1);
      const waited = Atomics.wait(ctl, SEQ, seq, idleMs);
      Atomics.store(ctl, IDLE, 0);
      if (waited === 'timed-out' && !stopping()) {
        // A commit that wrote no page (a timer's empty pass) leaves nothing to do.
        if (walBytes() > 0) checkpoint('TRUNCATE');
        dirty = false;
        commits = 0;
        sizeAtCheckpoint = 0;
      }
      continue;
    }
    Atomics.store(ctl, IDLE, 1);
    if (Atomics.load(ctl, STOP) === 0) Atomics.wait(ctl, SEQ, seq);
    Atomics.store(ctl, IDLE, 0);
    continue;
  }
  // Written since the last look: let the burst go on a while.
  pause(intervalMs);
  if (stopping()) break;
  const now = Atomics.load(ctl, SEQ);
  commits += now - seen;
  seen = now;
  dirty = true;
  const size = walBytes();
  if (commits >= batchCommits || size - sizeAtCheckpoint >= batchBytes) {
    checkpoint('PASSIVE');
    commits = 0;
    sizeAtCheckpoint = size;
  }
}
db.close();
parentPort.postMessage({ type: 'closed' });
`;
