/**
 * API keys for the incoming webhooks and the REST API. The key itself is
 * returned by `create` and `rotate` and never again; only its SHA-256 is kept.
 * A presented key is looked up by its prefix and its hash compared in
 * constant time.
 *
 * A usable key, once verified, is kept by its hash for a few seconds
 * (`verified-keys.ts`); every change here drops what is kept, in this process
 * at once and in another one on the same file by `key_version`.
 *
 * A key's REST-hook subscriptions follow it: revoking or disabling the key
 * disables them in the same transaction, enabling it brings back those it
 * disabled (`dispatcher/key-subscriptions.ts` says why).
 */
import type { z } from 'zod';
import type { ApiKey, Permission } from '../../../contract/index.js';
import type { apiKeyCreate, apiKeyUpdate } from '../../../contract/index.js';
import { toIso, toIsoOrNull, type Clock } from '../clock.js';
import { AppError, conflict, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { ApiKeyRow, ApiKeysTable } from '../store/repositories/api-keys.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { generateApiKey, hashApiKey, hashesEqual, keyPrefix, looksLikeApiKey } from './key-format.js';
import { compileIpRules, validateIpRules, type IpRange } from './ip-whitelist.js';
import { VerifiedKeys } from './verified-keys.js';

type Row = ApiKeyRow;
export type ApiKeyCreateInput = z.output<typeof apiKeyCreate>;
export type ApiKeyUpdateInput = z.output<typeof apiKeyUpdate>;

/** A key as the access check needs it. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  /** `ik_live_` and the key's first characters, as the window shows it. */
  prefix: string;
  permissions: Permission[];
  ipWhitelist: string[];
  /** The whitelist compiled; empty means every address is allowed. */
  ipRanges: IpRange[];
  enabled: boolean;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export type KeyCheck =
  | { ok: true; key: ApiKeyRecord }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'revoked' | 'disabled'; key: ApiKeyRecord }
  /** A key a rotation replaced: `replacedAt` says when. */
  | { ok: false; reason: 'replaced'; key: ApiKeyRecord; replacedAt: number };

/** Last-used is written at most this often per key, so busy keys don't write on every call. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const parseList = <T>(json: string): T[] => JSON.parse(json) as T[];
const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * What a key's REST-hook subscriptions do when the key changes, inside the
 * key's transaction (`dispatcher/key-subscriptions.ts`, wired in core.ts).
 */
export interface KeySubscriptionRules {
  revoked(keyId: string, now: number): void;
  disabled(keyId: string, now: number): void;
  enabled(keyId: string, now: number): void;
}

export interface ApiKeysDeps {
  work: Pick<UnitOfWork, 'transaction'>;
  clock: Clock;
  apiKeys: ApiKeysTable;
  subscriptions: KeySubscriptionRules;
  /** Told after a last-used time is written (the window's key list shows it). */
  onUsed?: (keyId: string) => void;
}

export class ApiKeysService {
  private readonly verified: VerifiedKeys<ApiKeyRecord>;

  constructor(private readonly ctx: ApiKeysDeps) {
    this.verified = new VerifiedKeys(ctx.clock, () => ctx.apiKeys.version());
  }

  list(): ApiKey[] {
    return this.ctx.apiKeys.all().map(toApiKey).sort(newestFirst);
  }

  get(id: string): ApiKey {
    return toApiKey(this.row(id));
  }

  create(input: ApiKeyCreateInput): ApiKey & { key: string } {
    const ipWhitelist = validateIpRules(input.ipWhitelist ?? []);
    const now = this.ctx.clock.now();
    const generated = generateApiKey();
    const row: Row = {
      id: newId('apiKey', now),
      name: input.name,
      prefix: generated.prefix,
      last4: generated.last4,
      hash: generated.hash,
      permissions: JSON.stringify(unique(input.permissions)),
      ipWhitelist: JSON.stringify(ipWhitelist),
      enabled: true,
      revokedAt: null,
      lastUsedAt: null,
      lastUsedIp: null,
      createdAt: now,
      updatedAt: now,
    };
    this.ctx.apiKeys.insert(row);
    this.verified.forget();
    return { ...toApiKey(row), key: generated.key };
  }

  update(input: ApiKeyUpdateInput): ApiKey {
    const current = this.row(input.id);
    if (current.revokedAt !== null)
      throw conflict(`API key ${input.id} is revoked and can no longer be changed`);
    const patch: Partial<Row> = { updatedAt: this.ctx.clock.now() };
    if (input.name !== undefined) patch.name = input.name;
    if (input.permissions !== undefined) patch.permissions = JSON.stringify(unique(input.permissions));
    if (input.ipWhitelist !== undefined)
      patch.ipWhitelist = JSON.stringify(validateIpRules(input.ipWhitelist));
    if (input.enabled !== undefined) patch.enabled = input.enabled;
    const { work, subscriptions } = this.ctx;
    const now = patch.updatedAt!;
    const row = work.transaction(() => {
      const updated = this.ctx.apiKeys.update({ ...current, ...patch });
      if (input.enabled === false && current.enabled) subscriptions.disabled(input.id, now);
      if (input.enabled === true && !current.enabled) subscriptions.enabled(input.id, now);
      return updated;
    });
    this.verified.forget();
    return toApiKey(row);
  }

