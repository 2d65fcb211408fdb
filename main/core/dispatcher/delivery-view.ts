/** A delivery row as the contract, the log and the export show it. */
import type { Delivery } from '../../../contract/index.js';
import { toIso, toIsoOrNull } from '../clock.js';
import type { DeliveryRow } from '../store/repositories/deliveries.js';

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    webhookId: row.webhookId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status as Delivery['status'],
    attempt: row.attempt,
    responseCode: row.responseCode,
    durationMs: row.durationMs,
    nextAttemptAt: toIsoOrNull(row.nextAttemptAt),
    createdAt: toIso(row.createdAt),
  };
}
