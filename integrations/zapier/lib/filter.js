// @ts-check
/**
 * The invoice and quote triggers' filter fields (a status, a minimum total, a
 * client) as the `filter` dVersum takes with a subscription (POST
 * /api/v1/webhooks): dVersum then sends only the events that match, so events
 * the owner does not want cost no Zapier task. The minimum total is typed as the
 * owner types money ("1.000,00", "1000") and read by the one rule,
 * generated/money.js, in the currency given or dVersum's default currency; the
 * filter then also asks for that currency, so a total in another currency never
 * passes as this one.
 */
'use strict';

const { apiUrl } = require('./http');
const { AmountError, parseAmount } = require('../generated/money');

/** @typedef {import('zapier-platform-core').ZObject} ZObject */
/** @typedef {import('zapier-platform-core').Bundle} Bundle */

/** The statuses of the objects whose triggers offer the fields (test/trigger-filter.test.ts pins them to dVersum's). */
const STATUSES = {
  invoice: ['draft', 'sent', 'paid', 'overdue', 'void'],
  quote: ['draft', 'sent', 'accepted', 'rejected', 'expired'],
};

/** @param {string} type @returns {'invoice' | 'quote' | undefined} */
const objectOf = (type) => {
  const object = type.slice(0, type.indexOf('.'));
  return object === 'invoice' || object === 'quote' ? object : undefined;
};

/**
 * The trigger's filter fields: for an invoice's or a quote's events, none for the others.
 * @param {string} type
 */
function filterFields(type) {
  const object = objectOf(type);
  if (!object) return [];
  return [
    {
      key: 'status',
      label: 'Only With Status',
      required: false,
      choices: STATUSES[object],
      helpText: `Only ${object}s with this status after the event; empty: any status.`,
    },
    {
      key: 'minimum_total',
      label: 'Only With a Total of At Least',
      required: false,
      helpText: `Only ${object}s whose total (with tax) is at least this amount, typed as you write money: 1000, 1.000,00 or 1,000.00. Zaps for the others never run.`,
    },
    {
      key: 'currency',
      label: 'Currency of the Minimum Total',
      required: false,
      helpText: "A three-letter code such as EUR; empty: dVersum's default currency.",
    },
    {
      key: 'client_id',
      label: 'Only For Client ID',
      required: false,
      helpText: `Only ${object}s of this client (cli_…); empty: every client.`,
    },
  ];
}

const text = (/** @type {unknown} */ value) => (typeof value === 'string' ? value.trim() : '');

/**
 * The filter for the fields as typed, or null when none is set; `defaultCurrency` is dVersum's,
 * used for a minimum total typed without a currency. Throws AmountError naming the field.
 * @param {Record<string, unknown>} input @param {string} [defaultCurrency]
 * @returns {Record<string, unknown> | null}
 */
function filterOf(input, defaultCurrency) {
  /** @type {Record<string, unknown>} */
  const filter = {};
  const status = text(input.status);
  if (status) filter['data.status'] = { $eq: status };
  const minimum = text(input.minimum_total);
  if (minimum) {
    const currency = (text(input.currency) || defaultCurrency || 'EUR').toUpperCase();
    filter['data.total'] = { $gte: parseAmount(minimum, currency, 'Only With a Total of At Least') };
    filter['data.currency'] = { $eq: currency };
  }
  const clientId = text(input.client_id);
  if (clientId) filter['data.clientId'] = { $eq: clientId };
  return Object.keys(filter).length > 0 ? filter : null;
}

/**
 * The subscription's filter from the trigger's fields (dVersum's default currency read only when an
 * amount needs it); an amount that does not read is refused before anything is sent.
 * @param {ZObject} z @param {Bundle} bundle
 */
async function subscriptionFilter(z, bundle) {
  const input = /** @type {Record<string, unknown>} */ (bundle.inputData ?? {});
  let defaultCurrency;
  if (text(input.minimum_total) && !text(input.currency)) {
    const response = await z.request({ url: apiUrl(bundle, '/api/v1/me'), method: 'GET' });
    defaultCurrency = /** @type {{ server?: { defaultCurrency?: string } }} */ (response.data).server
      ?.defaultCurrency;
  }
  try {
    return filterOf(input, defaultCurrency);
  } catch (error) {
    if (error instanceof AmountError) throw new z.errors.Error(error.message, 'InvalidData', 422);
    throw error;
  }
}

module.exports = { STATUSES, filterFields, filterOf, subscriptionFilter };
