/**
 * The `idempotency_keys` table: the first answer to a POST under an
 * Idempotency-Key, per API key (`scope`). `save` is an upsert, so an answer
 * replaces a row the lookup no longer counts (expired, or a reservation an
 * older version left); `forgetBefore` drops the expired rows.
 */
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { idempotencyKeys } from '../schema.js';
import { placeholders } from './row-table.js';
import { onFirstUse } from './prepared.js';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

export interface IdempotencyKeysTable {
  find(scope: string, key: string): IdempotencyRow | undefined;
  save(row: IdempotencyRow): void;
  /** Removes the rows created before `beforeMs`. */
  forgetBefore(beforeMs: number): void;
  /** Which keys have a row created at or after `sinceMs` (no answers read). */
  keysSince(sinceMs: number): { scope: string; key: string; createdAt: number }[];
}

export class SqliteIdempotencyKeysTable implements IdempotencyKeysTable {
  private readonly byKey;
  private readonly upsert;
  private readonly expire;
  private readonly since;

  constructor(db: Db) {
    this.byKey = onFirstUse(() =>
      db
        .select()
        .from(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.scope, sql.placeholder('scope')),
            eq(idempotencyKeys.key, sql.placeholder('key')),
          ),
        )
        .prepare(),
    );
    this.upsert = onFirstUse(() =>
      db
        .insert(idempotencyKeys)
        .values(placeholders(idempotencyKeys) as unknown as IdempotencyRow)
        .onConflictDoUpdate({
          target: [idempotencyKeys.scope, idempotencyKeys.key],
          set: {
            requestHash: sql`excluded.request_hash`,
            status: sql`excluded.status`,
            response: sql`excluded.response`,
            createdAt: sql`excluded.created_at`,
          },
        })
        .prepare(),
    );
    this.expire = onFirstUse(() =>
      db
        .delete(idempotencyKeys)
        .where(lt(idempotencyKeys.createdAt, sql.placeholder('before')))
        .prepare(),
    );
    this.since = onFirstUse(() =>
      db
        .select({
          scope: idempotencyKeys.scope,
          key: idempotencyKeys.key,
          createdAt: idempotencyKeys.createdAt,
        })
        .from(idempotencyKeys)
        .where(gte(idempotencyKeys.createdAt, sql.placeholder('since')))
        .prepare(),
    );
  }

  keysSince(sinceMs: number): { scope: string; key: string; createdAt: number }[] {
    // The lookup this stands in for is built with it, so the first replay later builds nothing.
    this.byKey();
    return this.since().all({ since: sinceMs });
  }

  find(scope: string, key: string): IdempotencyRow | undefined {
    return this.byKey().get({ scope, key });
  }

  save(row: IdempotencyRow): void {
    this.upsert().run(row);
  }

  forgetBefore(beforeMs: number): void {
    this.expire().run({ before: beforeMs });
  }
}
