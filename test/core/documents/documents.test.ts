import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../support/core.js';
import { pdfInfo, pdfPages, pdfText } from '../../support/pdf-text.js';

// "Today" and the numbering year are local dates; pin the zone so the dates below hold anywhere.
const originalTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Berlin';
});
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

const COMPANY = {
  name: 'Nordlicht Webdesign',
  address: 'Hafenstraße 12\n20457 Hamburg',
  vatId: 'DE123456789',
  bankDetails: 'Hamburger Sparkasse, BIC HASPDEHHXXX',
  iban: 'DE89 3704 0044 0532 0130 00',
  paymentTerms: 'Payable within 14 days without deduction.',
};

let f: Fixture;
let clientId: string;
beforeEach(async () => {
  f = createFixture(); // 2026-01-15 09:00 UTC
  await f.call('settings.update', { language: 'en', company: COMPANY });
  clientId = (
    await f.call('clients.create', {
      name: 'Ada Lovelace',
      company: 'Analytical Engines Ltd',
      address: '12 St James Square\nLondon SW1Y 4JH',
    })
  ).id;
});
afterEach(() => f.core.close());

const ITEMS = [
  { description: 'Website design', quantity: 1, unitPrice: 250_000, taxRate: 19 },
  { description: 'Hosting, 12 months', quantity: 12, unitPrice: 1_500, taxRate: 19 },
  { description: 'Printed brochure', quantity: 100, unitPrice: 120, taxRate: 7 },
];

const newInvoice = () => f.call('invoices.create', { clientId, items: ITEMS });
const file = (id: string) => f.core.documents.file(id).bytes;

describe('an invoice as a PDF', () => {
  it('prints the number, the client, the company, each item, net, tax per rate, gross and the due date', async () => {
    const draft = await newInvoice();
    const sent = await f.call('invoices.send', { id: draft.id });
    const text = pdfText(file(sent.id));
    for (const words of [
      'Invoice INV-2026-0001',
      'Analytical Engines Ltd',
      'Ada Lovelace',
      '12 St James Square',
      'London SW1Y 4JH',
      'Nordlicht Webdesign',
      'Hafenstraße 12',
      'VAT ID: DE123456789',
      'IBAN: DE89 3704 0044 0532 0130 00',
      'Hamburger Sparkasse',
      '1 Website design 1 €2,500.00 19% €2,500.00',
      '2 Hosting, 12 months 12 €15.00 19% €180.00',
      '3 Printed brochure 100 €1.20 7% €120.00',
      'Net €2,800.00',
      'VAT 19% €509.20',
      'VAT 7% €8.40',
      'Total €3,317.60',
      'Due date Jan 29, 2026',
      'Please pay €3,317.60 by Jan 29, 2026.',
      'Payable within 14 days without deduction.',
    ]) {
      expect(text).toContain(words);
    }
    expect(sent.total).toBe(331_760);
  });

  it('speaks German with German amounts when the app does', async () => {
    await f.call('settings.update', { language: 'de' });
    const sent = await f.call('invoices.send', { id: (await newInvoice()).id });
    const text = pdfText(file(sent.id));
    for (const words of [
      'Rechnung INV-2026-0001',
      'Rechnungsnummer INV-2026-0001',
      'Fällig am 29.01.2026',
      'USt. 19 % 509,20 €',
      'Netto 2.800,00 €',
      'Gesamtbetrag 3.317,60 €',
      'USt-IdNr.: DE123456789',
    ]) {
      expect(text).toContain(words);
    }
  });

  it('is the same bytes for the same data, whatever the time it is rendered at', async () => {
    const draft = await newInvoice();
    const first = file(draft.id);
    f.clock.advance(3 * 86_400_000);
    expect(file(draft.id).equals(first)).toBe(true);
    // No timestamp of now: the dates in the file are the document's own.
    const info = pdfInfo(first);
    expect(info).toMatch(/^CreationDate:\s+2026-01-15T09:00:00Z$/m);
    expect(info).toMatch(/^ModDate:\s+2026-01-15T09:00:00Z$/m);
    expect(info).toMatch(/^Title:\s+Invoice \(draft\)$/m);
  });

  it('keeps a sent invoice byte for byte: later company, client and language changes do not alter it', async () => {
    const sent = await f.call('invoices.send', { id: (await newInvoice()).id });
    const asSent = file(sent.id);
    await f.call('settings.update', { language: 'de', company: { name: 'Someone Else GmbH', iban: '' } });
    await f.call('clients.update', { id: clientId, name: 'Charles Babbage' });
    f.clock.advance(40 * 86_400_000);
    await f.call('invoices.markPaid', { id: sent.id });
    expect(file(sent.id).equals(asSent)).toBe(true);
    expect(pdfText(file(sent.id))).toContain('Nordlicht Webdesign');
    // A draft follows the data: it is rendered anew.
    const draft = await newInvoice();
    expect(pdfText(file(draft.id))).toContain('Someone Else GmbH');
  });

  it('prints a quote with its number and validity', async () => {
    const quote = await f.call('quotes.create', { clientId, items: ITEMS, validUntil: '2026-02-28' });
    await f.call('quotes.send', { id: quote.id });
    const text = pdfText(file(quote.id));
    expect(text).toContain(`Quote ${quote.number}`);
    expect(text).toContain('Valid until Feb 28, 2026');
    expect(text).toContain('This quote is valid until Feb 28, 2026.');
    expect(text).toContain('Total €3,317.60');
  });

  it('wraps hostile text without failing: longest fields, words without spaces, other scripts, 500 items over pages', async () => {
    const long = (n: number) => 'W'.repeat(n);
    await f.call('settings.update', {
      company: {
        name: long(200),
        address: Array.from({ length: 60 }, (_, i) => `Line ${i} ${long(10)}`)
          .join('\n')
          .slice(0, 1000),
        vatId: long(50),
        bankDetails: `${'\u202e\u0000\u0007'}${long(497)}`,
        iban: 'DE'.padEnd(50, '9'),
        paymentTerms: '日本語 😀 \u200b'.repeat(50).slice(0, 500),
      },
    });
    const hostileClient = (
      await f.call('clients.create', { name: long(200), company: '😀'.repeat(100), address: long(1000) })
    ).id;
    const items = Array.from({ length: 500 }, (_, i) => ({
      description: i % 50 === 0 ? long(2000) : `Item ${i + 1} ${'Ω≈ç√∫'.repeat(3)}`,
      quantity: 1.5,
      unitPrice: 999_999_99,
      taxRate: i % 3 === 0 ? 19 : 7,
    }));
    const invoice = await f.call('invoices.create', { clientId: hostileClient, items, notes: long(10_000) });
    const sent = await f.call('invoices.send', { id: invoice.id });
    const pdf = file(sent.id);
    const text = pdfText(pdf);
    expect(text).toContain('Invoice INV-2026-0001');
    expect(text).toContain('Item 500');
    expect(text).toContain('?'); // characters Helvetica cannot show are printed as "?", not as stray glyphs
    expect(pdfPages(pdf)).toBeGreaterThan(10);
  });
});

