/**
 * WAL checkpoints off the request and dispatch path. SQLite's automatic
 * checkpoint runs inside the commit that passes 1,000 WAL pages, with its fsyncs,
 * on the thread that committed: here that was the event loop answering requests
 * and recording deliveries. The checkpointer turns it off on the app's connection
 * and runs the checkpoints on a thread of its own, with
 * its own connection (checkpoint-worker.ts): PASSIVE ones during bursts, never
 * blocking a write, and a TRUNCATE once writes have stopped for a second (scattered
 * single writes wait for it: each checkpoint between two writes makes the next one
 * start the WAL over and sync its header on the event loop).
 *
 * The bound: the WAL starts over from its beginning only at a write that finds every
 * frame already checkpointed, which a burst never leaves time for (the writer adds
 * frames while the thread copies the earlier ones). So the app's connection keeps
 * SQLite's own automatic checkpoint, at a quarter of the limit instead of 1,000 pages
 * (4 MB): a commit that passes it checkpoints in the commit, mid-burst, as before but
 * rarely and cheaply (the thread has copied nearly every frame already), and the next
 * write starts the WAL over, its file cut back to the limit (`journal_size_limit`).
 * The other three quarters are the room for what is written while the thread's own
 * checkpoint holds the lock (a commit past the mark then tries again). SQLite's automatic
 * checkpoint never waits for that lock, so a thread that holds it and gets no core (a
 * busy machine) would let the WAL grow past the limit: every few commits the writer
 * looks at the file (`keepBound`), and once it has grown past three quarters of the
 * limit it takes over, waiting for the thread's checkpoint and restarting the WAL
 * itself (TRUNCATE: the file's size is then its content again), which holds the writes for
 * that long, as SQLite's own would.
 * Only a reader on an older snapshot can still hold the WAL past its limit.
 *
 * Crash rules unchanged: a commit is in the WAL before it is answered whoever
 * checkpoints, and SQLite's checkpoint is itself crash-safe. The thread holds no
 * timer and is unref'd: it keeps nothing alive, and costs no CPU while nothing is
 * written. Should it fail to start or die, the app's connection gets SQLite's own
 * automatic checkpoint back (said once through `log`), so the WAL stays bounded.
 *
 * `stop()` ends the thread and closes its connection; the app's connection,
 * closed after it as the last one, then checkpoints the rest and removes the WAL.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { CHECKPOINT_WORKER_SOURCE, CONTROL_SLOTS, IDLE, SEQ, STOP } from './checkpoint-worker.js';
import type { Sqlite } from './database.js';

/** SQLite's default `wal_autocheckpoint`, given back when the thread is not there. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

export interface CheckpointerOptions {
  /** The WAL file is kept under this size (bytes). Default 64 MiB. */
  walLimitBytes?: number;
  /** How long a burst of writes goes on before a PASSIVE checkpoint. Default 200 ms. */
  intervalMs?: number;
  /** Quiet time after which the WAL file is emptied (TRUNCATE). Default 1 s. */
  idleMs?: number;
  /**
   * A PASSIVE checkpoint runs mid-way only for a burst: this many commits since the last
   * one (default 64), or `batchBytes` of new WAL (default 1 MiB). Fewer wait for the quiet
   * TRUNCATE, so scattered single writes do not each start the WAL over (see checkpoint-worker.ts).
   */
  batchCommits?: number;
  batchBytes?: number;
  /** better-sqlite3's compiled module for Electron's ABI, as the store was opened with. */
  nativeBinding?: string;
  log?: (line: string) => void;
}

export interface CheckpointReport {
  type: 'checkpoint';
  mode: 'PASSIVE' | 'TRUNCATE';
  busy: number;
  log: number;
  checkpointed: number;
}

type WorkerMessage = CheckpointReport | { type: 'error'; code: string; message: string } | { type: 'closed' };

/** The WAL pages at which the app's connection checkpoints in a commit: a quarter of the limit (a frame is a page and 24 bytes). */
export function backstopPages(sqlite: Sqlite, limitBytes: number): number {
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  return Math.max(1, Math.floor(limitBytes / 4 / (pageSize + 24)));
}

export const DEFAULT_WAL_LIMIT_BYTES = 64 * 1024 * 1024;
const STOP_WAIT_MS = 10_000;
/** The writer looks at the WAL file's size every this many commits (a stat: about 2 µs). */
const LOOK_EVERY = 8;
/** How long the writer's own checkpoint waits for the thread's checkpoint or a reader, at most. */
const TAKE_OVER_WAIT_MS = 250;

const sizeOf = (path: string): number => statSync(path, { throwIfNoEntry: false })?.size ?? 0;

