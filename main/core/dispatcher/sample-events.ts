/**
 * Realistic sample payloads for `webhooks.sendTest`: Zapier and n8n learn a
 * trigger's fields from the first payload they see, so each sample has every
 * field the real event's `data` has (the API representation of the object).
 * The data comes from the event catalog (contract/event-catalog.ts), the same
 * builder as the catalog's examples, with fresh ids and the current time.
 */
import { RESOURCE_KEYS, sampleDataOf, type EventType } from '../../../contract/index.js';
import { newId } from '../ids.js';

/** The `data` of a sample event of this type. */
export function sampleData(
  type: EventType,
  now: number,
  webhook: { id: string; name: string },
): Record<string, unknown> {
  // One fresh id per object: the sample's own, and those of the client, project and task it names.
  const ids = Object.fromEntries(RESOURCE_KEYS.map((key) => [key, newId(key, now)]));
  return sampleDataOf(type, { now, ids, webhook });
}
