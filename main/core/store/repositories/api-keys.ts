/**
 * The `api_keys` table: a `RowTable`, plus the lookups every API call makes (by prefix) and the
 * last-used write; `api_keys_replaced`, the hashes of keys a rotation replaced; and
 * `key_version`, the count of changes to `api_keys` its triggers keep (migration 0010).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { apiKeys, apiKeysReplaced, keyVersion } from '../schema.js';
import { SqliteRowTable, type RowTable } from './row-table.js';
import { onFirstUse } from './prepared.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export interface ApiKeysTable extends RowTable<ApiKeyRow> {
  all(): ApiKeyRow[];
  /** The keys whose shown prefix is `prefix` (the hash then picks the one). */
  byPrefix(prefix: string): ApiKeyRow[];
  markUsed(id: string, at: number, ip: string): void;
  /** Keeps the hash of a key a rotation replaced. */
  noteReplaced(hash: string, keyId: string, at: number): void;
  /** The key record a replaced key's hash belonged to, and when it was replaced. */
  replaced(hash: string): { keyId: string; replacedAt: number } | undefined;
  /**
   * The count of changes to `api_keys` by any connection to the file (raised by triggers in the
   * change's own transaction): equal to an earlier read, no key has changed since.
   */
  version(): number;
}

export class SqliteApiKeysTable extends SqliteRowTable<ApiKeyRow> implements ApiKeysTable {
  private readonly everyKey;
  private readonly withPrefix;
  private readonly used;
  private readonly insertReplaced;
  private readonly findReplaced;
  private readonly readVersion;

  constructor(db: Db) {
    super(db, apiKeys, []);
    this.everyKey = onFirstUse(() => db.select().from(apiKeys).prepare());
    this.withPrefix = onFirstUse(() =>
      db
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.prefix, sql.placeholder('prefix')))
        .prepare(),
    );
    this.used = onFirstUse(() =>
      db
        .update(apiKeys)
        .set({ lastUsedAt: sql`${sql.placeholder('at')}`, lastUsedIp: sql`${sql.placeholder('ip')}` })
        .where(eq(apiKeys.id, sql.placeholder('id')))
        .prepare(),
    );
    this.insertReplaced = onFirstUse(() =>
      db
        .insert(apiKeysReplaced)
        .values({
          hash: sql.placeholder('hash'),
          keyId: sql.placeholder('keyId'),
          replacedAt: sql.placeholder('at'),
        })
        .onConflictDoNothing()
        .prepare(),
    );
    this.findReplaced = onFirstUse(() =>
      db
        .select({ keyId: apiKeysReplaced.keyId, replacedAt: apiKeysReplaced.replacedAt })
        .from(apiKeysReplaced)
        .where(eq(apiKeysReplaced.hash, sql.placeholder('hash')))
        .prepare(),
    );
    this.readVersion = onFirstUse(() =>
      db.select({ version: keyVersion.version }).from(keyVersion).where(eq(keyVersion.id, 1)).prepare(),
    );
  }

  version(): number {
    return this.readVersion().get()?.version ?? 0;
  }

  all(): ApiKeyRow[] {
    return this.everyKey().all();
  }

  byPrefix(prefix: string): ApiKeyRow[] {
    return this.withPrefix().all({ prefix });
  }

  markUsed(id: string, at: number, ip: string): void {
    this.used().run({ id, at, ip });
  }

  noteReplaced(hash: string, keyId: string, at: number): void {
    this.insertReplaced().run({ hash, keyId, at });
  }

  replaced(hash: string): { keyId: string; replacedAt: number } | undefined {
    return this.findReplaced().get({ hash });
  }
}
