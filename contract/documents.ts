/**
 * Invoices and quotes as PDF documents: the owner's company details printed on
 * them (Settings > General > Company), the logo's limits, the events whose `data`
 * carries a signed `documentUrl`, and the operations the window uses to download
 * a document, set the logo and rotate the links' secret.
 */
import { z } from 'zod';
import { empty, idOf, ok } from './common.js';
import { ID_PREFIXES } from './id-prefixes.js';
import { op } from './object-operations.js';

/** The company details on every document; '' leaves a line out. */
export const companySettings = z.object({
  name: z.string().trim().max(200),
  /** Street, postcode and town, one per line. */
  address: z.string().trim().max(1000),
  vatId: z.string().trim().max(50),
  /** Bank name, BIC, account holder: printed as typed. */
  bankDetails: z.string().trim().max(500),
  iban: z
    .string()
    .trim()
    .max(50)
    .regex(/^[A-Za-z0-9 ]*$/, 'use letters, digits and spaces only, such as DE89 3704 0044 0532 0130 00'),
  /** Printed under the totals, such as "Payable within 14 days without deduction". */
  paymentTerms: z.string().trim().max(500),
});
export type CompanySettings = z.infer<typeof companySettings>;

export const DEFAULT_COMPANY: CompanySettings = {
  name: '',
  address: '',
  vatId: '',
  bankDetails: '',
  iban: '',
  paymentTerms: '',
};

/** A logo is a PNG or a JPEG under 1 MB (1,000,000 bytes), told by its first bytes, never its name. */
export const LOGO_MAX_BYTES = 1_000_000;
/** Twice a logo's base64 text: a file somewhat over the limit still reaches the check that says so in words. */
const LOGO_MAX_TEXT = Math.ceil(LOGO_MAX_BYTES / 3) * 8;
export const LOGO_TYPES = ['png', 'jpeg'] as const;

export const companyLogo = z.object({
  type: z.enum(LOGO_TYPES),
  /** Bytes of the image. */
  size: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
});
export type CompanyLogo = z.infer<typeof companyLogo>;

/**
 * The objects that are documents (resource keys): each has `GET /api/v1/<segment>/:id/pdf`
 * with its read permission (main/core/server/routes/documents.ts), and the n8n node and
 * the Zapier app derive their "Download PDF" from this list.
 */
export const DOCUMENT_RESOURCE_KEYS = ['invoice', 'quote'] as const;
/** A document's PDF path: its `GET` path (`/api/v1/invoices/:id`) and this. */
export const DOCUMENT_PDF_SUFFIX = '/pdf';

/** The events whose `data` carries `documentUrl`: the states in which a document goes out or is filed. */
export const DOCUMENT_EVENT_TYPES = [
  'invoice.sent',
  'invoice.paid',
  'invoice.overdue',
  'quote.sent',
  'quote.accepted',
] as const;
export type DocumentEventType = (typeof DOCUMENT_EVENT_TYPES)[number];

export const isDocumentEvent = (type: string): type is DocumentEventType =>
  (DOCUMENT_EVENT_TYPES as readonly string[]).includes(type);

/** Days a document link in an event stays valid. */
export const DOCUMENT_LINK_DAYS = 7;

export const documentUrl = z
  .url()
  .describe(
    `The document as a PDF: a link signed by dVersum, valid for ${DOCUMENT_LINK_DAYS} days, that needs no API key ` +
      '(GET it as it is). It names the version that was sent, so it returns the same bytes each time.',
  );

/** An invoice's or a quote's id: what a document is of. */
export const documentOf = z.union([idOf(ID_PREFIXES.invoice), idOf(ID_PREFIXES.quote)]);

const logoAnswer = z.object({ logo: companyLogo.nullable() });

export const documentOperations = {
  /** Headless: `url`, a signed link to open; desktop: the save dialog writes the file (`path`; nothing when cancelled). */
  'documents.download': op(
    z.strictObject({ id: documentOf }),
    z.object({ url: z.string().optional(), path: z.string().optional() }),
  ),
  /** A new secret for the document links: every link handed out so far stops working. */
  'documents.rotateLinkSecret': op(empty, ok),
  'company.logo': op(empty, logoAnswer),
  /** `logo`: the image file as base64 (a PNG or JPEG under 1 MB); null removes the logo. */
  'company.setLogo': op(z.strictObject({ logo: z.string().max(LOGO_MAX_TEXT).nullable() }), logoAnswer),
} as const;
