import { randomBytes } from 'node:crypto';

/**
 * Ids carry their type (`cli_…`) and sort by creation time: 10 characters of
 * millisecond time (Crockford base32) then 16 random ones. Sorting by id is
 * sorting by creation, so cursors are simply the last id of a page.
 */
export const ID_PREFIXES = {
  client: 'cli',
  project: 'prj',
  task: 'tsk',
  timeEntry: 'tim',
  quote: 'quo',
  invoice: 'inv',
  event: 'evt',
  apiKey: 'key',
  webhook: 'whk',
  delivery: 'dlv',
  attempt: 'att',
  incomingCall: 'inc',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

function encodeTime(ms: number): string {
  let out = '';
  let rest = Math.max(0, Math.floor(ms));
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function randomPart(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += CROCKFORD[byte % 32];
  return out;
}

export function newId(kind: IdKind, nowMs: number): string {
  return `${ID_PREFIXES[kind]}_${encodeTime(nowMs)}${randomPart(16)}`;
}

/** True when `value` looks like an id of this kind (used to 404 early and cheaply). */
export function isIdOf(kind: IdKind, value: string): boolean {
  return new RegExp(`^${ID_PREFIXES[kind]}_[0-9a-z]{26}$`).test(value);
}
