/**
 * The outbox's events as their bodies (the bytes every attempt sends), in seq order: the rows
 * keep only `data`, packed or not (main/core/store/event-data.ts), so tests that look at what was
 * recorded read them through the same rebuild the dispatcher uses.
 */
import type { Sqlite } from '../../main/core/store/database.js';
import { eventBody } from '../../main/core/store/event-data.js';

export interface StoredBody {
  seq: number;
  id: string;
  type: string;
  body: string;
}

export function outboxBodies(sqlite: Sqlite, where = '1', ...params: unknown[]): StoredBody[] {
  const rows = sqlite
    .prepare(
      `SELECT seq, id, type, created_at AS createdAt, payload, packed, payload_form AS form
       FROM outbox WHERE ${where} ORDER BY seq`,
    )
    .all(...params) as {
    seq: number;
    id: string;
    type: string;
    createdAt: number;
    payload: string;
    packed: Buffer | null;
    form: number;
  }[];
  return rows.map((row) => ({ seq: row.seq, id: row.id, type: row.type, body: eventBody(row) }));
}
