/**
 * Quotes: draft → sent → accepted or rejected, or expired when still sent
 * after `validUntil`; only a draft is edited. An accepted quote is converted
 * into a draft invoice (`quotes.convert`, also `POST /api/v1/quotes/{id}/convert`),
 * which raises that invoice's `invoice.created` and answers the invoice.
 */
import { z } from 'zod';
import { currency, idOf, isoDate, isoDateTime, optionalText } from '../common.js';
import { clientId } from './clients.js';
import { invoice } from './invoices.js';
import { defineResource, EXAMPLE_IDS, iso, isoDay, nonEmpty, stamps, type SampleContext } from './define.js';
import { items, lineItem, SAMPLE_ITEMS, SAMPLE_TOTALS, EXAMPLE_ITEMS, totals } from './line-items.js';
import { projectId } from './projects.js';

const PREFIX = 'quo';

export const quoteId = idOf(PREFIX);
export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'rejected', 'expired'] as const;
const quoteFields = {
  clientId,
  projectId: projectId.nullable().optional(),
  currency: currency.optional(),
  validUntil: isoDate.nullable().optional(),
  items,
  notes: optionalText(10000),
};
export const quoteCreate = z.strictObject(quoteFields);
export const quotePatch = z.strictObject(quoteFields).partial();
export const quoteUpdate = nonEmpty(quotePatch);
export const quote = z.object({
  id: quoteId,
  number: z.string(),
  clientId,
  projectId: projectId.nullable(),
  currency: z.string(),
  status: z.enum(QUOTE_STATUSES),
  validUntil: isoDate.nullable(),
  items: z.array(lineItem),
  ...totals,
  notes: z.string().nullable(),
  sentAt: isoDateTime.nullable(),
  decidedAt: isoDateTime.nullable(),
  ...stamps,
});
export type Quote = z.infer<typeof quote>;

/** The state a sample quote is in after each event. */
const SAMPLE_STATUS: Record<string, Quote['status']> = {
  created: 'draft',
  sent: 'sent',
  accepted: 'accepted',
  rejected: 'rejected',
  expired: 'expired',
};

export const quoteResource = defineResource({
  key: 'quote',
  list: 'quotes',
  segment: 'quotes',
  permission: 'quotes',
  event: 'quote',
  prefix: PREFIX,
  noun: 'quote',
  plural: 'quotes',
  label: 'Quotes',
  path: '/quotes',
  schemas: { item: quote, create: quoteCreate, patch: quotePatch, update: quoteUpdate },
  // `expired` is no operation: the expiry check raises it (quotes.markExpired), as overdue is for invoices.
  references: { clientId: 'client', projectId: 'project' },
  labels: { validUntil: 'Valid until' },
  search: ['number', 'notes'],
  events: ['created', 'updated', 'sent', 'accepted', 'rejected', 'expired'],
  actions: {
    send: { event: 'sent' },
    accept: { event: 'accepted' },
    reject: { event: 'rejected' },
    convert: {
      event: 'invoice.created',
      output: invoice,
      rest: {
        summary: 'Convert an accepted quote to an invoice',
        description:
          'Makes a draft invoice with the quote’s items, currency, client and project, naming the quote in `quoteId`, and raises `invoice.created`. The quote stays accepted.',
        conflict:
          'The quote is not accepted (the message says what it is), or it was already converted (the message names the invoice, `details.invoiceId`)',
      },
    },
  },
  incoming: { methods: ['POST'], access: 'create' },
  examples: {
    create: {
      clientId: EXAMPLE_IDS.client,
      projectId: EXAMPLE_IDS.project,
      currency: 'EUR',
      validUntil: '2026-07-31',
      items: EXAMPLE_ITEMS,
    } satisfies z.input<typeof quoteCreate>,
  },
  sample: ({ now, ids, event }: SampleContext): z.input<typeof quote> => {
    const status = SAMPLE_STATUS[event] ?? 'draft';
    const expired = status === 'expired';
    return {
      id: ids.quote,
      number: `Q-${isoDay(now).slice(0, 4)}-0042`,
      clientId: ids.client,
      projectId: ids.project,
      currency: 'EUR',
      status,
      validUntil: isoDay(now, expired ? -1 : 30),
      items: SAMPLE_ITEMS,
      ...SAMPLE_TOTALS,
      notes: 'Valid for 30 days',
      sentAt: status === 'draft' ? null : iso(now),
      decidedAt: status === 'accepted' || status === 'rejected' ? iso(now) : null,
      createdAt: iso(now),
      updatedAt: iso(now),
    };
  },
});
