/**
 * The repository of a table whose rows have an `id`: find, insert, update and
 * delete by id, and a page of rows newest first (`list-page.ts`). Every
 * statement is prepared once (`prepared.ts`), the four list variants (with or
 * without a cursor, with or without a search) each on its own.
 *
 * `RowTable` is what services see: rows are plain objects, so another store
 * (PostgreSQL) would implement the same interface. `columns` says how each
 * column holds its value (drizzle's `dataType`: `string`, `number`,
 * `boolean`), from which the domain derives its row codecs (`domain/row-codec.ts`).
 */
import { and, desc, eq, getTableColumns, lt, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../database.js';
import { pageLimit, searchPattern, toPage, type ListInput, type Page } from './list-page.js';
import { onFirstUse } from './prepared.js';

/** How a column's value is held in JavaScript: `string`, `number`, `boolean`. */
export type ColumnType = string;

export interface RowTable<Row extends { id: string }> {
  /** Each column's type, by its key in the row. */
  readonly columns: Readonly<Record<keyof Row & string, ColumnType>>;
  find(id: string): Row | undefined;
  /** Inserts a whole row (every column given, nulls included) and returns it. */
  insert(row: Row): Row;
  /** Writes every column of `row` over the stored row with its id and returns it. */
  update(row: Row): Row;
  delete(id: string): void;
  page(input: ListInput): Page<Row>;
}

export type TableWithId = SQLiteTable & { id: SQLiteColumn };

interface Prepared<R> {
  get(values?: Record<string, unknown>): R | undefined;
  all(values?: Record<string, unknown>): R[];
  run(values?: Record<string, unknown>): unknown;
}

/** Every column as a placeholder of its own name, except those in `except`. */
export function placeholders(
  table: SQLiteTable,
  except: string[] = [],
): Record<string, ReturnType<typeof sql.placeholder>> {
  return Object.fromEntries(
    Object.keys(getTableColumns(table))
      .filter((key) => !except.includes(key))
      .map((key) => [key, sql.placeholder(key)]),
  );
}

export class SqliteRowTable<Row extends { id: string }> implements RowTable<Row> {
  readonly columns: Readonly<Record<keyof Row & string, ColumnType>>;
  private readonly byId: () => Prepared<Row>;
  private readonly insertOne: () => Prepared<Row>;
  private readonly updateOne: () => Prepared<Row>;
  private readonly deleteOne: () => Prepared<never>;
  /** Indexed by (cursor ? 1 : 0) + (search ? 2 : 0). */
  private readonly pages: (() => Prepared<Row>)[] = [];
  private readonly searchable: boolean;

  constructor(
    protected readonly db: Db,
    protected readonly table: TableWithId,
    /** Text columns that `search` looks in. */
    searchIn: SQLiteColumn[],
  ) {
    const anyTable = table as SQLiteTable;
    this.columns = Object.fromEntries(
      Object.entries(getTableColumns(anyTable)).map(([key, column]) => [key, column.dataType]),
    ) as Record<keyof Row & string, ColumnType>;
    const byId = eq(table.id, sql.placeholder('id'));
    this.byId = onFirstUse(
      () => db.select().from(anyTable).where(byId).prepare() as unknown as Prepared<Row>,
    );
    // No RETURNING: every column is given, so the row written is the row stored (and drizzle
    // need not map a returned row back, a cost on every create).
    this.insertOne = onFirstUse(
      () => db.insert(anyTable).values(placeholders(table)).prepare() as unknown as Prepared<Row>,
    );
    this.updateOne = onFirstUse(
      () =>
        db
          .update(anyTable)
          .set(placeholders(table, ['id']))
          .where(byId)
          .prepare() as unknown as Prepared<Row>,
    );
    this.deleteOne = onFirstUse(
      () => db.delete(anyTable).where(byId).prepare() as unknown as Prepared<never>,
    );
    const pattern = sql.placeholder('pattern');
    const search: SQL | undefined =
      searchIn.length > 0
        ? or(...searchIn.map((column) => sql`${column} LIKE ${pattern} ESCAPE '\\'`))
        : undefined;
    const cursor = lt(table.id, sql.placeholder('cursor'));
    this.searchable = search !== undefined;
    for (const withSearch of [false, true]) {
      for (const withCursor of [false, true]) {
        this.pages.push(
          onFirstUse(
            () =>
              db
                .select()
                .from(anyTable)
                .where(and(withCursor ? cursor : undefined, withSearch ? search : undefined))
                .orderBy(desc(table.id))
                .limit(sql.placeholder('limit'))
                .prepare() as unknown as Prepared<Row>,
          ),
        );
      }
    }
  }

  find(id: string): Row | undefined {
    return this.byId().get({ id });
  }

  insert(row: Row): Row {
    this.insertOne().run(row as Record<string, unknown>);
    return row;
  }

  update(row: Row): Row {
    this.updateOne().run(row as Record<string, unknown>);
    return row;
  }

  delete(id: string): void {
    this.deleteOne().run({ id });
  }

  page(input: ListInput): Page<Row> {
    const limit = pageLimit(input.limit);
    const pattern = searchPattern(input.search);
    const searching = pattern !== undefined && this.searchable;
    const statement = this.pages[(input.cursor ? 1 : 0) + (searching ? 2 : 0)];
    const rows = statement().all({ cursor: input.cursor, pattern, limit: limit + 1 });
    return toPage(rows, limit);
  }
}
