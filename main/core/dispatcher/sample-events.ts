/**
 * Realistic sample payloads for `webhooks.sendTest`: Zapier and n8n learn a
 * trigger's fields from the first payload they see, so each sample has every
 * field the real event's `data` has (the API representation of the object).
 * Each object's sample comes from its entry in the resource table, in the
 * state its event leaves it in (`invoice.paid` is a paid invoice).
 */
import { RESOURCE_KEYS, resourceOfEvent, type EventType } from '../../../contract/index.js';
import { toIso } from '../clock.js';
import { newId } from '../ids.js';

/** The `data` of a sample event of this type. */
export function sampleData(
  type: EventType,
  now: number,
  webhook: { id: string; name: string },
): Record<string, unknown> {
  const resource = resourceOfEvent(type);
  if (!resource) {
    return {
      message: 'This is a test event from dVersum. Your webhook is set up correctly.',
      webhookId: webhook.id,
      webhookName: webhook.name,
      sentAt: toIso(now),
    };
  }
  // One fresh id per object: the sample's own, and those of the client, project and task it names.
  const ids = Object.fromEntries(RESOURCE_KEYS.map((key) => [key, newId(key, now)]));
  return resource.sample({ now, event: type.slice(resource.event.length + 1), ids }) as Record<
    string,
    unknown
  >;
}
