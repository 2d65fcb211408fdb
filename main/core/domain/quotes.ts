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
 *
 * List, get, delete (a draft's, raising no event) and the mapping are the
 * generic body's (object-body.ts).
 */
import type { z } from 'zod';
import {
  RESOURCES,
  type Invoice,
  type Quote,
  type quoteCreate,
  type quotePatch,
} from '../../../contract/index.js';
import { AppError, conflict } from '../errors.js';
import type { ObjectRepositories } from '../store/repositories/objects.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { InvoicesService } from './invoices.js';
import { priceItems } from './line-items.js';
import { localDate, yearOf } from './local-date.js';
import { nextNumber } from './numbering.js';
import { ObjectBody, type ObjectDeps, type RowOf } from './object-body.js';
import { requireClientAndProject } from './references.js';

export type QuoteCreate = z.output<typeof quoteCreate>;
export type QuotePatch = z.output<typeof quotePatch>;
/** A quote's row, its items read. */
export type QuoteRecord = RowOf<'quote'>;

const requireDraft = (row: QuoteRecord, action: string): void => {
  if (row.status !== 'draft')
    throw conflict(`Only a draft quote can be ${action}; this one is ${row.status}`);
};

/** Past its last valid day (the local date `today` is after `validUntil`). */
const lapsed = (row: QuoteRecord, today: string): boolean =>
  row.validUntil !== null && row.validUntil < today;

const expiredMessage = (row: QuoteRecord): string =>
  `Quote ${row.number} expired after ${row.validUntil} (its validUntil); an expired quote cannot be accepted`;

export interface QuotesDeps extends ObjectDeps<'quote'> {
  tables: Pick<ObjectRepositories, 'quotes' | 'clients' | 'projects' | 'numbers' | 'invoices' | 'references'>;
  settings: Pick<SettingsStore, 'get'>;
  /** Where a converted quote's invoice is made. */
  invoices: Pick<InvoicesService, 'createFromQuote'>;
}

export class QuotesService extends ObjectBody<'quote', QuotesDeps> {
  constructor(ctx: QuotesDeps) {
    super(RESOURCES.quote, ctx);
  }

  create(input: QuoteCreate): Quote {
    return this.ctx.work.transaction(() => {
      const projectId = input.projectId ?? null;
      requireClientAndProject(this.ctx.tables, input.clientId, projectId);
      const priced = priceItems(input.items);
      const now = this.ctx.clock.now();
      return this.insert(
        {
          number: nextNumber(this.ctx.tables.numbers, 'QUO', yearOf(localDate(now))),
          clientId: input.clientId,
          projectId,
          currency: input.currency ?? this.ctx.settings.get().defaultCurrency,
          status: 'draft',
          validUntil: input.validUntil ?? null,
          ...priced,
          notes: input.notes ?? null,
          sentAt: null,
          decidedAt: null,
        },
        now,
      );
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
      const changes = this.changes(current, {
        clientId,
        projectId,
        currency: patch.currency,
        validUntil: patch.validUntil,
        notes: patch.notes,
        ...(patch.items && priceItems(patch.items)),
      });
      return this.edit(current, changes);
    });
  }

  protected override refuseDelete(row: QuoteRecord): void {
    requireDraft(row, 'deleted');
  }

  send(id: string): Quote {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      requireDraft(current, 'sent');
      const now = this.ctx.clock.now();
      return this.save(current, { status: 'sent', sentAt: now, updatedAt: now }, 'quote.sent');
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
      for (const row of due) {
        this.save(this.decode(row), { status: 'expired', updatedAt: now }, 'quote.expired');
      }
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
      return this.save(current, { status, decidedAt: now, updatedAt: now }, `quote.${status}`);
    });
  }
}
