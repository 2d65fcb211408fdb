/**
 * The business objects' repositories, one per table: clients, projects,
 * tasks, time entries, quotes and invoices (`RowTable`s, each with the
 * columns its list searches in), plus what their rules need of the store:
 * the invoices due for the overdue check, the quotes due for the expiry
 * check, the invoice a quote was converted into, the gapless number counters
 * (`number-sequences.ts`) and who refers to a row (`references.ts`).
 *
 * The expiry check and the quote's invoice read without an index of their
 * own (a full pass over a small business's quotes, or invoices, once a
 * minute or per conversion); an index would be a migration of its own.
 */
import { and, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { clients, invoices, projects, quotes, tasks, timeEntries } from '../schema.js';
import { NumberSequences } from './number-sequences.js';
import { ReferenceCounts } from './references.js';
import { SqliteRowTable, type RowTable } from './row-table.js';
import { onFirstUse } from './prepared.js';

export type ClientRow = typeof clients.$inferSelect;
export type ProjectRow = typeof projects.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type TimeEntryRow = typeof timeEntries.$inferSelect;
export type QuoteRow = typeof quotes.$inferSelect;
export type InvoiceRow = typeof invoices.$inferSelect;

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
    super(db, quotes, [quotes.number, quotes.notes]);
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
    super(db, invoices, [invoices.number, invoices.notes]);
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

export interface ObjectRepositories {
  clients: RowTable<ClientRow>;
  projects: RowTable<ProjectRow>;
  tasks: RowTable<TaskRow>;
  timeEntries: RowTable<TimeEntryRow>;
  quotes: QuotesTable;
  invoices: InvoicesTable;
  numbers: NumberSequences;
  references: ReferenceCounts;
}

export function objectRepositories(db: Db): ObjectRepositories {
  return {
    clients: new SqliteRowTable<ClientRow>(db, clients, [clients.name, clients.email, clients.company]),
    projects: new SqliteRowTable<ProjectRow>(db, projects, [projects.name, projects.description]),
    tasks: new SqliteRowTable<TaskRow>(db, tasks, [tasks.title, tasks.description]),
    timeEntries: new SqliteRowTable<TimeEntryRow>(db, timeEntries, [timeEntries.description]),
    quotes: new SqliteQuotesTable(db),
    invoices: new SqliteInvoicesTable(db),
    numbers: new NumberSequences(db),
    references: new ReferenceCounts(db),
  };
}
