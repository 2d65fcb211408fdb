/** The `api_keys` table: a `RowTable`, plus the lookups every API call makes (by prefix) and the last-used write. */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { apiKeys } from '../schema.js';
import { SqliteRowTable, type RowTable } from './row-table.js';
import { onFirstUse } from './prepared.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export interface ApiKeysTable extends RowTable<ApiKeyRow> {
  all(): ApiKeyRow[];
  /** The keys whose shown prefix is `prefix` (the hash then picks the one). */
  byPrefix(prefix: string): ApiKeyRow[];
  markUsed(id: string, at: number, ip: string): void;
}

export class SqliteApiKeysTable extends SqliteRowTable<ApiKeyRow> implements ApiKeysTable {
  private readonly everyKey;
  private readonly withPrefix;
  private readonly used;

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
}
