// @ts-check
/**
 * Standard Webhooks verification with node:crypto only, as the n8n trigger
 * does it (integrations/n8n-nodes-dversum/nodes/DversumTrigger/signature.ts):
 * HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${body}` keyed with
 * the base64 secret after `whsec_`, compared in constant time against each
 * `v1,` signature in the header (dVersum sends two while a secret rotates),
 * the timestamp within 5 minutes of now either way.
 */
'use strict';

const { createHmac, timingSafeEqual } = require('node:crypto');

const TOLERANCE_SECONDS = 5 * 60;

/** @typedef {{ ok: true } | { ok: false, reason: string }} Verdict */

/**
 * A header by name, whatever its case, also as Zapier passes the headers of a
 * hook in `bundle.rawRequest` (`Http-Webhook-Id`).
 * @param {Record<string, unknown>} headers @param {string} name
 * @returns {string | undefined}
 */
function header(headers, name) {
  for (const [key, value] of Object.entries(headers)) {
    const bare = key
      .toLowerCase()
      .replace(/^http[-_]/, '')
      .replace(/_/g, '-');
    if (bare !== name) continue;
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.length > 0) return String(value[0]);
  }
  return undefined;
}

/** @param {string} secret */
const keyOf = (secret) =>
  Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');

/**
 * Checks one delivery: its raw body exactly as received, its headers, the time now.
 * @param {string} secret @param {Record<string, unknown>} headers @param {string | Buffer} body @param {number} nowMs
 * @returns {Verdict}
 */
function verifySignature(secret, headers, body, nowMs) {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
  }
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'webhook-timestamp is not a number of seconds' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) {
    return { ok: false, reason: 'webhook-timestamp is more than 5 minutes away from now' };
  }
  const expected = createHmac('sha256', keyOf(secret))
    .update(`${id}.${timestamp}.`)
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest();
  for (const entry of signatures.split(' ')) {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || !signature) continue;
    const given = Buffer.from(signature, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'no signature matches' };
}

module.exports = { verifySignature, TOLERANCE_SECONDS };
