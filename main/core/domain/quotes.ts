/**
 * Quotes: numbered at creation (QUO-2026-0001), draft → sent → accepted or
 * rejected; only a draft is edited or deleted. Events quote.created,
 * quote.updated (a draft's edit), quote.sent, quote.accepted, quote.rejected
 * and quote.expired.
 *
 * Expiry: `validUntil` is the last day the offer holds, in the owner's local
 * date (local-date.ts). A sent quote still unanswered on the day after it
 * becomes `expired`, once, with quote.expired (`markExpired`, run by the date
 * checks at start — catching what expired while the app was closed — and
 * every minute, as invoices fall overdue). Drafts never expire: they were not
 * offered. An expired quote is not accepted (409 saying so), also in the
 * minutes before the check has marked it.
 *
 * Converting (`convert`): an accepted quote becomes a draft invoice
 * (invoices.ts `createFromQuote`, in the same transaction, raising
 * invoice.created); the quote itself stays accepted. A quote is converted
 * once: while its invoice exists, converting again is a 409 naming it. If
 * that draft is deleted, the quote may be converted anew.
 *
 * Quote numbers come from the same gapless counter as invoices, but a quote
 * is numbered when created, so deleting a draft leaves its number unused.
 * That is accepted for quotes (no bookkeeping rule asks for gapless offers);
 * invoices, which need it, are numbered only when sent.
 */
