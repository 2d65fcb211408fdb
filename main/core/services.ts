/**
 * `Core`: the services `createCore()` (core.ts) builds, as the hosts see them
 * (the server, the contract handlers, the desktop and headless shells). Only
 * types: a module that uses the core imports this, not the composition root.
 */
import type { ApiKeysService } from './access/api-keys.js';
import type { MetricsAccess } from './access/metrics-token.js';
import type { IncomingLog } from './access/incoming-log.js';
import type { RateLimiter } from './access/rate-limiter.js';
import type { Availability } from './availability.js';
import type { BackupsService } from './backup/backups-service.js';
import type { CoreContext } from './context.js';
import type { DeliveryLog } from './dispatcher/delivery-log.js';
import type { Dispatcher } from './dispatcher/dispatcher.js';
import type { EventsFeed } from './dispatcher/events-feed.js';
import type { LogRetention } from './dispatcher/retention.js';
import type { WebhooksService } from './dispatcher/webhooks-service.js';
import type { DocumentsService } from './documents/documents-service.js';
import type { ObjectServicesOf } from './domain/object-services.js';
import type { IdempotentAnswers } from './handlers/idempotency.js';
import type { CoreMetrics } from './metrics/core-metrics.js';
import type { Notices } from './notices.js';
import type { StoreHandle } from './store/database.js';

/**
 * The business objects' services (`clients`, …, `invoices`) come from
 * `domain/object-services.ts`; invoices' overdue check runs at start and
 * every minute (a Startable in `background`).
 */
export interface Core extends CoreContext, ObjectServicesOf {
  /** The database, opaque above `store/` (tests reach its tables through `storeOf`). */
  store: StoreHandle;
  dataDir: string | undefined;
  /** The first answers to POSTs under an Idempotency-Key: the `idempotent` commit policy's (handlers/idempotency.ts). */
  idempotency: IdempotentAnswers;
  /** Invoices and quotes as PDFs, their snapshots once sent, the signed links events carry, the logo. */
  documents: DocumentsService;
  keys: ApiKeysService;
  incomingLog: IncomingLog;
  /** Per-key and daily limits for calls with an API key (in memory; see rate-limiter.ts). */
  rateLimiter: RateLimiter;
  webhooks: WebhooksService;
  /** Outbox → signed deliveries, retries, pause (a Startable). */
  dispatcher: Dispatcher;
  deliveryLog: DeliveryLog;
  /** Prunes the delivery log past `logRetentionDays` (a Startable). */
  logRetention: LogRetention;
  /** The outbox read back for polling consumers (`GET /api/v1/events`). */
  eventsFeed: EventsFeed;
  /** What the window and the tray must refresh, coalesced (`notices.ts`): IPC in the desktop, SSE in headless. */
  notices: Notices;
  /** Backups of the database and the restore's checks (the host carries a restore out: core-holder.ts). */
  backups: BackupsService;
  /** Whether calls are taken: a restore refuses writes, a closed core everything (availability.ts). */
  availability: Availability;
  /** Prometheus' families for `/metrics`, in this core's own registry (metrics/core-metrics.ts). */
  metrics: CoreMetrics;
  /** `/metrics`' switch and read-only token (access/metrics-token.ts). */
  metricsAccess: MetricsAccess;
  start(): Promise<void>;
  /**
   * Stops the background work, the database staying open (a restore, before its "before
   * restore" copy): sends in flight get `graceMs` to finish, then are aborted, still due.
   * `start()` starts it again.
   */
  stop(graceMs?: number): Promise<void>;
  close(): Promise<void>;
}
