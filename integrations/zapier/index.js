// @ts-check
/**
 * The dVersum app for Zapier: custom authentication (base URL and API key),
 * a REST-hook trigger per event type, a create per object, a client search and
 * a PDF search per document (invoices, quotes),
 * derived from dVersum's contract through generated/catalog.json.
 */
'use strict';

const { version: platformVersion } = require('zapier-platform-core');
const { version } = require('./package.json');
const { authentication } = require('./lib/authentication');
const { creates } = require('./lib/creates');
const documents = require('./lib/documents');
const { addApiKey, explainErrors } = require('./lib/http');
const { searches, searchOrCreates } = require('./lib/searches');
const { triggers } = require('./lib/triggers');

module.exports = {
  version,
  platformVersion,
  authentication,
  beforeRequest: [addApiKey],
  afterResponse: [explainErrors],
  triggers,
  creates,
  searches: { ...searches, ...documents.searches },
  hydrators: documents.hydrators,
  searchOrCreates,
};
