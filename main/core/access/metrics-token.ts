/**
 * `/metrics`' own switch and read-only token. Off until the owner switches it
 * on; switching on makes the first token, shown once (as an API key is), and
 * `rotate` replaces it. Only the token's SHA-256 is kept, in the `kv` row
 * `metrics.access` (not among the settings, which the window reads whole).
 * Neither the admin token nor any API key opens `/metrics`: only a token
 * whose hash is this one's, compared in constant time.
 */
import type { MetricsAccess as MetricsAccessView } from '../../../contract/index.js';
import { toIsoOrNull, type Clock } from '../clock.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { base62, hashApiKey, hashesEqual } from './key-format.js';
import { randomBytes } from 'node:crypto';

export const METRICS_TOKEN_PREFIX = 'metrics_';
const KV_KEY = 'metrics.access';
/** A token is the prefix and 43 base62 characters (32 random bytes); anything much longer is not one. */
const MAX_TOKEN_LENGTH = 200;

interface Stored {
  enabled: boolean;
  /** SHA-256 of the token, hex; null before the first. */
  hash: string | null;
  last4: string | null;
  createdAt: number | null;
}

const OFF: Stored = { enabled: false, hash: null, last4: null, createdAt: null };

/** Whether a scrape may read: `off` (404, as if no such route), `missing` or `invalid` (401), or `ok`. */
export type MetricsCheck = 'off' | 'missing' | 'invalid' | 'ok';

export interface MetricsAccessDeps {
  settings: Pick<SettingsStore, 'readJson' | 'writeJson'>;
  clock: Clock;
}

export class MetricsAccess {
  #stored: Stored | undefined;

  constructor(private readonly deps: MetricsAccessDeps) {}

  status(): MetricsAccessView {
    const { enabled, last4, createdAt } = this.read();
    return { enabled, tokenLast4: last4, tokenCreatedAt: toIsoOrNull(createdAt) };
  }

  /** Switches `/metrics` on or off; the first switch on makes the token and returns it, the only time it is shown. */
  setEnabled(enabled: boolean): MetricsAccessView & { token?: string } {
    const stored = this.read();
    if (enabled && stored.hash === null) return this.issue(true);
    this.write({ ...stored, enabled });
    return this.status();
  }

  /** A new token replaces the old one at once (the old one is refused from now on); shown this once. */
  rotate(): MetricsAccessView & { token: string } {
    return this.issue(this.read().enabled);
  }

  isOn(): boolean {
    const { enabled, hash } = this.read();
    return enabled && hash !== null;
  }

  /** Checks a scrape's bearer token (undefined: none was sent). */
  check(token: string | undefined): MetricsCheck {
    const { enabled, hash } = this.read();
    if (!enabled || hash === null) return 'off';
    if (token === undefined) return 'missing';
    if (token.length > MAX_TOKEN_LENGTH) return 'invalid';
    return hashesEqual(hashApiKey(token), hash) ? 'ok' : 'invalid';
  }

  private issue(enabled: boolean): MetricsAccessView & { token: string } {
    const token = METRICS_TOKEN_PREFIX + base62(randomBytes(32), 43);
    this.write({
      enabled,
      hash: hashApiKey(token),
      last4: token.slice(-4),
      createdAt: this.deps.clock.now(),
    });
    return { ...this.status(), token };
  }

  private read(): Stored {
    this.#stored ??= { ...OFF, ...this.deps.settings.readJson<Partial<Stored>>(KV_KEY) };
    return this.#stored;
  }

  private write(next: Stored): void {
    this.deps.settings.writeJson(KV_KEY, next);
    this.#stored = next;
  }
}
