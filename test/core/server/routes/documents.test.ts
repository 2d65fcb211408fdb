import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DOCUMENT_LINK_REFUSED } from '../../../../main/core/server/routes/documents.js';
import { createHarness, errorOf, type Harness } from '../../../support/server.js';
import { storeOf } from '../../../../main/core/store/database.js';
import { pdfText } from '../../../support/pdf-text.js';
import { outboxBodies } from '../../../support/outbox-bodies.js';

let h: Harness;
let invoiceId: string;
let quoteId: string;
beforeEach(async () => {
  h = await createHarness();
  h.core.settings.update({
    language: 'en',
    company: { ...h.core.settings.get().company, name: 'Nordlicht Webdesign' },
  });
  const client = h.core.clients.create({ name: 'Ada Lovelace' });
  const items = [{ description: 'Website design', quantity: 1, unitPrice: 250_000, taxRate: 19 }];
  invoiceId = h.core.invoices.create({ clientId: client.id, items }).id;
  quoteId = h.core.quotes.create({ clientId: client.id, items }).id;
});
afterEach(() => h.close());

const REFUSED = { error: { code: 'not_found', message: DOCUMENT_LINK_REFUSED } };

/** The documentUrl of the newest event of this type. */
function documentUrl(type: string): URL {
  const row = outboxBodies(storeOf(h.core.store).sqlite, 'type = ?', type).at(-1)!;
  return new URL(String((JSON.parse(row.body) as { data: { documentUrl: string } }).data.documentUrl));
}

const get = (url: URL | string) =>
  h.app.inject({ method: 'GET', url: typeof url === 'string' ? url : `${url.pathname}${url.search}` });

describe('GET /api/v1/invoices/:id/pdf and /api/v1/quotes/:id/pdf', () => {
  it('answers the PDF with the read permission', async () => {
    const key = h.key(['invoices:read', 'quotes:read']);
    const res = await h.call(key, { method: 'GET', url: `/api/v1/invoices/${invoiceId}/pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="invoice-${invoiceId}.pdf"`);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(res.rawPayload)).toContain('Invoice (draft)');
    const quote = await h.call(key, { method: 'GET', url: `/api/v1/quotes/${quoteId}/pdf` });
    expect(quote.statusCode).toBe(200);
    expect(pdfText(quote.rawPayload)).toContain('Quote QUO-');
  });

  it('refuses as reading the object does: no key 401, another permission 403, an unknown or path-like id 404', async () => {
    const noKey = await h.call(undefined, { method: 'GET', url: `/api/v1/invoices/${invoiceId}/pdf` });
    expect(noKey.statusCode).toBe(401);
    const quotesOnly = h.key(['quotes:read']);
    const forbidden = await h.call(quotesOnly, { method: 'GET', url: `/api/v1/invoices/${invoiceId}/pdf` });
    expect(forbidden.statusCode).toBe(403);
    expect(errorOf(forbidden).message).toBe('This key may not Read invoices (invoices:read)');
    const readObject = await h.call(quotesOnly, { method: 'GET', url: `/api/v1/invoices/${invoiceId}` });
    expect(errorOf(readObject)).toEqual(errorOf(forbidden));

    const key = h.key(['invoices:read']);
    for (const [id, shown] of [
      ['inv_00000000000000000000000000', 'inv_00000000000000000000000000'],
      [quoteId, quoteId],
      ['..%2F..%2Fetc%2Fpasswd', '../../etc/passwd'],
    ]) {
      const res = await h.call(key, { method: 'GET', url: `/api/v1/invoices/${id}/pdf` });
      expect(res.statusCode, id).toBe(404);
      expect(errorOf(res).message).toBe(`No invoice with id ${shown}`);
    }
    // A dot segment is resolved before routing: no route, and nothing read from disk.
    const dots = await h.call(key, { method: 'GET', url: '/api/v1/invoices/%2E%2E/pdf' });
    expect([dots.statusCode, errorOf(dots).message]).toEqual([404, 'No route GET /api/v1/pdf']);
  });

  it('downloads for the window with the admin token: a signed link headless opens', async () => {
    const res = await h.admin('documents.download', { id: invoiceId });
    expect(res.statusCode).toBe(200);
    const { url } = res.json() as { url: string };
    expect(url).toMatch(/^\/api\/v1\/documents\/inv_[0-9a-z]{26}\/[0-9a-f]{16}\?expires=\d+&signature=/);
    const pdf = await get(url);
    expect(pdf.statusCode).toBe(200);
    const direct = await h.call(h.key(['invoices:read']), {
      method: 'GET',
      url: `/api/v1/invoices/${invoiceId}/pdf`,
    });
    expect(pdf.rawPayload.equals(direct.rawPayload)).toBe(true);
    // A draft's link names its version: once the draft changes, the old link is refused.
    h.core.invoices.update(invoiceId, { notes: 'Changed' });
    expect((await get(url)).json()).toEqual(REFUSED);
  });
});

