/**
 * An attempt's request headers as stored: only what cannot be derived. Every signed send starts
 * with the same four headers, and three of them follow from the row (`webhook-id` is the
 * delivery's event id, `webhook-timestamp` the attempt's start in seconds) or are constant;
 * storing them cost about 190 bytes an attempt. The signature and a static header stay stored.
 *
 * `standard` names which constant set was sent before the stored rest: 0 none (everything
 * stored as sent), 1 the set below. A change of the user agent or the content type is a new set
 * with a new number, never an edit of set 1 (migration 0007 wrote set 1 for existing rows).
 */
const SET_1 = {
  'content-type': 'application/json',
  'user-agent': 'dVersum-Webhooks/1.0 (+https://dversum.com)',
};
const DERIVED_KEYS = ['content-type', 'user-agent', 'webhook-id', 'webhook-timestamp'];

export interface StoredHeaders {
  /** JSON of the headers that are not derived. */
  json: string;
  standard: 0 | 1;
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
  if (!standard) return { json: JSON.stringify(headers), standard: 0 };
  return { json: JSON.stringify(Object.fromEntries(entries.slice(DERIVED_KEYS.length))), standard: 1 };
}

/** The headers as they were sent, in the order they were sent. */
export function sentHeaders(
  stored: { json: string; standard: number },
  eventId: string,
  startedAt: number,
): Record<string, string> {
  const rest = JSON.parse(stored.json) as Record<string, string>;
  if (stored.standard !== 1) return rest;
  return { ...Object.fromEntries(derived(eventId, startedAt)), ...rest };
}
