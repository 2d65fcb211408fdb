// Copied by scripts/generate.ts from contract/verify-signature.ts. Do not edit:
// run `npx tsx integrations/n8n-nodes-dversum/scripts/generate.ts`.

/**
 * How a receiver checks a dVersum delivery (Standard Webhooks, node:crypto
 * only): HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${body}` keyed
 * with the base64 secret after `whsec_`, compared in constant time against
 * each `v1,` signature in the header (dVersum sends two while a secret
 * rotates), the timestamp within 5 minutes of now either way.
 *
 * This file imports only node:crypto and is not re-exported by contract/index.ts
 * (the window never verifies): the n8n trigger and the Zapier app get a copy
 * from their generators, as they do contract/money.ts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOLERANCE_SECONDS = 5 * 60;

export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * A header by name, whatever its case, also as Zapier passes the headers of a
 * hook in `bundle.rawRequest` (`Http-Webhook-Id`, `HTTP_WEBHOOK_ID`).
 */
function header(headers: Record<string, unknown>, name: string): string | undefined {
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

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/** Checks one delivery: its raw body exactly as received, its headers, the time now. */
export function verifySignature(
  secret: string,
  headers: Record<string, unknown>,
  body: Buffer | string,
  nowMs: number,
): Verdict {
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