export class WalCheckpointer {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  private readonly worker: Worker;
  private readonly listeners = new Set<(report: CheckpointReport) => void>();
  private running = true;
  private exited: Promise<void>;
  private readonly walFile: string;
  /** The WAL file's size past which the writer takes over (three quarters of the limit). */
  private readonly takeOverBytes: number;
  private commits = 0;
  private lastSize = 0;
  /** After a take-over a reader held up: not tried again before the file grows past this. */
  private retryAbove = 0;

  constructor(
    private readonly sqlite: Sqlite,
    file: string,
    private readonly options: CheckpointerOptions = {},
  ) {
    const limitBytes = options.walLimitBytes ?? DEFAULT_WAL_LIMIT_BYTES;
    this.walFile = `${file}-wal`;
    this.takeOverBytes = Math.floor((limitBytes * 3) / 4);
    sqlite.pragma(`journal_size_limit = ${limitBytes}`);
    sqlite.pragma(`wal_autocheckpoint = ${backstopPages(sqlite, limitBytes)}`);
    this.worker = new Worker(CHECKPOINT_WORKER_SOURCE, {
      eval: true,
      // It allocates almost nothing: a small heap keeps the thread's resident memory small.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16, stackSizeMb: 1 },
      workerData: {
        module: createRequire(import.meta.url).resolve('better-sqlite3'),
        file,
        nativeBinding: options.nativeBinding,
        limitBytes,
        intervalMs: options.intervalMs ?? 200,
        idleMs: options.idleMs ?? 1000,
        batchCommits: options.batchCommits ?? 64,
        batchBytes: options.batchBytes ?? 1024 * 1024,
        control: this.control.buffer,
      },
    });
    this.worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'checkpoint') for (const listener of this.listeners) listener(message);
      else if (message.type === 'error')
        options.log?.(
          `dVersum: a WAL checkpoint failed (${message.code}): ${message.message}; tried again after the next write.`,
        );
    });
    this.worker.on('error', (error) => {
      options.log?.(
        `dVersum: the WAL checkpoint thread stopped (${error.message}); SQLite checkpoints in the commits again.`,
      );
    });
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', () => {
        if (this.running) this.fallBack();
        resolve();
      });
    });
    // After the listeners: adding a 'message' listener refs the worker again.
    this.worker.unref();
  }

  /** Tells the thread that a commit wrote to the WAL (after each commit; costs no syscall while it works). */
  readonly written = (): void => {
    Atomics.add(this.control, SEQ, 1);
    if (Atomics.load(this.control, IDLE) === 1) Atomics.notify(this.control, SEQ);
    if (++this.commits % LOOK_EVERY === 0 && this.running) this.keepBound();
  };

  /**
   * The hard bound (see above). Only a file that grew is looked at: one that SQLite restarted
   * keeps its size while new frames are written over it from its beginning.
   */
  private keepBound(): void {
    const size = sizeOf(this.walFile);
    const grew = size > this.lastSize;
    this.lastSize = size;
    if (!grew || size < this.takeOverBytes || size < this.retryAbove) return;
    let busy = 1;
    const timeout = this.sqlite.pragma('busy_timeout', { simple: true }) as number;
    try {
      this.sqlite.pragma(`busy_timeout = ${TAKE_OVER_WAIT_MS}`);
      busy = (this.sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]?.busy ?? 1;
    } catch (error) {
      this.options.log?.(`dVersum: the writer's WAL checkpoint failed: ${(error as Error).message}.`);
    } finally {
      this.sqlite.pragma(`busy_timeout = ${timeout}`);
    }
    this.retryAbove = busy === 0 ? 0 : size + (this.takeOverBytes >> 2);
  }

  /** Called with each checkpoint the thread ran (tests, the bench). */
  onCheckpoint(listener: (report: CheckpointReport) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Ends the thread after its checkpoint in progress, if any; its connection is closed when this resolves. */
  async stop(): Promise<void> {
    if (!this.running) return this.exited;
    this.running = false;
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, SEQ, 1);
    Atomics.notify(this.control, SEQ);
    Atomics.notify(this.control, STOP);
    const timer = setTimeout(() => void this.worker.terminate(), STOP_WAIT_MS);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
    this.fallBack();
  }

  /** Without the thread, SQLite's own automatic checkpoint keeps the WAL bounded. */
  private fallBack(): void {
    this.running = false;
    if (this.sqlite.open) this.sqlite.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
  }
}

/** A checkpointer for a database file; none for one in memory (no WAL). */
export function startCheckpointer(
  sqlite: Sqlite,
  file: string,
  options: CheckpointerOptions = {},
): WalCheckpointer | undefined {
  if (file === ':memory:' || file === '') return undefined;
  try {
    return new WalCheckpointer(sqlite, file, options);
  } catch (error) {
    sqlite.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
    options.log?.(
      `dVersum: no WAL checkpoint thread (${(error as Error).message}); SQLite checkpoints in the commits.`,
    );
    return undefined;
  }
}
