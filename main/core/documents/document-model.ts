/**
 * What a document says, as text: an invoice or a quote with its client and the
 * owner's company, in the document's language (English or German) and its
 * number and date conventions (`Intl`). Pure, so the same data always gives the
 * same words; `pdf-render.ts` lays them out.
 */
import { formatAmount, minorDigits } from '../../../contract/money.js';
import { lineTotals } from '../../../contract/line-totals.js';
import type { CompanySettings, Invoice, Language, Quote } from '../../../contract/index.js';
import { DOCUMENT_WORDS, type DocumentWords } from './document-words.js';

export interface DocumentClient {
  name: string;
  company: string | null;
  address: string | null;
  email: string | null;
}

export type DocumentSource = { kind: 'invoice'; object: Invoice } | { kind: 'quote'; object: Quote };

export interface DocumentInput {
  source: DocumentSource;
  client: DocumentClient;
  company: CompanySettings;
  logo: { type: 'png' | 'jpeg'; bytes: Buffer } | null;
  language: Language;
  locale: string;
}

export interface DocumentLine {
  position: string;
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  amount: string;
}

export interface DocumentModel {
  words: DocumentWords;
  /** "Invoice INV-2026-0001", "Quote (draft)". */
  title: string;
  /** Label and value pairs beside the address: number, dates. */
  facts: [string, string][];
  sender: { name: string; lines: string[]; senderLine: string };
  recipient: string[];
  lines: DocumentLine[];
  totals: [string, string][];
  grossLabel: string;
  gross: string;
  /** The due date sentence and the owner's terms, when there are any. */
  payment: string[];
  notes: string | null;
  footer: string[];
  logo: DocumentInput['logo'];
  /** Fixed from the data (never "now"), so the same data gives the same bytes. */
  date: Date;
  fileName: string;
}

/** `INV-2026-0001.pdf`; a draft by its id. */
export function documentFileName(source: DocumentSource): string {
  const base = source.object.number ?? `${source.kind}-${source.object.id}`;
  return `${base.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}

/** The document's own time: when it was sent, else its last change. */
function documentDate(source: DocumentSource): Date {
  const { object } = source;
  return new Date(object.sentAt ?? object.updatedAt);
}

const nonEmpty = (lines: (string | null | undefined)[]): string[] =>
  lines
    .flatMap((line) => (line ?? '').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '');

export function formatMoneyIn(locale: string, minor: number | bigint, currency: string): string {
  const decimal = formatAmount(Number(minor), currency);
  try {
    // A decimal string keeps every digit (a float would round past 2^53).
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
      decimal as unknown as number,
    );
  } catch {
    return `${decimal} ${currency}`;
  }
}

function formatDay(locale: string, day: string | null): string {
  if (!day) return '—';
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime())
    ? day
    : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

const formatNumber = (locale: string, value: number): string =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(value);

const formatRate = (locale: string, rate: number): string =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 3 }).format(rate / 100);

export function buildDocumentModel(input: DocumentInput): DocumentModel {
  const { source, client, company, locale } = input;
  const words = DOCUMENT_WORDS[input.language];
  const object = source.object;
  const currency = object.currency;
  minorDigits(currency);
  const money = (minor: number | bigint) => formatMoneyIn(locale, minor, currency);
  const noun = source.kind === 'invoice' ? words.invoice : words.quote;
  const title = object.number ? `${noun} ${object.number}` : `${noun} (${words.draft})`;

  const facts: [string, string][] = [];
  facts.push([source.kind === 'invoice' ? words.invoiceNumber : words.quoteNumber, object.number ?? '—']);
  if (source.kind === 'invoice') {
    facts.push([words.issueDate, formatDay(locale, source.object.issueDate)]);
    facts.push([words.dueDate, formatDay(locale, source.object.dueDate)]);
  } else {
    facts.push([
      words.date,
      formatDay(locale, (source.object.sentAt ?? source.object.createdAt).slice(0, 10)),
    ]);
    facts.push([words.validUntil, formatDay(locale, source.object.validUntil)]);
  }

  const priced = lineTotals(object.items);
  const lines = object.items.map((item, index) => ({
    position: String(index + 1),
    description: item.description,
    quantity: formatNumber(locale, item.quantity),
    unitPrice: money(item.unitPrice),
    taxRate: formatRate(locale, item.taxRate),
    amount: money(item.amount),
  }));
  const totals: [string, string][] = [[words.net, money(object.subtotal)]];
  for (const { rate, tax } of priced.taxByRate)
    totals.push([`${words.tax} ${formatRate(locale, rate)}`, money(tax)]);

  const payment: string[] = [];
  if (source.kind === 'invoice' && source.object.dueDate) {
    payment.push(words.payBy(money(object.total), formatDay(locale, source.object.dueDate)));
  }
  if (source.kind === 'quote' && source.object.validUntil) {
    payment.push(words.validUntilSentence(formatDay(locale, source.object.validUntil)));
  }
  if (company.paymentTerms) payment.push(company.paymentTerms);

  const senderLines = nonEmpty([company.address]);
  const footer = nonEmpty([
    company.name,
    company.vatId && `${words.vatId}: ${company.vatId}`,
    company.iban && `IBAN: ${company.iban}`,
    company.bankDetails && `${words.bank}: ${company.bankDetails.replace(/\s*\n\s*/g, ', ')}`,
  ]);
  return {
    words,
    title,
    facts,
    sender: {
      name: company.name,
      lines: senderLines,
      senderLine: [company.name, ...senderLines].filter((part) => part !== '').join(' · '),
    },
    recipient: nonEmpty([client.company, client.name, client.address]),
    lines,
    totals,
    grossLabel: words.gross,
    gross: money(object.total),
    payment,
    notes: object.notes,
    footer,
    logo: input.logo,
    date: documentDate(source),
    fileName: documentFileName(source),
  };
}
