/**
 * The seam that lets a restore replace the running core: the hosts (headless,
 * the desktop shell, the restore script) hold their Core here and rebuild what
 * they built on it (the server's routes, IPC, the tray's reads) when
 * `onReplaced` tells them. The holder knows nothing of files: the restore's
 * plan swaps them while no core is open.
 */
import type { Core } from './services.js';

export interface CoreReplacement {
  /** Runs with the core closed; `undo` puts the old database back if the new one does not open. */
  swapIn(): { commit(): void; undo(): void };
  /** The new core starts with sending paused, saying this. */
  pausedReason: string;
}

type Listener = (next: Core, previous: Core) => void | Promise<void>;

export class CoreHolder {
  private readonly listeners = new Set<Listener>();
  private replacing: Promise<Core> | undefined;

  constructor(
    private current: Core,
    /** Opens a core on the same data folder, the way the host opened the first. */
    private readonly open: () => Core,
  ) {}

  get core(): Core {
    return this.current;
  }

  /** Called with the new core after it started (and the old one closed); returns the unsubscribe. */
  onReplaced(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes the core, swaps the database, opens and starts the next core paused; one at a time. */
  replace(plan: CoreReplacement): Promise<Core> {
    if (this.replacing) return Promise.reject(new Error('A restore is already under way'));
    this.replacing = this.run(plan).finally(() => (this.replacing = undefined));
    return this.replacing;
  }

  private async run(plan: CoreReplacement): Promise<Core> {
    const previous = this.current;
    // The backup folder setting moves over, so the list the owner saw is the list after.
    const backups = previous.settings.get().backups;
    await previous.close();
    let next: Core;
    try {
      const swap = plan.swapIn();
      try {
        next = this.open();
      } catch (err) {
        swap.undo();
        throw err;
      }
      swap.commit();
    } catch (err) {
      // The old database is as it was: run on it again, and say why the restore failed.
      await this.install(this.open(), previous);
      throw err;
    }
    next.settings.update({ backups });
    next.dispatcher.setPaused(true, plan.pausedReason);
    await this.install(next, previous);
    return next;
  }

  private async install(next: Core, previous: Core): Promise<void> {
    await next.start();
    this.current = next;
    for (const listener of this.listeners) await listener(next, previous);
  }
}
