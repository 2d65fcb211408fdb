/**
 * One list shape for every object: newest first (ids sort by creation time),
 * `cursor` is the last id of the previous page, `limit` defaults to 50 (at
 * most 200), `nextCursor` only when another page exists, and `search` is a
 * case-insensitive substring match (LIKE, with its wildcards escaped) over a
 * few text columns.
 */
import { and, desc, lt, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { ListInput } from '../../../contract/index.js';
import type { Db } from '../store/database.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Escapes LIKE's wildcards (`%`, `_`) and the escape character itself. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function searchCondition(columns: SQLiteColumn[], search: string | undefined): SQL | undefined {
  const text = search?.trim();
  if (!text || columns.length === 0) return undefined;
  const pattern = `%${escapeLike(text)}%`;
  return or(...columns.map((column) => sql`${column} LIKE ${pattern} ESCAPE '\\'`));
}

export interface ListSource<TTable extends SQLiteTable & { id: SQLiteColumn }, T> {
  table: TTable;
  /** Text columns that `search` looks in. */
  searchIn: SQLiteColumn[];
  toApi: (row: TTable['$inferSelect']) => T;
}

export function listPage<TTable extends SQLiteTable & { id: SQLiteColumn }, T>(
  db: Db,
  source: ListSource<TTable, T>,
  input: ListInput,
): Page<T> {
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
  const where = and(
    input.cursor ? lt(source.table.id, input.cursor) : undefined,
    searchCondition(source.searchIn, input.search),
  );
  const rows = db
    .select()
    .from(source.table as SQLiteTable)
    .where(where)
    .orderBy(desc(source.table.id))
    .limit(limit + 1)
    .all() as TTable['$inferSelect'][];
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map(source.toApi);
  const last = (more ? rows[limit - 1] : undefined) as { id: string } | undefined;
  return last ? { items, nextCursor: last.id } : { items };
}
