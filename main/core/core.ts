/**
 * The core: one store, the injected clock, settings, the outbox and the
 * services built on them. Everything here runs under plain Node; Electron's
 * main process and headless mode both host it.
 *
 * Services that run in the background (dispatcher, schedulers) are
 * `Startable`s: `start()` starts them in order, `close()` stops them in
 * reverse and then closes the database.
 */
import { dirname, join } from 'node:path';
import { ApiKeysService } from './access/api-keys.js';
import { MetricsAccess } from './access/metrics-token.js';
import { IncomingLog } from './access/incoming-log.js';
import { RateLimiter } from './access/rate-limiter.js';
import { Availability } from './availability.js';
import { BackupSchedule } from './backup/backup-schedule.js';
import { listBackups, resolveFolder } from './backup/backup-folder.js';
import { BackupsService } from './backup/backups-service.js';
import { systemClock, type Clock } from './clock.js';
import type { CoreContext, Startable } from './context.js';
import type { DispatcherOptions } from './dispatcher/dispatcher.js';
import { NetworkWatch, type OnlineSource } from './dispatcher/online.js';
import { EventsFeed } from './dispatcher/events-feed.js';
import { createOutgoing } from './dispatcher/outgoing-services.js';
import { DocumentLinks } from './documents/document-links.js';
import { DocumentsService } from './documents/documents-service.js';
import { createObjectServices } from './domain/object-services.js';
import { dateChecks, OverdueScheduler } from './domain/overdue.js';
import { IdempotentAnswers } from './handlers/idempotency.js';
import { CoreMetrics } from './metrics/core-metrics.js';
import { feedNotices, Notices } from './notices.js';
import { SettingsStore } from './settings/settings-store.js';
import { plainCipher, type SecretCipher } from './secret-cipher.js';
import type { Core } from './services.js';
import { databaseFiles, recoverInterruptedSwap } from './store/backup-file.js';
import {
  asHandle,
  backupFolderSetting,
  DamagedDatabaseError,
  openStore,
  type Store,
} from './store/database.js';
import { Outbox } from './store/outbox.js';
import { createOutgoingStore } from './store/outgoing-store.js';
import { createRepositories } from './store/repositories/index.js';
import { SqliteMetricsReadings } from './store/repositories/metrics-readings.js';
import { SqliteUnitOfWork } from './store/unit-of-work.js';
import { startCheckpointer, type CheckpointerOptions } from './store/checkpointer.js';
import { createPrivateFolder, describeTightening, makePrivate } from './store/file-modes.js';
import {
  acquireInstanceLock,
  assertDataDirWritable,
  LOCK_FILE_NAME,
  type InstanceLock,
} from './store/instance-lock.js';
import { assertDatabaseWritable, describeOpenFailure } from './store/storage-errors.js';

export type { Core };

export interface CoreOptions {
  /** Folder for the database and the admin token; without one the database is in memory. */
  dataDir?: string;
  /** Database file; defaults to <dataDir>/dversum.db, or ':memory:' without a dataDir. */
  dbFile?: string;
  clock?: Clock;
  migrationsFolder?: string;
  /** better-sqlite3 built for another runtime's ABI (the Electron shell passes its own). */
  nativeBinding?: string;
  /** Seals webhook signing secrets at rest; the desktop shell passes the system keychain's. */
  secretCipher?: SecretCipher;
  /** In-flight bounds for outgoing webhooks (tests and benchmarks tune them). */
  dispatcher?: DispatcherOptions;
  /** Whether the machine is online: the desktop passes Electron's; headless infers it from the sends (`NetworkWatch`). */
  online?: OnlineSource;
  /** How long to wait for the data folder's lock held by another process before refusing (0 by default). */
  lockWaitMs?: number;
  /** Where the core says what it did on its own at start (a folder made private); stderr by default. */
  log?: (line: string) => void;
  /** The WAL checkpoint thread's bounds (store/checkpointer.ts); tests make them small. */
  checkpoint?: Omit<CheckpointerOptions, 'nativeBinding' | 'log'>;
}

/** The newest backup of a database that cannot be opened: in the folder its settings name, if readable, or beside it. */
function newestBackup(file: string, options: CoreOptions): string | undefined {
  try {
    const setting = backupFolderSetting(file, { nativeBinding: options.nativeBinding }) ?? '';
    return listBackups(resolveFolder(setting, file))[0]?.path;
  } catch {
    return undefined;
  }
}

