/**
 * An attempt's request headers as stored: only what cannot be derived. Every signed send starts
 * with the same four headers, and three of them follow from the row (`webhook-id` is the
 * delivery's event id, `webhook-timestamp` the attempt's start in seconds) or are constant;
 * storing them cost about 190 bytes an attempt. The signature and a static header stay stored.
 *
 * `standard` names which constant set was sent before the stored rest: 0 none (everything
 * stored as sent), 1 the set below. A change of the user agent or the content type is a new set
 * with a new number, never an edit of set 1 (migration 0007 wrote set 1 for existing rows).
 * 2 is set 1 followed by nothing but `webhook-signature`, one or more `v1,<base64 of 32 bytes>`
 * joined by spaces: the signatures' raw bytes are kept in `signatures` (32 each) and the JSON is
 * empty, 38 bytes less an attempt than the signature's JSON text (new attempts only: rows written
 * before keep set 1).
 */
const SET_1 = {
  'content-type': 'application/json',
  'user-agent': 'dVersum-Webhooks/1.0 (+https://dversum.com)',
};
const DERIVED_KEYS = ['content-type', 'user-agent', 'webhook-id', 'webhook-timestamp'];

export interface StoredHeaders {
  /** JSON of the headers that are not derived ('' with set 2). */
  json: string;
  standard: 0 | 1 | 2;
  /** Set 2: the signatures' bytes, 32 a signature. */
  signatures: Buffer | null;
}

const SIGNATURE = 'webhook-signature';
const ONE_SIGNATURE = /^v1,[A-Za-z0-9+/]{43}=$/;

/** The raw bytes of `v1,<b64> v1,<b64>…` when each decodes to 32 bytes and encodes back the same. */
function signatureBytes(value: string): Buffer | null {
  const parts = value.split(' ');
  if (!parts.every((part) => ONE_SIGNATURE.test(part))) return null;
  const bytes = Buffer.concat(parts.map((part) => Buffer.from(part.slice(3), 'base64')));
  return bytes.length === parts.length * 32 && signatureText(bytes) === value ? bytes : null;
}

function signatureText(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 32) {
    parts.push(`v1,${Buffer.from(bytes.buffer, bytes.byteOffset + i, 32).toString('base64')}`);
  }
  return parts.join(' ');
}

const derived = (eventId: string, startedAt: number): [string, string][] => [
  ...Object.entries(SET_1),
  ['webhook-id', eventId],
  ['webhook-timestamp', String(Math.floor(startedAt / 1000))],
];

/** The headers to store for an attempt of this event started at `startedAt` (ms). */
export function storeHeaders(
  headers: Record<string, string>,
  eventId: string,
  startedAt: number,
): StoredHeaders {
  const entries = Object.entries(headers);
  const expected = derived(eventId, startedAt);
  const standard = expected.every(([k, v], i) => entries[i]?.[0] === k && entries[i][1] === v);
  if (!standard) return { json: JSON.stringify(headers), standard: 0, signatures: null };
  const rest = entries.slice(DERIVED_KEYS.length);
  if (rest.length === 1 && rest[0][0] === SIGNATURE) {
    const signatures = signatureBytes(rest[0][1]);
    if (signatures) return { json: '', standard: 2, signatures };
  }
  return { json: JSON.stringify(Object.fromEntries(rest)), standard: 1, signatures: null };
}

/** The headers as they were sent, in the order they were sent. */
export function sentHeaders(
  stored: { json: string; standard: number; signatures: Uint8Array | null },
  eventId: string,
  startedAt: number,
): Record<string, string> {
  if (stored.standard === 2 && stored.signatures) {
    return { ...Object.fromEntries(derived(eventId, startedAt)), [SIGNATURE]: signatureText(stored.signatures) };
  }
  const rest = JSON.parse(stored.json) as Record<string, string>;
  if (stored.standard !== 1) return rest;
  return { ...Object.fromEntries(derived(eventId, startedAt)), ...rest };
}