import type { z } from 'zod';
import type { Invoice, ListInput, Quote, quoteCreate, quotePatch } from '../../../contract/index.js';
import { toIso, toIsoOrNull } from '../clock.js';
import { AppError, conflict, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { mapPage, type Page } from '../store/repositories/list-page.js';
import type { QuoteRow, ObjectRepositories } from '../store/repositories/objects.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { InvoicesService } from './invoices.js';
import { parseItems, priceItems } from './line-items.js';
import { localDate, yearOf } from './local-date.js';
import { changedFields, hasKeys, type ChangeDeps } from './mutation.js';
import { nextNumber } from './numbering.js';
import { requireClientAndProject } from './references.js';

export type QuoteCreate = z.output<typeof quoteCreate>;
export type QuotePatch = z.output<typeof quotePatch>;
type QuoteStatus = Quote['status'];

export function toQuote(row: QuoteRow): Quote {
  return {
    id: row.id,
    number: row.number,
    clientId: row.clientId,
    projectId: row.projectId,
    currency: row.currency,
    status: row.status as QuoteStatus,
    validUntil: row.validUntil,
    items: parseItems(row.items),
    subtotal: row.subtotal,
    taxTotal: row.taxTotal,
    total: row.total,
    notes: row.notes,
    sentAt: toIsoOrNull(row.sentAt),
    decidedAt: toIsoOrNull(row.decidedAt),
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

const requireDraft = (row: QuoteRow, action: string): void => {
  if (row.status !== 'draft')
    throw conflict(`Only a draft quote can be ${action}; this one is ${row.status}`);
};

/** Past its last valid day (the local date `today` is after `validUntil`). */
const lapsed = (row: QuoteRow, today: string): boolean => row.validUntil !== null && row.validUntil < today;

const expiredMessage = (row: QuoteRow): string =>
  `Quote ${row.number} expired after ${row.validUntil} (its validUntil); an expired quote cannot be accepted`;

export interface QuotesDeps extends ChangeDeps {
  tables: Pick<ObjectRepositories, 'quotes' | 'clients' | 'projects' | 'numbers' | 'invoices'>;
  settings: Pick<SettingsStore, 'get'>;
  /** Where a converted quote's invoice is made. */
  invoices: Pick<InvoicesService, 'createFromQuote'>;
}

export class QuotesService {
  constructor(private readonly ctx: QuotesDeps) {}

  list(input: ListInput): Page<Quote> {
    return mapPage(this.ctx.tables.quotes.page(input), toQuote);
  }

  get(id: string): Quote {
    return toQuote(this.row(id));
  }

  create(input: QuoteCreate): Quote {
    return this.ctx.work.transaction(() => {
      const projectId = input.projectId ?? null;
      requireClientAndProject(this.ctx.tables, input.clientId, projectId);
      const priced = priceItems(input.items);
      const now = this.ctx.clock.now();
      const row = this.ctx.tables.quotes.insert({
        id: newId('quote', now),
        number: nextNumber(this.ctx.tables.numbers, 'QUO', yearOf(localDate(now))),
        clientId: input.clientId,
        projectId,
        currency: input.currency ?? this.ctx.settings.get().defaultCurrency,
        status: 'draft',
        validUntil: input.validUntil ?? null,
        items: JSON.stringify(priced.items),
        subtotal: priced.subtotal,
        taxTotal: priced.taxTotal,
        total: priced.total,
        notes: input.notes ?? null,
        sentAt: null,
        decidedAt: null,
        createdAt: now,
        updatedAt: now,
      });
      const quote = toQuote(row);
      this.ctx.outbox.record('quote.created', quote);
      return quote;
    });
  }

  /** Edits a draft, with quote.updated; an edit that changes nothing writes nothing and raises no event. */
  update(id: string, patch: QuotePatch): Quote {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      requireDraft(current, 'edited');
      const clientId = patch.clientId ?? current.clientId;
      const projectId = patch.projectId === undefined ? current.projectId : patch.projectId;
      if (patch.clientId !== undefined || patch.projectId !== undefined) {
        requireClientAndProject(this.ctx.tables, clientId, projectId);
      }
      const priced = patch.items ? priceItems(patch.items) : undefined;
      const changes = changedFields(current, {
        clientId,
        projectId,
        currency: patch.currency,
        validUntil: patch.validUntil,
        notes: patch.notes,
        ...(priced && {
          items: JSON.stringify(priced.items),
          subtotal: priced.subtotal,
          taxTotal: priced.taxTotal,
          total: priced.total,
        }),
      });
      if (!hasKeys(changes)) return toQuote(current);
      const row = this.ctx.tables.quotes.update({ ...current, ...changes, updatedAt: this.ctx.clock.now() });
      const quote = toQuote(row);
      this.ctx.outbox.record('quote.updated', quote);
      return quote;
    });
  }

  delete(id: string): void {
    this.ctx.work.transaction(() => {
      requireDraft(this.row(id), 'deleted');
      this.ctx.tables.quotes.delete(id);
    });
  }

  send(id: string): Quote {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      requireDraft(current, 'sent');
      const now = this.ctx.clock.now();
      return this.moveTo(current, { status: 'sent', sentAt: now, updatedAt: now }, 'quote.sent');
    });
  }

  accept(id: string): Quote {
    return this.decide(id, 'accepted');
  }

  reject(id: string): Quote {
    return this.decide(id, 'rejected');
  }

  /** The accepted quote as a new draft invoice (answered), with invoice.created. */
  convert(id: string): Invoice {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      if (current.status !== 'accepted') {
        throw conflict(
          `Only an accepted quote can be converted to an invoice; this one is ${current.status}`,
        );
      }
      const existing = this.ctx.tables.invoices.ofQuote(id);
      if (existing) {
        const named = existing.number ? `${existing.number} (${existing.id})` : existing.id;
        throw new AppError('conflict', `Quote ${current.number} was already converted to invoice ${named}`, {
          invoiceId: existing.id,
        });
      }
      return this.ctx.invoices.createFromQuote(current);
    });
  }

  /**
   * The expiry check: every sent quote whose validUntil is before today's
   * local date becomes expired, with one quote.expired each, in one
   * transaction. Expired quotes are never picked again, so the event is
   * raised once. Returns how many expired.
   */
  markExpired(): number {
    return this.ctx.work.transaction(() => {
      const now = this.ctx.clock.now();
      const due = this.ctx.tables.quotes.validBefore(localDate(now));
      for (const row of due) this.moveTo(row, { status: 'expired', updatedAt: now }, 'quote.expired');
      return due.length;
    });
  }

  private decide(id: string, status: 'accepted' | 'rejected'): Quote {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      const now = this.ctx.clock.now();
      const expired =
        current.status === 'expired' || (current.status === 'sent' && lapsed(current, localDate(now)));
      if (status === 'accepted' && expired) throw conflict(expiredMessage(current));
      if (current.status !== 'sent') {
        throw conflict(`Only a sent quote can be ${status}; this one is ${current.status}`);
      }
      return this.moveTo(current, { status, decidedAt: now, updatedAt: now }, `quote.${status}`);
    });
  }

  private moveTo(
    current: QuoteRow,
    set: Partial<QuoteRow>,
    event: 'quote.sent' | 'quote.accepted' | 'quote.rejected' | 'quote.expired',
  ): Quote {
    const row = this.ctx.tables.quotes.update({ ...current, ...set });
    const quote = toQuote(row);
    this.ctx.outbox.record(event, quote);
    return quote;
  }

  private row(id: string): QuoteRow {
    const row = this.ctx.tables.quotes.find(id);
    if (!row) throw notFound('quote', id);
    return row;
  }
}
