/**
 * The `api_keys` table: a `RowTable`, plus the lookups every API call makes (by prefix) and the
 * last-used write; and `api_keys_replaced`, the hashes of keys a rotation replaced.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { apiKeys, apiKeysReplaced } from '../schema.js';
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
}

export class SqliteApiKeysTable extends SqliteRowTable<ApiKeyRow> implements ApiKeysTable {
  private readonly everyKey;
  private readonly withPrefix;
  private readonly used;
  private readonly insertReplaced;
  private readonly findReplaced;

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
