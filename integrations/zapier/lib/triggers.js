// @ts-check
/**
 * One REST-hook trigger per event type of the catalog, keyed by the type with
 * `.` as `_` (`task_created`). Turning a Zap on subscribes Zapier's target URL
 * to that one type (`POST /api/v1/webhooks`, which needs `webhooks:manage` and
 * the event's read permission: a 403 names the one missing); turning it off
 * deletes that subscription. Each delivery is the event itself, which Zapier
 * de-duplicates by its `id`, once its Standard Webhooks signature checks out
 * against the secret the subscription returned (kept in `subscribeData`); a
 * delivery that does not is refused by throwing, so the Zap runs nothing.
 * `performList` reads the same events from the feed, newest first, for
 * samples and the trigger test. The invoice and quote triggers offer a status,
 * a minimum total and a client (`filter.js`), sent as the subscription's
 * `filter`, so dVersum sends only the events that match and the others cost
 * no Zapier task.
 */
'use strict';

const catalog = require('../generated/catalog.json');
const { filterFields, subscriptionFilter } = require('./filter');
const { apiUrl, throwFor } = require('./http');
const { verifySignature } = require('../generated/signature');

/** @typedef {import('zapier-platform-core').ZObject} ZObject */
/** @typedef {import('zapier-platform-core').Bundle} Bundle */
/** @typedef {(typeof catalog.events)[number]} CatalogEvent */

/** How many recent events the trigger test and the samples show. */
const LIST_LIMIT = 25;

/**
 * The feed leaves out the types a key may not read, as a list that is merely
 * empty; in the Zap editor that would look like "no tasks yet". An empty list
 * is therefore checked against the key's permissions (GET /api/v1/me).
 * @param {ZObject} z @param {Bundle} bundle @param {CatalogEvent} event
 */
async function assertMayRead(z, bundle, event) {
  const me = await z.request({ url: apiUrl(bundle, '/api/v1/me') });
  const { permissions } = /** @type {{ key: { permissions: string[] } }} */ (me.data).key;
  if (permissions.includes(event.permission)) return;
  throw new z.errors.Error(
    `This key may not receive ${event.type}: it needs the permission ${event.permission}. ` +
      'Add it to the key in Settings > Integrations',
    'Forbidden',
    403,
  );
}

/** @param {CatalogEvent} event */
function triggerOf(event) {
  const inputFields = filterFields(event.type);

  /** @param {ZObject} z @param {Bundle} bundle */
  const performSubscribe = async (z, bundle) => {
    const filter = inputFields.length > 0 ? await subscriptionFilter(z, bundle) : null;
    const response = await z.request({
      url: apiUrl(bundle, '/api/v1/webhooks'),
      method: 'POST',
      body: {
        name: `Zapier: ${event.label}`,
        url: bundle.targetUrl,
        events: [event.type],
        ...(filter ? { filter } : {}),
      },
    });
    return response.data;
  };

  /** @param {ZObject} z @param {Bundle} bundle */
  const performUnsubscribe = async (z, bundle) => {
    const subscription = /** @type {{ id?: string }} */ (bundle.subscribeData ?? {});
    if (!subscription.id)
      throw new z.errors.Error('This Zap holds no dVersum subscription to remove', 'NotSubscribed', 400);
    const response = await z.request({
      url: apiUrl(bundle, `/api/v1/webhooks/${encodeURIComponent(subscription.id)}`),
      method: 'DELETE',
      skipThrowForStatus: true,
    });
    // Deleted in dVersum already (or with its key revoked): the Zap still turns off.
    if (response.status >= 400 && response.status !== 404) throwFor(response, z);
    return { id: subscription.id };
  };

  /** @param {ZObject} z @param {Bundle} bundle */
  const perform = (z, bundle) => {
    const { secret } = /** @type {{ secret?: string }} */ (bundle.subscribeData ?? {});
    if (!secret) {
      throw new z.errors.Error(
        'This Zap holds no signing secret for its dVersum subscription: turn the Zap off and on again',
        'NotSubscribed',
        401,
      );
    }
    const raw = bundle.rawRequest ?? {};
    const verdict = verifySignature(secret, raw.headers ?? {}, raw.content ?? '', Date.now());
    if (!verdict.ok) {
      throw new z.errors.Error(
        `Refused a delivery that dVersum did not sign: ${verdict.reason}`,
        'InvalidSignature',
        401,
      );
    }
    return [bundle.cleanedRequest];
  };

  /** @param {ZObject} z @param {Bundle} bundle */
  const performList = async (z, bundle) => {
    const response = await z.request({
      url: apiUrl(bundle, '/api/v1/events'),
      params: { types: event.type, order: 'desc', limit: String(LIST_LIMIT) },
    });
    const { items } = /** @type {{ items: unknown[] }} */ (response.data);
    if (items.length === 0) await assertMayRead(z, bundle, event);
    return items;
  };

  return {
    key: event.key,
    noun: event.noun,
    display: { label: event.label, description: event.description },
    operation: {
      type: /** @type {const} */ ('hook'),
      ...(inputFields.length > 0 ? { inputFields } : {}),
      performSubscribe,
      performUnsubscribe,
      perform,
      performList,
      sample: event.example,
    },
  };
}

const triggers = Object.fromEntries(catalog.events.map((event) => [event.key, triggerOf(event)]));

module.exports = { triggers };
