/**
 * The business objects' repositories, one per entry of the resource table
 * (`RowTable`s on the table `schema.ts` exports under the entry's `list`,
 * searching the entry's `search` fields), plus what their rules need of the store:
 * the invoices due for the overdue check, the quotes due for the expiry
 * check, the invoice a quote was converted into, the gapless number counters
 * (`number-sequences.ts`) and who refers to a row (`references.ts`).
 *
 * The expiry check and the quote's invoice read without an index of their
 * own (a full pass over a small business's quotes, or invoices, once a
 * minute or per conversion); an index would be a migration of its own.
 */
import { and, eq, getTableColumns, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { RESOURCE_LIST, RESOURCES, type Resource, type ResourceKey } from '../../../../contract/resources.js';
import type { Db } from '../database.js';
import * as schema from '../schema.js';
import { invoices, quotes } from '../schema.js';
import { NumberSequences } from './number-sequences.js';
import { ReferenceCounts } from './references.js';
import { SqliteRowTable, type RowTable, type TableWithId } from './row-table.js';
import { onFirstUse } from './prepared.js';

/** An entry's stored row, by its `list` (schema.ts exports each entry's table under that name). */
export type StoredRow<L extends Resource['list']> = (typeof schema)[L]['$inferSelect'];
type QuoteRow = StoredRow<'quotes'>;
type InvoiceRow = StoredRow<'invoices'>;

/** The table and the columns `search` looks in, of an entry; a name the schema lacks stops the core at start. */
function tableOf(resource: Resource): { table: TableWithId; search: SQLiteColumn[] } {
  const table = (schema as Record<string, unknown>)[resource.list] as TableWithId | undefined;
  if (!table) throw new Error(`schema.ts has no table named ${resource.list}`);
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  const search = resource.search.map((field) => {
    const column = columns[field];
    if (!column) throw new Error(`${resource.key}.search: table ${resource.list} has no column ${field}`);
    return column;
  });
  return { table, search };
}

export interface InvoicesTable extends RowTable<InvoiceRow> {
  /** Sent invoices whose due date is before `today` and that were never marked overdue. */
  dueBefore(today: string): InvoiceRow[];
  /** The invoice converted from this quote, if one is (the oldest, should there be more). */
  ofQuote(quoteId: string): InvoiceRow | undefined;
}

export interface QuotesTable extends RowTable<QuoteRow> {
  /** Sent quotes valid until a day before `today`: the ones to mark expired. */
  validBefore(today: string): QuoteRow[];
}

class SqliteQuotesTable extends SqliteRowTable<QuoteRow> implements QuotesTable {
  private readonly lapsed;

  constructor(db: Db) {
    super(db, quotes, tableOf(RESOURCES.quote).search);
    this.lapsed = onFirstUse(() =>
      db
        .select()
        .from(quotes)
        .where(
          and(
            eq(quotes.status, 'sent'),
            isNotNull(quotes.validUntil),
            lt(quotes.validUntil, sql.placeholder('today')),
          ),
        )
        .prepare(),
    );
  }

  validBefore(today: string): QuoteRow[] {
    return this.lapsed().all({ today });
  }
}

class SqliteInvoicesTable extends SqliteRowTable<InvoiceRow> implements InvoicesTable {
  private readonly due;
  private readonly converted;

  constructor(db: Db) {
    super(db, invoices, tableOf(RESOURCES.invoice).search);
    this.converted = onFirstUse(() =>
      db
        .select()
        .from(invoices)
        .where(eq(invoices.quoteId, sql.placeholder('quoteId')))
        .orderBy(invoices.id)
        .limit(1)
        .prepare(),
    );
    this.due = onFirstUse(() =>
      db
        .select()
        .from(invoices)
        .where(
          and(
            eq(invoices.status, 'sent'),
            isNotNull(invoices.dueDate),
            lt(invoices.dueDate, sql.placeholder('today')),
            isNull(invoices.overdueAt),
          ),
        )
        .prepare(),
    );
  }

  dueBefore(today: string): InvoiceRow[] {
    return this.due().all({ today });
  }

  ofQuote(quoteId: string): InvoiceRow | undefined {
    return this.converted().get({ quoteId });
  }
}

/** The objects whose repository has queries of its own; every other entry's is a plain `RowTable`. */
type OwnTables = {
  quotes: QuotesTable;
  invoices: InvoicesTable;
};

export type ObjectRepositories = {
  [K in ResourceKey as Resource<K>['list']]: Resource<K>['list'] extends keyof OwnTables
    ? OwnTables[Resource<K>['list']]
    : RowTable<StoredRow<Resource<K>['list']>>;
} & {
  numbers: NumberSequences;
  references: ReferenceCounts;
};

export function objectRepositories(db: Db): ObjectRepositories {
  const own: OwnTables = { quotes: new SqliteQuotesTable(db), invoices: new SqliteInvoicesTable(db) };
  const tables = RESOURCE_LIST.map((resource) => {
    const mine = (own as Partial<Record<string, RowTable<{ id: string }>>>)[resource.list];
    if (mine) return [resource.list, mine] as const;
    const { table, search } = tableOf(resource);
    return [resource.list, new SqliteRowTable<{ id: string }>(db, table, search)] as const;
  });
  return {
    ...(Object.fromEntries(tables) as Omit<ObjectRepositories, 'numbers' | 'references'>),
    numbers: new NumberSequences(db),
    references: new ReferenceCounts(db),
  } as ObjectRepositories;
}
