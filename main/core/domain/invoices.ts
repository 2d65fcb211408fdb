/**
 * Invoices: a draft has no number; `send` gives it the next gapless number
 * of its issue date's year (INV-2026-0001), fills in the issue date (today)
 * and the due date (issue date + settings.invoiceDueDays), and freezes its
 * items and totals. A sent invoice is paid, falls overdue, or is voided; it
 * is never edited or deleted. Events invoice.created, invoice.updated (a
 * draft's edit), invoice.sent, invoice.paid, invoice.overdue (once, see
 * overdue.ts), invoice.voided and invoice.deleted (a draft's, carrying the
 * invoice as it was). `createFromQuote` is quotes.convert's half: the quote's
 * items, totals, currency, client and project as a new draft naming the quote.
 * List, get, delete (a draft's only) and the mapping are the generic body's
 * (object-body.ts).
 */
import type { z } from 'zod';
import { RESOURCES, type Invoice, type invoiceCreate, type invoicePatch } from '../../../contract/index.js';
import { conflict, invalid } from '../errors.js';
import type { ObjectRepositories } from '../store/repositories/objects.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { priceItems } from './line-items.js';
import { addDays, localDate, yearOf } from './local-date.js';
import { nextNumber } from './numbering.js';
import { ObjectBody, type NewRowOf, type ObjectDeps, type RowOf } from './object-body.js';
import { requireClientAndProject } from './references.js';

export type InvoiceCreate = z.output<typeof invoiceCreate>;
export type InvoicePatch = z.output<typeof invoicePatch>;
/** An invoice's row, its items read. */
export type InvoiceRecord = RowOf<'invoice'>;
type InvoiceStatus = Invoice['status'];

function checkDates(issueDate: string | null, dueDate: string | null): void {
  if (issueDate && dueDate && dueDate < issueDate) {
    throw invalid([{ path: 'dueDate', message: `must be on or after the issue date (${issueDate})` }]);
  }
}

const OPEN: InvoiceStatus[] = ['sent', 'overdue'];

/** What every new draft starts with, whatever it is made from. */
type DraftDefaults = 'number' | 'status' | 'sentAt' | 'paidAt' | 'voidedAt' | 'overdueAt';

export interface InvoicesDeps extends ObjectDeps<'invoice'> {
  tables: Pick<ObjectRepositories, 'invoices' | 'clients' | 'projects' | 'numbers' | 'references'>;
  settings: Pick<SettingsStore, 'get'>;
}

export class InvoicesService extends ObjectBody<'invoice', InvoicesDeps> {
  constructor(ctx: InvoicesDeps) {
    super(RESOURCES.invoice, ctx);
  }

  create(input: InvoiceCreate): Invoice {
    return this.ctx.work.transaction(() => {
      const projectId = input.projectId ?? null;
      requireClientAndProject(this.ctx.tables, input.clientId, projectId);
      checkDates(input.issueDate ?? null, input.dueDate ?? null);
      return this.insertDraft({
        clientId: input.clientId,
        projectId,
        quoteId: null,
        currency: input.currency ?? this.ctx.settings.get().defaultCurrency,
        issueDate: input.issueDate ?? null,
        dueDate: input.dueDate ?? null,
        ...priceItems(input.items),
        notes: input.notes ?? null,
      });
    });
  }

  /**
   * A draft invoice from a quote (the caller checked it may be converted):
   * its items and totals as they are (already priced), currency, client and
   * project; no dates (sending fills them in) and no notes (a quote's are
   * about the offer). Raises invoice.created.
   */
  createFromQuote(quote: RowOf<'quote'>): Invoice {
    return this.ctx.work.transaction(() =>
      this.insertDraft({
        clientId: quote.clientId,
        projectId: quote.projectId,
        quoteId: quote.id,
        currency: quote.currency,
        issueDate: null,
        dueDate: null,
        items: quote.items,
        subtotal: quote.subtotal,
        taxTotal: quote.taxTotal,
        total: quote.total,
        notes: null,
      }),
    );
  }

