import { randomFillSync } from 'node:crypto';
import { ID_PREFIXES, type IdKind } from '../../contract/id-prefixes.js';

/**
 * Ids carry their type (`cli_…`) and sort by creation time: 10 characters of
 * millisecond time (Crockford base32) then 16 random ones. Sorting by id is
 * sorting by creation, so cursors are simply the last id of a page. The
 * prefixes are the contract's (`contract/id-prefixes.ts`: the resource table's and the others').
 */
export { ID_PREFIXES, type IdKind } from '../../contract/id-prefixes.js';

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

const RANDOM_LENGTH = 16;

// Random bytes drawn 4 KiB at a time: one call into the CSPRNG serves 256 ids
// instead of one each (a buffer per id was about 2 % of an incoming create).
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomDigits(): number[] {
  if (poolOffset + RANDOM_LENGTH > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const digits = new Array<number>(RANDOM_LENGTH);
  for (let i = 0; i < RANDOM_LENGTH; i++) digits[i] = pool[poolOffset + i] % 32;
  poolOffset += RANDOM_LENGTH;
  return digits;
}

/** The time part of the last id made, kept while the millisecond does not change. */
let lastTimeText = '';

/** Adds one to a base-32 digit string; false when it overflowed. */
function increment(digits: number[]): boolean {
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i] < 31) {
      digits[i]++;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}

// Ids made in the same millisecond continue from the previous one, so id order
// is creation order and newest-first lists never swap two items. The time part
// always stays the clock's own (the log's time filters rely on it), so after the
// clock steps back, order follows the clock.
let lastTime = -1;
let lastDigits: number[] = [];

export function newId(kind: IdKind, nowMs: number): string {
  const time = Math.floor(nowMs);
  if (time !== lastTime) {
    lastTime = time;
    lastDigits = randomDigits();
    lastTimeText = encodeTime(lastTime);
  } else if (!increment(lastDigits)) {
    lastTime++;
    lastDigits = randomDigits();
    lastTimeText = encodeTime(lastTime);
  }
  let random = '';
  for (const digit of lastDigits) random += CROCKFORD[digit];
  return `${ID_PREFIXES[kind]}_${lastTimeText}${random}`;
}

/**
 * The smallest id of this kind made at `ms` (its prefix and time part alone): every id made before
 * `ms` sorts before it, every one made at or after it does not, so a time bound becomes an id bound.
 */
export function firstIdAt(kind: IdKind, ms: number): string {
  return `${ID_PREFIXES[kind]}_${encodeTime(ms)}`;
}

/** True when `value` looks like an id of this kind (used to 404 early and cheaply). */
export function isIdOf(kind: IdKind, value: string): boolean {
  return new RegExp(`^${ID_PREFIXES[kind]}_[0-9a-z]{26}$`).test(value);
}
