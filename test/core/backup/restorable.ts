/**
 * The backup tests' harness: a core in a temp data folder held by a
 * CoreHolder, as the hosts hold it, so that backups.restore really closes the
 * core, swaps the files and opens the next one; `call` always reaches the
 * core in use, through the contract (validation, then the handler).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ManualClock } from '../../../main/core/clock.js';
import { CoreHolder } from '../../../main/core/core-holder.js';
import { createCore, type Core } from '../../../main/core/core.js';
import { createHandlers } from '../../../main/core/handlers/index.js';
import { invokeOperation } from '../../../main/core/handlers/invoke.js';
import type { Handlers } from '../../../main/core/handlers/types.js';
import { desktopHost } from '../../support/host.js';
import { tempDir } from '../../support/core.js';

export interface Restorable {
  readonly core: Core;
  clock: ManualClock;
  dataDir: string;
  dbFile: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(name: string, input?: unknown): Promise<any>;
  /** Counts rows with a connection of its own: what is on disk, whatever the core holds. */
  countOnDisk(table: string): number;
  /** Closes the core and starts the folder again, as the next start of the app would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface RestorableOptions {
  dataDir?: string;
  clock?: ManualClock;
  /** How the holder opens each core after the first (a test makes one fail). */
  reopen?: (open: () => Core) => Core;
}

export async function openRestorable(options: RestorableOptions = {}): Promise<Restorable> {
  const folder = options.dataDir ? undefined : tempDir();
  const dataDir = options.dataDir ?? folder!.dir;
  const clock = options.clock ?? new ManualClock();
  const plain = () => createCore({ dataDir, clock });
  const open = () => (options.reopen ? options.reopen(plain) : plain());
  let holder: CoreHolder;
  let handlers: Handlers;
  const host = {
    ...desktopHost(() => holder.core),
    replaceCore: (plan: Parameters<CoreHolder['replace']>[0]) => holder.replace(plan),
  };
  const begin = async () => {
    holder = new CoreHolder(plain(), open);
    handlers = createHandlers(holder.core, host);
    holder.onReplaced((next) => {
      handlers = createHandlers(next, host);
    });
    await holder.core.start();
  };
  await begin();
  const dbFile = join(dataDir, 'dversum.db');
  return {
    get core() {
      return holder.core;
    },
    clock,
    dataDir,
    dbFile,
    call: (name, input) => invokeOperation(handlers, name, input ?? {}),
    countOnDisk(table) {
      const db = new Database(dbFile, { readonly: true });
      try {
        return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      } finally {
        db.close();
      }
    },
    async restart() {
      await holder.core.close();
      await begin();
    },
    async close() {
      await holder.core.close();
      folder?.remove();
    },
  };
}