  /** Edits a draft, with invoice.updated; an edit that changes nothing writes nothing and raises no event. */
  update(id: string, patch: InvoicePatch): Invoice {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      if (current.status !== 'draft') {
        throw conflict('Only a draft invoice can be edited; a sent invoice is voided, never changed');
      }
      const clientId = patch.clientId ?? current.clientId;
      const projectId = patch.projectId === undefined ? current.projectId : patch.projectId;
      if (patch.clientId !== undefined || patch.projectId !== undefined) {
        requireClientAndProject(this.ctx.tables, clientId, projectId);
      }
      const issueDate = patch.issueDate === undefined ? current.issueDate : patch.issueDate;
      const dueDate = patch.dueDate === undefined ? current.dueDate : patch.dueDate;
      checkDates(issueDate, dueDate);
      const changes = this.changes(current, {
        clientId,
        projectId,
        currency: patch.currency,
        issueDate,
        dueDate,
        notes: patch.notes,
        ...(patch.items && priceItems(patch.items)),
      });
      return this.edit(current, changes);
    });
  }

  /** Only a draft is deleted (invoice.deleted carries it as it was). */
  protected override refuseDelete(row: InvoiceRecord): void {
    if (row.status !== 'draft') {
      throw conflict('Only a draft invoice can be deleted; a sent invoice is voided, never deleted');
    }
  }

  /** Numbers the draft (gapless, in this transaction), fills in its dates and marks it sent. */
  send(id: string): Invoice {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      if (current.status !== 'draft') {
        throw conflict(`Only a draft invoice can be sent; this one is ${current.status}`);
      }
      const now = this.ctx.clock.now();
      const issueDate = current.issueDate ?? localDate(now);
      const dueDate = current.dueDate ?? addDays(issueDate, this.ctx.settings.get().invoiceDueDays);
      checkDates(issueDate, dueDate);
      const number = nextNumber(this.ctx.tables.numbers, 'INV', yearOf(issueDate));
      return this.save(
        current,
        { status: 'sent', number, issueDate, dueDate, sentAt: now, updatedAt: now },
        'invoice.sent',
      );
    });
  }

  markPaid(id: string): Invoice {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      if (!OPEN.includes(current.status as InvoiceStatus)) {
        throw conflict(`Only a sent or overdue invoice can be marked paid; this one is ${current.status}`);
      }
      const now = this.ctx.clock.now();
      return this.save(current, { status: 'paid', paidAt: now, updatedAt: now }, 'invoice.paid');
    });
  }

  void(id: string): Invoice {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      if (current.status === 'draft') throw conflict('A draft invoice is deleted, not voided');
      if (current.status === 'paid') throw conflict('A paid invoice cannot be voided');
      if (current.status === 'void') throw conflict('This invoice is already void');
      const now = this.ctx.clock.now();
      return this.save(current, { status: 'void', voidedAt: now, updatedAt: now }, 'invoice.voided');
    });
  }

  /**
   * The overdue check: every sent invoice whose due date is before today's
   * local date becomes overdue, with one invoice.overdue each, in one
   * transaction. Overdue invoices are never picked again, so the event is
   * raised once. Returns how many fell overdue.
   */
  markOverdue(): number {
    return this.ctx.work.transaction(() => {
      const now = this.ctx.clock.now();
      const due = this.ctx.tables.invoices.dueBefore(localDate(now));
      for (const row of due) {
        this.save(this.decode(row), { status: 'overdue', overdueAt: now, updatedAt: now }, 'invoice.overdue');
      }
      return due.length;
    });
  }

  private insertDraft(values: Omit<NewRowOf<'invoice'>, DraftDefaults>): Invoice {
    return this.insert({
      ...values,
      number: null,
      status: 'draft',
      sentAt: null,
      paidAt: null,
      voidedAt: null,
      overdueAt: null,
    });
  }
}
