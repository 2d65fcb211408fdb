/**
 * The API key each integration's "create key" button makes (Settings > Integrations >
 * Use with n8n / Use with Zapier): the permissions it needs, derived from what the
 * integration does, so a new object or event reaches them without an edit.
 *
 * - n8n (`n8n-nodes-dversum`): the dVersum node creates, updates, gets and lists every
 *   object (each write and read permission), and the dVersum Trigger subscribes through
 *   REST hooks (`webhooks:manage`) to any event type.
 * - Zapier: one REST-hook trigger per event type (every event's read permission, and
 *   `webhooks:manage` to subscribe), `performList` on the events feed (the same reads), a
 *   create per object (each write permission) and `find_client` (`clients:read`). Nothing
 *   less suffices, so it is the same set; an owner who uses fewer of its triggers or
 *   creates can narrow the key afterwards in Incoming Webhooks.
 */
import {
  EVENT_READ_PERMISSION,
  PERMISSION_IDS,
  WRITE_PERMISSIONS,
  type EventType,
  type Permission,
} from './integrations.js';

export type IntegrationId = 'n8n' | 'zapier';

export interface IntegrationPreset {
  id: IntegrationId;
  /** The product, as the window names it: "Use with n8n". */
  product: string;
  /** The name of the key the button creates (shown in Incoming Webhooks). */
  keyName: string;
  /** In the order of the permission list. */
  permissions: readonly Permission[];
}

/** In PERMISSION_IDS' order, each once. */
const inListOrder = (wanted: Iterable<Permission>): Permission[] => {
  const set = new Set(wanted);
  return PERMISSION_IDS.filter((p) => set.has(p));
};

const everyWrite = WRITE_PERMISSIONS.map((p) => p.id);
/** What a trigger for every event type (and the events feed over them) needs. */
const everyEventRead = (Object.keys(EVENT_READ_PERMISSION) as EventType[])
  .map((type) => EVENT_READ_PERMISSION[type])
  .filter((p): p is Permission => p !== null);

export const INTEGRATION_PRESETS: Record<IntegrationId, IntegrationPreset> = {
  n8n: {
    id: 'n8n',
    product: 'n8n',
    keyName: 'n8n',
    permissions: inListOrder(
      PERMISSION_IDS.filter((p) => p.endsWith(':read') || everyWrite.includes(p)).concat('webhooks:manage'),
    ),
  },
  zapier: {
    id: 'zapier',
    product: 'Zapier',
    keyName: 'Zapier',
    permissions: inListOrder([...everyWrite, ...everyEventRead, 'clients:read', 'webhooks:manage']),
  },
};
