/**
 * Who refers to a client, project or task: one prepared count per referring
 * column (`prepared.ts`), so a delete can be refused while anything still
 * uses the row. The referring columns are the resource entries' `references`
 * (contract/resources.ts `referrersOf`); each names its table by the entry's
 * `list` (`schema.ts` exports the tables by that name).
 */
import { count, eq, getTableColumns, sql } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  REFERENCED_KEYS,
  referrersOf,
  type ReferencedKey,
  type Resource,
} from '../../../../contract/resources.js';
import type { Db } from '../database.js';
import * as schema from '../schema.js';
import { onFirstUse } from './prepared.js';

export type Referenced = ReferencedKey;

interface CountStatement {
  get(values: { id: string }): { n: number } | undefined;
}

/** The table and column behind `referrer.field`; a reference the schema lacks stops the core at start. */
function columnOf(referrer: Resource, field: string) {
  const table = (schema as Record<string, unknown>)[referrer.list];
  if (!(table instanceof SQLiteTable)) throw new Error(`schema.ts has no table named ${referrer.list}`);
  const column = getTableColumns(table)[field];
  if (!column) throw new Error(`table ${referrer.list} has no column ${field}`);
  return { table, column };
}

export class ReferenceCounts {
  private readonly counts: Record<Referenced, (readonly [Resource, () => CountStatement])[]>;

  constructor(db: Db) {
    this.counts = Object.fromEntries(
      REFERENCED_KEYS.map((kind) => [
        kind,
        referrersOf(kind).map(({ referrer, field }) => {
          const { table, column } = columnOf(referrer, field);
          return [
            referrer,
            onFirstUse(() =>
              db
                .select({ n: count() })
                .from(table)
                .where(eq(column, sql.placeholder('id')))
                .prepare(),
            ),
          ] as const;
        }),
      ]),
    ) as unknown as Record<Referenced, (readonly [Resource, () => CountStatement])[]>;
  }

  /** How many rows of each referring object name the row, in a fixed order (zeros included). */
  usedBy(kind: Referenced, id: string): [Resource, number][] {
    return this.counts[kind].map(([referrer, statement]) => [referrer, statement().get({ id })?.n ?? 0]);
  }
}
