/**
 * The shape of an API key: `ik_live_` + base62 of 32 random bytes. Only the
 * SHA-256 of the whole key is stored; the prefix (first 12 characters) and the
 * last four identify it in the window afterwards.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

export const KEY_PREFIX = 'ik_live_';
/** How many characters of the key are kept to show and to look it up by. */
export const PREFIX_LENGTH = 12;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 62^43 > 2^256, so 32 bytes always fit in 43 characters; shorter numbers are zero-padded. */
const BODY_LENGTH = 43;
const KEY_PATTERN = new RegExp(`^${KEY_PREFIX}[0-9A-Za-z]{${BODY_LENGTH}}$`);

export function base62(bytes: Uint8Array, length: number): string {
  let value = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let out = '';
  while (value > 0n) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(length, '0');
}

export interface GeneratedKey {
  key: string;
  hash: string;
  prefix: string;
  last4: string;
}

export function generateApiKey(): GeneratedKey {
  const key = KEY_PREFIX + base62(randomBytes(32), BODY_LENGTH);
  return { key, hash: hashApiKey(key), prefix: keyPrefix(key), last4: key.slice(-4) };
}

export function hashApiKey(key: string): string {
  // The one-shot form: no Hash object per call (every API call hashes its key).
  return hash('sha256', key, 'hex');
}

export const keyPrefix = (key: string): string => key.slice(0, PREFIX_LENGTH);

/** True when the text has the exact shape of a key this app issues. */
export const looksLikeApiKey = (text: string): boolean => KEY_PATTERN.test(text);

/** Compares two hex SHA-256 digests without leaking where they differ. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
