/** The `kv` table: one JSON text value per key (settings, small persisted state such as `dispatch.paused`). */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { kv } from '../schema.js';
import { onFirstUse } from './prepared.js';

export interface KvTable {
  /** The stored JSON text, or undefined. */
  read(key: string): string | undefined;
  write(key: string, value: string, updatedAt: number): void;
}

export class SqliteKvTable implements KvTable {
  private readonly byKey;
  private readonly upsert;

  constructor(db: Db) {
    this.byKey = onFirstUse(() =>
      db
        .select({ value: kv.value })
        .from(kv)
        .where(eq(kv.key, sql.placeholder('key')))
        .prepare(),
    );
    this.upsert = onFirstUse(() =>
      db
        .insert(kv)
        .values({
          key: sql.placeholder('key'),
          value: sql.placeholder('value'),
          updatedAt: sql.placeholder('updatedAt'),
        })
        .onConflictDoUpdate({
          target: kv.key,
          set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` },
        })
        .prepare(),
    );
  }

  read(key: string): string | undefined {
    return this.byKey().get({ key })?.value;
  }

  write(key: string, value: string, updatedAt: number): void {
    this.upsert().run({ key, value, updatedAt });
  }
}
