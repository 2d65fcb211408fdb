// @ts-check
/**
 * Custom authentication: the server's base URL and an API key (`ik_live_…`),
 * tested with `GET /api/v1/me`, which any valid key may call. The connection
 * is labelled with the key's name, as Settings lists it.
 */
'use strict';

const { apiUrl, baseUrlOf } = require('./http');

/** @typedef {import('zapier-platform-core').ZObject} ZObject */
/** @typedef {import('zapier-platform-core').Bundle} Bundle */

const REMOTE_ACCESS =
  "Zapier's cloud cannot reach 127.0.0.1 or a home network: docs/remote-access.md in dVersum shows a tunnel or a reverse proxy";

/** @param {ZObject} z @param {Bundle} bundle */
async function test(z, bundle) {
  const base = baseUrlOf(bundle);
  if (!/^https?:\/\/[^/]/i.test(base))
    throw new z.errors.Error(
      `The base URL must start with https:// (or http://), such as https://dversum.example.com; got "${base}"`,
      'InvalidBaseUrl',
      400,
    );
  let response;
  try {
    response = await z.request({ url: apiUrl(bundle, '/api/v1/me') });
  } catch (error) {
    // A refused or unresolvable address is a network failure, not an answer: say what usually causes it.
    if (
      error instanceof Error &&
      /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|fetch failed/.test(error.message)
    )
      throw new z.errors.Error(
        `dVersum did not answer at ${base} (${error.message}). ${REMOTE_ACCESS}.`,
        'Unreachable',
        502,
      );
    throw error;
  }
  return response.data;
}

/** @param {ZObject} _z @param {Bundle} bundle */
const connectionLabel = (_z, bundle) => {
  const me = /** @type {{ key?: { name?: string } }} */ (bundle.inputData);
  return me.key?.name ?? '';
};

const authentication = {
  type: /** @type {const} */ ('custom'),
  fields: [
    {
      key: 'baseUrl',
      label: 'Base URL',
      required: true,
      type: /** @type {const} */ ('string'),
      helpText:
        "The address Zapier's cloud reaches your dVersum at, such as `https://dversum.example.com` " +
        '(not 127.0.0.1, which Zapier cannot reach: docs/remote-access.md in dVersum shows a tunnel or a reverse proxy).',
    },
    {
      key: 'apiKey',
      label: 'API key',
      required: true,
      type: /** @type {const} */ ('password'),
      helpText:
        'An incoming-webhook key (`ik_live_…`) from Settings > Integrations > Incoming Webhooks, with the ' +
        "permissions your Zaps need: the read permission of each trigger's object and `webhooks:manage` for " +
        'triggers, the create permission of each object an action makes, `clients:read` to find clients.',
    },
  ],
  test,
  connectionLabel,
};

module.exports = { authentication };
