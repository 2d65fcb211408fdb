// @ts-check
/**
 * The invoice and quote triggers' filter fields (a status, a minimum total, a
 * client), made into the `filter` dVersum takes with a subscription (POST
 * /api/v1/webhooks) by generated/trigger-filter.js, a copy of
 * contract/trigger-filter.ts: dVersum then sends only the events that match, so
 * events the owner does not want cost no Zapier task.
 */
'use strict';

const { apiUrl } = require('./http');
const { AmountError } = require('../generated/money');
const { needsDefaultCurrency, triggerFilter } = require('../generated/trigger-filter');

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

/** The fields under the names the shared rule reads. @param {Record<string, unknown>} input */
const conditionsOf = (input) => ({
  status: input.status,
  minimumTotal: input.minimum_total,
  currency: input.currency,
  clientId: input.client_id,
});

/**
 * The filter for the fields as typed, or null when none is set (generated/trigger-filter.js, the
 * one rule the n8n trigger shares); `defaultCurrency` is dVersum's, used for a minimum total typed
 * without a currency. Throws AmountError naming the field.
 * @param {Record<string, unknown>} input @param {string} [defaultCurrency]
 */
const filterOf = (input, defaultCurrency) =>
  triggerFilter(conditionsOf(input), { amountLabel: 'Only With a Total of At Least', defaultCurrency });

/**
 * The subscription's filter from the trigger's fields (dVersum's default currency read only when an
 * amount needs it); an amount that does not read is refused before anything is sent.
 * @param {ZObject} z @param {Bundle} bundle
 */
async function subscriptionFilter(z, bundle) {
  const input = /** @type {Record<string, unknown>} */ (bundle.inputData ?? {});
  let defaultCurrency;
  if (needsDefaultCurrency(conditionsOf(input))) {
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
