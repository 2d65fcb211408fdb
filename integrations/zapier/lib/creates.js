// @ts-check
/**
 * One create per object of the resource table (`task`, `client`, `project`,
 * `time_entry`, `quote`, `invoice`), posting to its incoming webhook
 * (`/api/v1/webhooks/incoming/<object>`) with the input fields of its create
 * schema, the required ones required; dVersum's 422 names a refused field.
 * Line items' unit prices are typed as amounts ("120.00") and sent in minor
 * units of the create's currency, or of the default currency dVersum names in
 * `GET /api/v1/me` when the currency is left empty.
 */
'use strict';

const catalog = require('../generated/catalog.json');
const { apiUrl } = require('./http');
const { AmountError } = require('../generated/money');
const { bodyOf, hasAmounts, inMinorUnits } = require('./input');

/** @typedef {import('zapier-platform-core').ZObject} ZObject */
/** @typedef {import('zapier-platform-core').Bundle} Bundle */
/** @typedef {(typeof catalog.objects)[number]} CatalogObject */

/**
 * The currency of a create's amounts: its own, or the one dVersum gives a create without one.
 * @param {ZObject} z @param {Bundle} bundle @param {Record<string, unknown>} body
 * @returns {Promise<string>}
 */
async function currencyOf(z, bundle, body) {
  if (typeof body.currency === 'string' && body.currency.trim() !== '') return body.currency.trim();
  const response = await z.request({ url: apiUrl(bundle, '/api/v1/me'), method: 'GET' });
  const me = /** @type {{ server?: { defaultCurrency?: string } }} */ (response.data);
  return me.server?.defaultCurrency ?? 'EUR';
}

/**
 * The create's body, its amounts in minor units; an amount that does not read is refused before the POST.
 * @param {ZObject} z @param {Bundle} bundle @param {CatalogObject} object
 */
async function bodyFor(z, bundle, object) {
  const body = bodyOf(object.fields, bundle.inputData, object.dateFields);
  if (!hasAmounts(object.fields, body, catalog.amountFields)) return body;
  try {
    return inMinorUnits(object.fields, body, await currencyOf(z, bundle, body), catalog.amountFields);
  } catch (error) {
    if (error instanceof AmountError) throw new z.errors.Error(error.message, 'InvalidData', 422);
    throw error;
  }
}

/** @param {CatalogObject} object */
function createOf(object) {
  /** @param {ZObject} z @param {Bundle} bundle */
  const perform = async (z, bundle) => {
    const response = await z.request({
      url: apiUrl(bundle, object.createPath),
      method: 'POST',
      body: await bodyFor(z, bundle, object),
    });
    return response.data;
  };

  return {
    key: object.key,
    noun: object.noun,
    display: { label: `Create ${object.noun}`, description: object.description },
    operation: {
      inputFields: object.fields,
      perform,
      sample: object.sample,
    },
  };
}

const creates = Object.fromEntries(catalog.objects.map((object) => [object.key, createOf(object)]));

module.exports = { creates };
