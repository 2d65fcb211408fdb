/**
 * The seam that lets a restore replace the running core: the hosts (headless,
 * the desktop shell, the restore script) hold their Core here and rebuild what
 * they built on it (the server's routes, IPC, the tray's reads) when
 * `onReplaced` tells them. The holder knows nothing of files: the restore's
 * plan keeps the running database and swaps the files while no core is open.
 *
 * A restore, every wait of it bounded:
 * 1. the core stops taking writes (a 503 that says a restore runs; reads go on:
 *    availability.ts), and its background work stops: sends in flight get
 *    `graceMs`, then are aborted unrecorded, still due (sent again later);
 * 2. the plan keeps the running database as it now is ("before restore");
 * 3. the core closes, the files are swapped, the next core opens and starts
 *    paused. If anything in 3 fails, the swap is undone and the old database
 *    is opened and started again, given to the hosts through `onReplaced`.
 *    If 1 or 2 fails, the same core takes writes and sends again.
 */
import { AppError } from './errors.js';
import type { Core } from './services.js';

export interface CoreReplacement {
  /** With writes refused and background work stopped, before the core closes. */
  keepRunning(): Promise<void>;
  /** Runs with the core closed; `undo` puts the old database back if the new one does not open. */
  swapIn(): { commit(): void; undo(): void };
  /** The new core starts with sending paused, saying this. */
  pausedReason: string;
}

type Listener = (next: Core, previous: Core) => void | Promise<void>;

/** The restored database did not open or start: the old one was put back and runs again. */
export class RestoredCoreFailedError extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
    this.name = 'RestoredCoreFailedError';
  }
}

/** How long sends in flight may go on once a restore began, before they are aborted (still due). */
export const RESTORE_SEND_GRACE_MS = 3000;

/** Changes queued before writes stopped commit in the end-of-turn flush (setImmediate): let it run. */
const pendingCommits = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class CoreHolder {
  private readonly listeners = new Set<Listener>();
  private replacing: Promise<Core> | undefined;

  constructor(
    private current: Core,
    /** Opens a core on the same data folder, the way the host opened the first. */
    private readonly open: () => Core,
    private readonly graceMs = RESTORE_SEND_GRACE_MS,
  ) {}

  get core(): Core {
    return this.current;
  }

  /** Called with the core in use after a restore (the new one, or the old one reopened); returns the unsubscribe. */
  onReplaced(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops writes and sends, keeps, closes, swaps, opens and starts the next core paused; one at a time. */
  replace(plan: CoreReplacement): Promise<Core> {
    if (this.replacing) {
      return Promise.reject(
        new AppError('conflict', 'A restore is already under way: wait for it to finish, then try again'),
      );
    }
    this.replacing = this.run(plan).finally(() => (this.replacing = undefined));
    return this.replacing;
  }

  private async run(plan: CoreReplacement): Promise<Core> {
    const previous = this.current;
    // The backup folder setting moves over, so the list the owner saw is the list after.
    const backups = previous.settings.get().backups;
    previous.availability.set('restoring');
    try {
      await previous.stop(this.graceMs);
      await pendingCommits();
      await plan.keepRunning();
    } catch (err) {
      previous.availability.set('open');
      await previous.start();
      throw err;
    }
    await previous.close();
    let swap: ReturnType<CoreReplacement['swapIn']>;
    try {
      swap = plan.swapIn();
    } catch (err) {
      await this.reopenPrevious(previous);
      throw err;
    }
    let next: Core | undefined;
    try {
      next = this.open();
      next.settings.update({ backups });
      next.dispatcher.setPaused(true, plan.pausedReason);
      await next.start();
    } catch (err) {
      await next?.close().catch(() => undefined);
      swap.undo();
      await this.reopenPrevious(previous);
      throw new RestoredCoreFailedError(err);
    }
    swap.commit();
    await this.install(next, previous);
    return next;
  }

  /** The old database is as it was: run on it again (the hosts get the new Core of it). */
  private async reopenPrevious(previous: Core): Promise<void> {
    const again = this.open();
    await again.start();
    await this.install(again, previous);
  }

  private async install(next: Core, previous: Core): Promise<void> {
    this.current = next;
    for (const listener of this.listeners) await listener(next, previous);
  }
}
