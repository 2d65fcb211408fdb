/**
 * What the delivery log costs on disk, measured with SQLite's `dbstat` table: the bytes of the
 * pages that hold each table and each of its indexes (the bench's `bytes` part and the store test
 * that keeps a fat new index from slipping in).
 */
import type { Sqlite } from './database.js';

/** The tables a delivery writes to: its own row, its attempts, and the event it sends. */
export const DELIVERY_TABLES = ['deliveries', 'delivery_attempts', 'outbox'] as const;

export interface StoredBytes {
  /** Page bytes per table or index, by name, largest first. */
  byName: { name: string; table: string; bytes: number }[];
  total: number;
}

/** Page bytes of these tables and their indexes (run a checkpoint first for a WAL database's latest pages to count). */
export function storedBytes(sqlite: Sqlite, tables: readonly string[] = DELIVERY_TABLES): StoredBytes {
  const rows = sqlite
    .prepare(
      `SELECT s.name AS name, m.tbl_name AS "table", sum(s.pgsize) AS bytes
         FROM dbstat s JOIN sqlite_master m ON m.name = s.name
        WHERE m.tbl_name IN (SELECT value FROM json_each(?))
        GROUP BY s.name ORDER BY bytes DESC`,
    )
    .all(JSON.stringify(tables)) as { name: string; table: string; bytes: number }[];
  return { byName: rows, total: rows.reduce((sum, row) => sum + row.bytes, 0) };
}
