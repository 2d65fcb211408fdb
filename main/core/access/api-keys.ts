/**
 * API keys for the incoming webhooks and the REST API. The key itself is
 * returned by `create` and `rotate` and never again; only its SHA-256 is kept.
 * A presented key is looked up by its prefix and its hash compared in
 * constant time.
 *
 * A key's REST-hook subscriptions follow it: revoking or disabling the key
 * disables them in the same transaction, enabling it brings back those it
 * disabled (`dispatcher/key-subscriptions.ts` says why).
 */
import { eq, sql } from 'drizzle-orm';
import type { ApiKey, Permission } from '../../../contract/index.js';
import type { apiKeyCreate, apiKeyUpdate } from '../../../contract/index.js';
import { toIso, toIsoOrNull } from '../clock.js';
import type { CoreContext } from '../context.js';
import { AppError, conflict, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { apiKeys } from '../store/schema.js';
import type { KeySubscriptions } from '../dispatcher/key-subscriptions.js';
import type { z } from 'zod';
import { generateApiKey, hashApiKey, hashesEqual, keyPrefix, looksLikeApiKey } from './key-format.js';
import { compileIpRules, validateIpRules, type IpRange } from './ip-whitelist.js';

type Row = typeof apiKeys.$inferSelect;
export type ApiKeyCreateInput = z.output<typeof apiKeyCreate>;
export type ApiKeyUpdateInput = z.output<typeof apiKeyUpdate>;

/** A key as the access check needs it. */
export interface ApiKeyRecord {
  id: string;
  name: string;
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
  | { ok: false; reason: 'revoked' | 'disabled'; key: ApiKeyRecord };

/** Last-used is written at most this often per key, so busy keys don't write on every call. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const parseList = <T>(json: string): T[] => JSON.parse(json) as T[];
const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

export class ApiKeysService {
  /** Every API call looks its key up: prepared once, not rebuilt per call. */
  private readonly byPrefix;

  constructor(
    private readonly ctx: CoreContext,
    private readonly subscriptions: KeySubscriptions,
  ) {
    this.byPrefix = ctx.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.prefix, sql.placeholder('prefix')))
      .prepare();
  }

  list(): ApiKey[] {
    return this.ctx.db.select().from(apiKeys).all().map(toApiKey).sort(newestFirst);
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
    this.ctx.db.insert(apiKeys).values(row).run();
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
    const { db, sqlite } = this.ctx;
    const now = patch.updatedAt!;
    sqlite.transaction(() => {
      db.update(apiKeys).set(patch).where(eq(apiKeys.id, input.id)).run();
      if (input.enabled === false && current.enabled) this.subscriptions.onKeyDisabled(input.id, now);
      if (input.enabled === true && !current.enabled) this.subscriptions.onKeyEnabled(input.id, now);
    })();
    return this.get(input.id);
  }

  /** Revoking is final, and disables the key's REST-hook subscriptions with it; revoking a revoked key changes nothing. */
  revoke(id: string): ApiKey {
    const current = this.row(id);
    if (current.revokedAt === null) {
      const { db, sqlite } = this.ctx;
      const now = this.ctx.clock.now();
      sqlite.transaction(() => {
        db.update(apiKeys)
          .set({ revokedAt: now, enabled: false, updatedAt: now })
          .where(eq(apiKeys.id, id))
          .run();
        this.subscriptions.onRevoke(id, now);
      })();
    }
    return this.get(id);
  }

  /**
   * A new key for the same record (permissions, whitelist and REST-hook subscriptions kept);
   * the old key stops working at once.
   */
  rotate(id: string): { key: string } {
    const current = this.row(id);
    if (current.revokedAt !== null) throw conflict(`API key ${id} is revoked; create a new key instead`);
    const generated = generateApiKey();
    this.ctx.db
      .update(apiKeys)
      .set({
        prefix: generated.prefix,
        last4: generated.last4,
        hash: generated.hash,
        updatedAt: this.ctx.clock.now(),
      })
      .where(eq(apiKeys.id, id))
      .run();
    return { key: generated.key };
  }

  /** Who a presented key belongs to, and whether it may be used. */
  check(rawKey: string): KeyCheck {
    if (!looksLikeApiKey(rawKey)) return { ok: false, reason: 'unknown' };
    const hash = hashApiKey(rawKey);
    const candidates = this.byPrefix.all({ prefix: keyPrefix(rawKey) });
    const row = candidates.find((candidate) => hashesEqual(candidate.hash, hash));
    if (!row) return { ok: false, reason: 'unknown' };
    const key = toRecord(row);
    if (row.revokedAt !== null) return { ok: false, reason: 'revoked', key };
    if (!row.enabled) return { ok: false, reason: 'disabled', key };
    return { ok: true, key };
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
    this.ctx.db.update(apiKeys).set({ lastUsedAt: now, lastUsedIp: ip }).where(eq(apiKeys.id, key.id)).run();
    key.lastUsedAt = now;
  }

  private row(id: string): Row {
    const row = this.ctx.db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
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
    permissions: parseList<Permission>(row.permissions),
    ipWhitelist,
    ipRanges: compileIpRules(ipWhitelist),
    enabled: row.enabled,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  };
}

/** For callers that must say why a key was refused. */
export const keyRefusal = (reason: 'unknown' | 'revoked' | 'disabled'): AppError =>
  new AppError(
    'unauthorized',
    reason === 'unknown'
      ? 'Unknown API key: check that the whole key was copied (it starts with ik_live_)'
      : reason === 'revoked'
        ? 'This API key was revoked: create a new one in Settings > Integrations'
        : 'This API key is disabled: enable it in Settings > Integrations',
  );