describe('the signed link in events', () => {
  it('fetches the sent invoice with no key, the same bytes each time, even after the company details change', async () => {
    h.core.invoices.send(invoiceId);
    const url = documentUrl('invoice.sent');
    expect(url.origin).toBe('http://127.0.0.1:4317');
    const first = await get(url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(first.headers['content-disposition']).toBe('attachment; filename="INV-2026-0001.pdf"');
    const text = pdfText(first.rawPayload);
    for (const words of ['Invoice INV-2026-0001', 'Ada Lovelace', 'Website design', 'Total €2,975.00']) {
      expect(text).toContain(words);
    }
    h.core.settings.update({ company: { ...h.core.settings.get().company, name: 'Renamed GmbH' } });
    h.core.invoices.markPaid(invoiceId);
    const paidUrl = documentUrl('invoice.paid');
    for (const again of [await get(url), await get(paidUrl)]) {
      expect(again.statusCode).toBe(200);
      expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    }
  });

  it('answers one 404 body for a link expired, altered, for another version, signed before a rotation or malformed', async () => {
    h.core.invoices.send(invoiceId);
    h.core.quotes.send(quoteId);
    const url = documentUrl('invoice.sent');
    const other = documentUrl('quote.sent');
    const [, , , , id, version] = url.pathname.split('/');
    const query = url.searchParams;
    const variant = (path: string, params: Record<string, string>) =>
      `/api/v1/documents/${path}?${new URLSearchParams(params).toString()}`;
    const expires = query.get('expires') ?? '';
    const signature = query.get('signature') ?? '';
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const bad = [
      variant(`${id}/${version}`, { expires, signature: flipped }),
      variant(`${id}/${version}`, { expires: String(Number(expires) + 1), signature }),
      variant(`${id}/0000000000000000`, { expires, signature }),
      variant(`${other.pathname.split('/')[4]}/${version}`, { expires, signature }),
      variant(`${id}/${version}`, { expires }),
      variant(`${id}/${version}`, { expires: 'soon', signature }),
      variant(`${id}/${version}`, { expires, signature: 'x'.repeat(5000) }),
      `${url.pathname}${url.search}&expires=1`,
      variant(`..%2F..%2Fetc%2Fpasswd/${version}`, { expires, signature }),
      `/api/v1/documents/${id}/${version}`,
    ];
    for (const link of bad) {
      const res = await get(link);
      expect(res.statusCode, link).toBe(404);
      expect(res.json(), link).toEqual(REFUSED);
    }
    // Expired: the same link, a second past its 7 days.
    expect((await get(url)).statusCode).toBe(200);
    h.clock.advance(7 * 86_400_000 + 1000);
    expect((await get(url)).json()).toEqual(REFUSED);
  });

  it('stops every link when the secret is rotated from Settings', async () => {
    h.core.invoices.send(invoiceId);
    const url = documentUrl('invoice.sent');
    expect((await get(url)).statusCode).toBe(200);
    const rotated = await h.admin('documents.rotateLinkSecret', {});
    expect(rotated.json()).toEqual({ ok: true });
    expect((await get(url)).json()).toEqual(REFUSED);
    h.core.invoices.markPaid(invoiceId);
    expect((await get(documentUrl('invoice.paid'))).statusCode).toBe(200);
  });
});
