/**
 * Invoices: numbered without gaps when sent; a sent invoice's items no longer
 * change; once sent it is voided, never deleted. Overdue is the scheduler's.
 * `quoteId` names the accepted quote it was converted from (quotes.convert).
 */
import { z } from 'zod';
import { currency, idOf, isoDate, isoDateTime, optionalText } from '../common.js';
import { clientId } from './clients.js';
import { defineResource, EXAMPLE_IDS, iso, isoDay, nonEmpty, stamps, type SampleContext } from './define.js';
import { EXAMPLE_ITEMS, items, lineItem, SAMPLE_ITEMS, SAMPLE_TOTALS, totals } from './line-items.js';
import { projectId } from './projects.js';

const PREFIX = 'inv';
/** quotes.ts's prefix, spelled here because quotes.ts imports this module (its convert answers an invoice). */
const QUOTE_PREFIX = 'quo';

export const invoiceId = idOf(PREFIX);
export const INVOICE_STATUSES = ['draft', 'sent', 'paid', 'overdue', 'void'] as const;
const invoiceFields = {
  clientId,
  projectId: projectId.nullable().optional(),
  currency: currency.optional(),
  issueDate: isoDate.nullable().optional(),
  dueDate: isoDate.nullable().optional(),
  items,
  notes: optionalText(10000),
};
export const invoiceCreate = z.strictObject(invoiceFields);
export const invoicePatch = z.strictObject(invoiceFields).partial();
export const invoiceUpdate = nonEmpty(invoicePatch);
export const invoice = z.object({
  id: invoiceId,
  /** INV-2026-0001; assigned without gaps when the invoice is sent, null while a draft. */
  number: z.string().nullable(),
  clientId,
  projectId: projectId.nullable(),
  /** The quote it was converted from (`quotes.convert`); null for an invoice made as such. */
  quoteId: idOf(QUOTE_PREFIX).nullable(),
  currency: z.string(),
  status: z.enum(INVOICE_STATUSES),
  issueDate: isoDate.nullable(),
  dueDate: isoDate.nullable(),
  items: z.array(lineItem),
  ...totals,
  notes: z.string().nullable(),
  sentAt: isoDateTime.nullable(),
  paidAt: isoDateTime.nullable(),
  voidedAt: isoDateTime.nullable(),
  ...stamps,
});
export type Invoice = z.infer<typeof invoice>;

/** The state a sample invoice is in after each event. */
const SAMPLE_STATUS: Record<string, Invoice['status']> = {
  created: 'draft',
  sent: 'sent',
  paid: 'paid',
  overdue: 'overdue',
  voided: 'void',
};

export const invoiceResource = defineResource({
  key: 'invoice',
  list: 'invoices',
  segment: 'invoices',
  permission: 'invoices',
  event: 'invoice',
  prefix: PREFIX,
  noun: 'invoice',
  plural: 'invoices',
  label: 'Invoices',
  path: '/invoices',
  schemas: { item: invoice, create: invoiceCreate, patch: invoicePatch, update: invoiceUpdate },
  // `overdue` is no operation: the overdue check raises it (invoices.markOverdue).
  // `updated` and `deleted` are a draft's only: a sent invoice is neither edited nor deleted.
  references: { clientId: 'client', projectId: 'project' },
  search: ['number', 'notes'],
  events: ['created', 'updated', 'sent', 'paid', 'overdue', 'voided', 'deleted'],
  actions: { send: { event: 'sent' }, markPaid: { event: 'paid' }, void: { event: 'voided' } },
  incoming: { methods: ['POST'], access: 'create' },
  examples: {
    create: {
      clientId: EXAMPLE_IDS.client,
      projectId: EXAMPLE_IDS.project,
      currency: 'EUR',
      dueDate: '2026-07-15',
      items: EXAMPLE_ITEMS,
    } satisfies z.input<typeof invoiceCreate>,
  },
  sample: ({ now, ids, event }: SampleContext): z.input<typeof invoice> => {
    const status = SAMPLE_STATUS[event] ?? 'draft';
    const issued = status !== 'draft';
    return {
      id: ids.invoice,
      number: issued ? `INV-${isoDay(now).slice(0, 4)}-0042` : null,
      clientId: ids.client,
      projectId: ids.project,
      quoteId: ids.quote,
      currency: 'EUR',
      status,
      issueDate: issued ? isoDay(now, status === 'overdue' ? -20 : 0) : null,
      dueDate: issued ? isoDay(now, status === 'overdue' ? -6 : 14) : null,
      items: SAMPLE_ITEMS,
      ...SAMPLE_TOTALS,
      notes: 'Thank you for your business',
      sentAt: issued ? iso(now) : null,
      paidAt: status === 'paid' ? iso(now) : null,
      voidedAt: status === 'void' ? iso(now) : null,
      createdAt: iso(now),
      updatedAt: iso(now),
    };
  },
});
