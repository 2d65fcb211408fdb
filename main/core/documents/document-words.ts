/**
 * The words printed on a document, in the languages the window speaks. The
 * document is the owner's letter to a client, so it follows the app's
 * language (Settings > General), not the API's English.
 */
import type { Language } from '../../../contract/index.js';

export interface DocumentWords {
  invoice: string;
  quote: string;
  draft: string;
  invoiceNumber: string;
  quoteNumber: string;
  issueDate: string;
  dueDate: string;
  date: string;
  validUntil: string;
  position: string;
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  amount: string;
  net: string;
  tax: string;
  gross: string;
  vatId: string;
  bank: string;
  notes: string;
  page: (n: number, of: number) => string;
  payBy: (amount: string, day: string) => string;
  validUntilSentence: (day: string) => string;
}

export const DOCUMENT_WORDS: Record<Language, DocumentWords> = {
  en: {
    invoice: 'Invoice',
    quote: 'Quote',
    draft: 'draft',
    invoiceNumber: 'Invoice number',
    quoteNumber: 'Quote number',
    issueDate: 'Issue date',
    dueDate: 'Due date',
    date: 'Date',
    validUntil: 'Valid until',
    position: 'No.',
    description: 'Description',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    taxRate: 'Tax',
    amount: 'Amount',
    net: 'Net',
    tax: 'VAT',
    gross: 'Total',
    vatId: 'VAT ID',
    bank: 'Bank',
    notes: 'Notes',
    page: (n, of) => `Page ${n} of ${of}`,
    payBy: (amount, day) => `Please pay ${amount} by ${day}.`,
    validUntilSentence: (day) => `This quote is valid until ${day}.`,
  },
  de: {
    invoice: 'Rechnung',
    quote: 'Angebot',
    draft: 'Entwurf',
    invoiceNumber: 'Rechnungsnummer',
    quoteNumber: 'Angebotsnummer',
    issueDate: 'Rechnungsdatum',
    dueDate: 'Fällig am',
    date: 'Datum',
    validUntil: 'Gültig bis',
    position: 'Pos.',
    description: 'Beschreibung',
    quantity: 'Menge',
    unitPrice: 'Einzelpreis',
    taxRate: 'USt.',
    amount: 'Betrag',
    net: 'Netto',
    tax: 'USt.',
    gross: 'Gesamtbetrag',
    vatId: 'USt-IdNr.',
    bank: 'Bank',
    notes: 'Hinweise',
    page: (n, of) => `Seite ${n} von ${of}`,
    payBy: (amount, day) => `Bitte überweisen Sie ${amount} bis zum ${day}.`,
    validUntilSentence: (day) => `Dieses Angebot gilt bis zum ${day}.`,
  },
};
