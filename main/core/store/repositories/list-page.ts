/**
 * One list shape for every table: newest first (ids sort by creation time),
 * `cursor` is the last id of the previous page, `limit` defaults to 50 (at
 * most 200), `nextCursor` only when another page exists, and `search` is a
 * case-insensitive substring match (LIKE, with its wildcards escaped) over a
 * few text columns.
 */
import type { ListInput } from '../../../../contract/index.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Escapes LIKE's wildcards (`%`, `_`) and the escape character itself. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The page size asked for, within 1 … MAX_LIMIT. */
export const pageLimit = (limit: number | undefined): number =>
  Math.min(Math.max(Math.trunc(limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);

/** The LIKE pattern for a search, or undefined when there is nothing to look for. */
export function searchPattern(search: string | undefined): string | undefined {
  const text = search?.trim();
  return text ? `%${escapeLike(text)}%` : undefined;
}

/** Rows read with one more than `limit`: the page, and its cursor when another page exists. */
export function toPage<R extends { id: string }>(rows: R[], limit: number): Page<R> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextCursor: items[limit - 1].id };
}

/** A page with its rows turned into their API shape. */
export const mapPage = <R, T>(page: Page<R>, toApi: (row: R) => T): Page<T> =>
  page.nextCursor === undefined
    ? { items: page.items.map(toApi) }
    : { items: page.items.map(toApi), nextCursor: page.nextCursor };

export type { ListInput };
