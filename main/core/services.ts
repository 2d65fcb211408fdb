/**
 * `Core`: the services `createCore()` (core.ts) builds, as the hosts see them
 * (the server, the contract handlers, the desktop and headless shells). Only
 * types: a module that uses the core imports this, not the composition root.
 */
import type { ApiKeysService } from './access/api-keys.js';
import type { IncomingLog } from './access/incoming-log.js';
import type { RateLimiter } from './access/rate-limiter.js';
import type { CoreContext } from './context.js';
import type { DeliveryLog } from './dispatcher/delivery-log.js';
import type { Dispatcher } from './dispatcher/dispatcher.js';
import type { LogRetention } from './dispatcher/retention.js';
import type { WebhooksService } from './dispatcher/webhooks-service.js';
import type { ClientsService } from './domain/clients.js';
import type { InvoicesService } from './domain/invoices.js';
import type { ProjectsService } from './domain/projects.js';
import type { QuotesService } from './domain/quotes.js';
import type { TasksService } from './domain/tasks.js';
import type { TimeEntriesService } from './domain/time-entries.js';
import type { Notices } from './notices.js';
import type { Store } from './store/database.js';

export interface Core extends CoreContext {
  store: Store;
  dataDir: string | undefined;
  clients: ClientsService;
  projects: ProjectsService;
  tasks: TasksService;
  timeEntries: TimeEntriesService;
  quotes: QuotesService;
  /** Invoices; their overdue check runs at start and every minute (a Startable in `background`). */
  invoices: InvoicesService;
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
  /** What the window and the tray must refresh, coalesced (`notices.ts`): IPC in the desktop, SSE in headless. */
  notices: Notices;
  start(): Promise<void>;
  close(): Promise<void>;
}
