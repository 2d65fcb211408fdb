/**
 * The outgoing path's repositories, built once from the store: webhooks,
 * deliveries, their attempts, the outbox's reading side, the log's reads and
 * retention's walk. The dispatcher's services receive these (never the
 * database itself): the seam where another store would plug in.
 */
import type { Store } from './database.js';
import { DeliveriesRepository } from './repositories/deliveries.js';
import { DeliveryAttemptsRepository } from './repositories/delivery-attempts.js';
import { DeliveryLogRepository } from './repositories/delivery-log.js';
import { OutboxEventsRepository } from './repositories/outbox-events.js';
import { RetentionRepository } from './repositories/retention.js';
import { WebhooksRepository } from './repositories/webhooks.js';

export interface OutgoingStore {
  webhooks: WebhooksRepository;
  deliveries: DeliveriesRepository;
  attempts: DeliveryAttemptsRepository;
  events: OutboxEventsRepository;
  log: DeliveryLogRepository;
  retention: RetentionRepository;
  /** False once the database is closed: background work stops touching it. */
  isOpen(): boolean;
}

export function createOutgoingStore(store: Pick<Store, 'db' | 'sqlite'>): OutgoingStore {
  const { db, sqlite } = store;
  return {
    webhooks: new WebhooksRepository(db),
    deliveries: new DeliveriesRepository(db),
    attempts: new DeliveryAttemptsRepository(db),
    events: new OutboxEventsRepository(db),
    log: new DeliveryLogRepository(db),
    retention: new RetentionRepository(db),
    isOpen: () => sqlite.open,
  };
}
