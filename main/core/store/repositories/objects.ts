/**
 * The business objects' repositories, one per table: clients, projects,
 * tasks, time entries, quotes and invoices (`RowTable`s, each with the
 * columns its list searches in), plus what their rules need of the store:
 * the invoices due for the overdue check, the gapless number counters
 * (`number-sequences.ts`) and who refers to a row (`references.ts`).
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
}

class SqliteInvoicesTable extends SqliteRowTable<InvoiceRow> implements InvoicesTable {
  private readonly due;

  constructor(db: Db) {
    super(db, invoices, [invoices.number, invoices.notes]);
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
}

export interface ObjectRepositories {
  clients: RowTable<ClientRow>;
  projects: RowTable<ProjectRow>;
  tasks: RowTable<TaskRow>;
  timeEntries: RowTable<TimeEntryRow>;
  quotes: RowTable<QuoteRow>;
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
    quotes: new SqliteRowTable<QuoteRow>(db, quotes, [quotes.number, quotes.notes]),
    invoices: new SqliteInvoicesTable(db),
    numbers: new NumberSequences(db),
    references: new ReferenceCounts(db),
  };
}