describe('documentUrl in events', () => {
  const DOCUMENT_URL =
    /^http:\/\/127\.0\.0\.1:4317\/api\/v1\/documents\/(inv|quo)_[0-9a-z]{26}\/[0-9a-f]{16}\?expires=\d+&signature=[A-Za-z0-9_-]{43}$/;

  it('is on invoice.sent, .paid and .overdue and quote.sent and .accepted, naming the stored version', async () => {
    const sent = await f.call('invoices.send', { id: (await newInvoice()).id });
    f.clock.advance(20 * 86_400_000);
    f.core.invoices.markOverdue();
    await f.call('invoices.markPaid', { id: sent.id });
    const quote = await f.call('quotes.create', { clientId, items: ITEMS, validUntil: '2026-12-31' });
    await f.call('quotes.send', { id: quote.id });
    await f.call('quotes.accept', { id: quote.id });

    const events = f.outbox().map((row) => row.event);
    const withUrl = events.filter((e) => 'documentUrl' in e.data).map((e) => e.type);
    expect(withUrl).toEqual([
      'invoice.sent',
      'invoice.overdue',
      'invoice.paid',
      'quote.sent',
      'quote.accepted',
    ]);
    const version = f.core.documents.file(sent.id).version;
    for (const e of events.filter((e) => e.type.startsWith('invoice.') && 'documentUrl' in e.data)) {
      expect(e.data.documentUrl).toMatch(DOCUMENT_URL);
      expect(String(e.data.documentUrl)).toContain(`/${sent.id}/${version}?`);
    }
    // Expiry: 7 days after the event.
    const sentEvent = events.find((e) => e.type === 'invoice.sent');
    const expires = Number(new URL(String(sentEvent?.data.documentUrl)).searchParams.get('expires'));
    expect(expires * 1000 - Date.parse(String(sentEvent?.timestamp))).toBe(7 * 86_400_000);
  });

  it('starts with the public address when one is set', async () => {
    await f.call('settings.update', { publicUrl: 'https://dversum.example.com/app' });
    await f.call('invoices.send', { id: (await newInvoice()).id });
    const sent = f.outbox().find((row) => row.type === 'invoice.sent');
    expect(String(sent?.event.data.documentUrl)).toMatch(
      /^https:\/\/dversum\.example\.com\/app\/api\/v1\/documents\/inv_/,
    );
  });
});