  /** Revoking is final, and disables the key's REST-hook subscriptions with it; revoking a revoked key changes nothing. */
  revoke(id: string): ApiKey {
    const current = this.row(id);
    if (current.revokedAt !== null) return toApiKey(current);
    const now = this.ctx.clock.now();
    const row = this.ctx.work.transaction(() => {
      const revoked = this.ctx.apiKeys.update({ ...current, revokedAt: now, enabled: false, updatedAt: now });
      this.ctx.subscriptions.revoked(id, now);
      return revoked;
    });
    this.verified.forget();
    return toApiKey(row);
  }

  /**
   * A new key for the same record (permissions, whitelist and REST-hook subscriptions kept);
   * the old key stops working at once.
   */
  rotate(id: string): { key: string } {
    const current = this.row(id);
    if (current.revokedAt !== null) throw conflict(`API key ${id} is revoked; create a new key instead`);
    const generated = generateApiKey();
    const now = this.ctx.clock.now();
    this.ctx.work.transaction(() => {
      // Only the old key's hash is kept: enough to say "replaced", never enough to use it.
      this.ctx.apiKeys.noteReplaced(current.hash, id, now);
      this.ctx.apiKeys.update({
        ...current,
        prefix: generated.prefix,
        last4: generated.last4,
        hash: generated.hash,
        updatedAt: now,
      });
    });
    this.verified.forget();
    return { key: generated.key };
  }

  /** Who a presented key belongs to, and whether it may be used. */
  check(rawKey: string): KeyCheck {
    if (!looksLikeApiKey(rawKey)) return { ok: false, reason: 'unknown' };
    const hash = hashApiKey(rawKey);
    // First: it reads key_version (once a turn), before the table is read below.
    const known = this.verified.get(hash);
    if (known) return { ok: true, key: known };
    const candidates = this.ctx.apiKeys.byPrefix(keyPrefix(rawKey));
    const row = candidates.find((candidate) => hashesEqual(candidate.hash, hash));
    if (!row) return this.replacedCheck(hash);
    const key = toRecord(row);
    if (row.revokedAt !== null) return { ok: false, reason: 'revoked', key };
    if (!row.enabled) return { ok: false, reason: 'disabled', key };
    this.verified.remember(hash, key);
    return { ok: true, key };
  }

  /** A key no record holds: one a rotation replaced, or unknown. */
  private replacedCheck(hash: string): KeyCheck {
    const replaced = this.ctx.apiKeys.replaced(hash);
    const row = replaced && this.ctx.apiKeys.find(replaced.keyId);
    if (!replaced || !row) return { ok: false, reason: 'unknown' };
    return { ok: false, reason: 'replaced', key: toRecord(row), replacedAt: replaced.replacedAt };
  }

  /** The usable key behind `rawKey`, or null (unknown, revoked or disabled). */
  authenticate(rawKey: string): ApiKeyRecord | null {
    const result = this.check(rawKey);
    return result.ok ? result.key : null;
  }

  /** Notes an accepted call; written at most once a minute per key. */
  markUsed(key: ApiKeyRecord, ip: string): void {
    const now = this.ctx.clock.now();
    if (key.lastUsedAt !== null && now - key.lastUsedAt < LAST_USED_RESOLUTION_MS) return;
    this.ctx.apiKeys.markUsed(key.id, now, ip);
    key.lastUsedAt = now;
    this.ctx.onUsed?.(key.id);
  }

  private row(id: string): Row {
    const row = this.ctx.apiKeys.find(id);
    if (!row) throw notFound('API key', id);
    return row;
  }
}

const newestFirst = (a: ApiKey, b: ApiKey): number => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

function toApiKey(row: Row): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    last4: row.last4,
    permissions: parseList<Permission>(row.permissions),
    ipWhitelist: parseList<string>(row.ipWhitelist),
    enabled: row.enabled,
    revokedAt: toIsoOrNull(row.revokedAt),
    lastUsedAt: toIsoOrNull(row.lastUsedAt),
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

function toRecord(row: Row): ApiKeyRecord {
  const ipWhitelist = parseList<string>(row.ipWhitelist);
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    permissions: parseList<Permission>(row.permissions),
    ipWhitelist,
    ipRanges: compileIpRules(ipWhitelist),
    enabled: row.enabled,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  };
}

/** For callers that must say why a key was refused. */
export function keyRefusal(check: Exclude<KeyCheck, { ok: true }>): AppError {
  switch (check.reason) {
    case 'unknown':
      return new AppError(
        'unauthorized',
        'Unknown API key: check that the whole key was copied (it starts with ik_live_)',
      );
    case 'replaced':
      return new AppError(
        'unauthorized',
        `This key was replaced on ${toIso(check.replacedAt).slice(0, 10)} when it was rotated. ` +
          'Use the new key shown then, or rotate the key again in Settings > Integrations to get another',
      );
    case 'revoked':
      return new AppError(
        'unauthorized',
        'This API key was revoked: create a new one in Settings > Integrations',
      );
    case 'disabled':
      return new AppError('unauthorized', 'This API key is disabled: enable it in Settings > Integrations');
  }
}
