/**
 * The keys the gate verified lately, by the SHA-256 of the presented key, so
 * a busy key is not looked up, parsed and its IP rules compiled on every call.
 *
 * - Only a usable key is kept: an unknown, replaced, revoked or disabled one
 *   is looked up each time, so a flood of wrong keys neither evicts a good one
 *   nor grows this (and a key just created is never refused from here).
 * - At most `MAX_KEYS` (least recently used first out), each for `TTL_MS` on
 *   the injected clock.
 * - Dropped at once by a change in this process (`ApiKeysService` calls
 *   `forget` after its transaction), and by a change from another process on
 *   the same file: `key_version`, which triggers raise in the transaction of
 *   every change to `api_keys`, is read once per event-loop turn, before the
 *   turn's first lookup (the cache or the table); when it moved, everything
 *   is dropped. A check thus sees the keys as of that read at the latest: a
 *   revoke committed before the turn began is seen by every call of the turn.
 * - Not an oracle: the map is keyed by a SHA-256 the caller cannot steer
 *   toward a stored one, and a hit is still confirmed with the constant-time
 *   comparison the table lookup uses (`hashesEqual`, here `sameDigest`).
 */
import type { Clock } from '../clock.js';
import { timingSafeEqual } from 'node:crypto';

export const MAX_KEYS = 256;
export const TTL_MS = 5_000;

interface Entry<K> {
  /** The SHA-256 as bytes, decoded once when kept. */
  digest: Buffer;
  key: K;
  expiresAt: number;
}

/** `K`: the key as the gate uses it (`ApiKeyRecord`). */
export class VerifiedKeys<K> {
  private readonly entries = new Map<string, Entry<K>>();
  /** `key_version` as last read; the entries were all verified at or after it. */
  private version: number | undefined;
  /** The version was read in this event-loop turn. */
  private fresh = false;
  private readonly endTurn = (): void => {
    this.fresh = false;
  };

  constructor(
    private readonly clock: Clock,
    private readonly readVersion: () => number,
  ) {}

  /**
   * Reads `key_version` once per turn and drops every entry when it moved.
   * Called before any lookup, so an entry is never older than the version it is filed under.
   */
  sync(): void {
    if (this.fresh) return;
    const version = this.readVersion();
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    this.fresh = true;
    setImmediate(this.endTurn);
  }

  /** The usable key whose SHA-256 is `hash`, if verified within `TTL_MS` and unchanged since. */
  get(hash: string): K | undefined {
    this.sync();
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    this.entries.delete(hash);
    if (this.clock.now() >= entry.expiresAt || !sameDigest(entry.digest, hash)) return undefined;
    this.entries.set(hash, entry);
    return entry.key;
  }

  /** Keeps a key the table just showed usable (after `sync`, by the caller's `get`). */
  remember(hash: string, key: K): void {
    this.entries.delete(hash);
    this.entries.set(hash, { digest: Buffer.from(hash, 'hex'), key, expiresAt: this.clock.now() + TTL_MS });
    if (this.entries.size > MAX_KEYS) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** A key changed in this process: nothing kept is trusted, and the version is read again. */
  forget(): void {
    this.entries.clear();
    this.fresh = false;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** `hashesEqual` (key-format.ts) with the kept side already decoded. */
function sameDigest(kept: Buffer, hash: string): boolean {
  const presented = Buffer.from(hash, 'hex');
  return kept.length === presented.length && kept.length > 0 && timingSafeEqual(kept, presented);
}
