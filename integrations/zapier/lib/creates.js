// @ts-check
/**
 * One create per object of the resource table (`task`, `client`, `project`,
 * `time_entry`, `quote`, `invoice`), posting to its incoming webhook
 * (`/api/v1/webhooks/incoming/<object>`) with the input fields of its create
 * schema, the required ones required; dVersum's 422 names a refused field.
 */
'use strict';

const catalog = require('../generated/catalog.json');
const { apiUrl } = require('./http');
const { bodyOf } = require('./input');

/** @typedef {import('zapier-platform-core').ZObject} ZObject */
/** @typedef {import('zapier-platform-core').Bundle} Bundle */
/** @typedef {(typeof catalog.objects)[number]} CatalogObject */

/** @param {CatalogObject} object */
function createOf(object) {
  /** @param {ZObject} z @param {Bundle} bundle */
  const perform = async (z, bundle) => {
    const response = await z.request({
      url: apiUrl(bundle, object.createPath),
      method: 'POST',
      body: bodyOf(object.fields, bundle.inputData),
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