export function createCore(options: CoreOptions = {}): Core {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? ((line: string) => console.warn(line));
  const dataDir = options.dataDir;
  if (dataDir) createPrivateFolder(dataDir);
  const file = options.dbFile ?? (dataDir ? join(dataDir, 'dversum.db') : ':memory:');
  let lock: InstanceLock | undefined;
  let store: Store;
  try {
    if (dataDir) assertDataDirWritable(dataDir);
    assertDatabaseWritable(file);
    // One app per data folder: a second one refuses before touching the database.
    lock = dataDir
      ? acquireInstanceLock(dataDir, {
          nativeBinding: options.nativeBinding,
          waitMs: options.lockWaitMs,
        })
      : undefined;
    if (file !== ':memory:' && recoverInterruptedSwap(file)) {
      log(
        `dVersum: a restore was interrupted before it replaced ${file}: the database it had is back in place.`,
      );
    }
    const changes = makePrivate(dataDir, file, dataDir ? [join(dataDir, LOCK_FILE_NAME)] : []);
    if (changes.length > 0) log(describeTightening(dataDir ?? dirname(file), changes));
    store = openStore(file, {
      migrationsFolder: options.migrationsFolder,
      nativeBinding: options.nativeBinding,
    });
  } catch (err) {
    lock?.release();
    if (err instanceof DamagedDatabaseError) throw err.withAdvice(newestBackup(file, options));
    throw describeOpenFailure(file, err);
  }
  const repositories = createRepositories(store.db);
  const settings = new SettingsStore(repositories.kv, clock);
  // Checkpoints on a thread of their own, told of each commit; none for a database in memory.
  const checkpointer = startCheckpointer(store.sqlite, file, {
    ...options.checkpoint,
    nativeBinding: options.nativeBinding,
    log,
  });
  const work = new SqliteUnitOfWork(store.sqlite, checkpointer?.written);
  const outbox = new Outbox(store.db, clock, work);
  const secretCipher = options.secretCipher ?? plainCipher;
  const ctx: CoreContext = { work, clock, settings, outbox, secretCipher };
  // The business objects: each service takes the repositories it uses (a Pick of these).
  const objects = { work, clock, outbox, settings, tables: repositories.objects };

  // Background services, started in this order and stopped in reverse.
  const background: Startable[] = [];
  const objectServices = createObjectServices(objects);
  const documents = new DocumentsService({
    work,
    clock,
    settings,
    tables: repositories.objects,
    items: { invoice: (id) => objectServices.invoices.get(id), quote: (id) => objectServices.quotes.get(id) },
    documents: repositories.documents,
    links: new DocumentLinks({ clock, settings, cipher: secretCipher }),
  });
  // Invoices' and quotes' sent, paid, overdue and accepted events carry their document (documents-service.ts).
  outbox.decorate((type, data) => documents.decorate(type, data));
  // First, so invoices fallen due and quotes expired while the app was closed are in the outbox when the dispatcher starts.
  background.push(new OverdueScheduler(dateChecks(objectServices)));
  const outgoingStore = createOutgoingStore(store);
  const { webhooks, keySubscriptions, dispatcher, deliveryLog, logRetention } = createOutgoing(
    {
      work,
      clock,
      settings,
      outbox,
      secretCipher,
      store: outgoingStore,
      online: options.online ?? new NetworkWatch(),
      log,
    },
    options.dispatcher,
  );
  background.push(dispatcher, logRetention);
  const files = databaseFiles(store);
  const backups = new BackupsService({ clock, settings, files: files });
  const leftovers = backups.removeLeftovers();
  if (leftovers) log(leftovers);
  // A database in memory has no daily backup unless the owner chose a folder for it.
  if (files.file) background.push(new BackupSchedule({ backups, clock, settings }));
  const incomingLog = new IncomingLog({ work, clock, settings, rows: repositories.incomingLog });
  const notices = new Notices();
  const keys = new ApiKeysService({
    work,
    clock,
    apiKeys: repositories.apiKeys,
    subscriptions: keySubscriptions,
    onUsed: (keyId) => notices.notify({ type: 'keys.used', keyId }),
  });
  const stopNotices = feedNotices(notices, {
    onDispatchEvent: (listener) => dispatcher.onEvent(listener),
    onEventsRecorded: (listener) => outbox.onRecorded(listener),
  });
  const metrics = new CoreMetrics({
    clock,
    readings: new SqliteMetricsReadings(store),
    onDispatchEvent: (listener) => dispatcher.onEvent(listener),
  });
  let started = false;
  const availability = new Availability();
  const stop = async (graceMs?: number) => {
    if (started) for (const service of [...background].reverse()) await service.stop(graceMs);
    started = false;
  };

  return {
    ...ctx,
    store: asHandle(store),
    dataDir: options.dataDir,
    idempotency: new IdempotentAnswers({
      table: repositories.idempotencyKeys,
      clock,
      work,
      // The folder's lock held on its own database, or one in memory: no other process writes it.
      ownsFile: file === ':memory:' || (lock !== undefined && options.dbFile === undefined),
    }),
    ...objectServices,
    documents,
    keys,
    incomingLog,
    rateLimiter: new RateLimiter(clock, () => settings.get().rateLimits),
    webhooks,
    dispatcher,
    deliveryLog,
    logRetention,
    eventsFeed: new EventsFeed({ events: outgoingStore.events }),
    backups,
    notices,
    availability,
    metrics,
    metricsAccess: new MetricsAccess({ settings, clock }),
    async start() {
      if (started) return;
      started = true;
      for (const service of background) await service.start();
    },
    stop,
    async close() {
      availability.set('closed');
      await stop();
      stopNotices();
      metrics.close();
      notices.close();
      incomingLog.close();
      // The thread's connection first: the app's, closed last, checkpoints the rest and removes the WAL.
      await checkpointer?.stop();
      store.close();
      lock?.release();
    },
  };
}
