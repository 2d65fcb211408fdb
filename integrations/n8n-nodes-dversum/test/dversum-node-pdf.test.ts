/**
 * The dVersum node's "Download PDF" against a real dVersum on a socket: an
 * invoice's or quote's PDF (GET /api/v1/<objects>/{id}/pdf) becomes n8n binary
 * data under the file name dVersum gives it, and dVersum's 404 and 403 reach
 * the owner with its own words.
 */
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import type { Permission } from '../../../contract/index.js';
import { useLiveDversum } from '../../../test/support/live-dversum.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import { RESOURCES } from '../generated/api';
import { Dversum } from '../nodes/Dversum/Dversum.node';
import { DVERSUM_PROPERTIES } from '../nodes/Dversum/properties';
import { n8nContext } from './support/context';

const live = useLiveDversum();

async function run(parameters: IDataObject, permissions: Permission[] = ['invoices:read', 'quotes:read']) {
  const ctx = n8nContext({ credentials: live.connection(permissions), parameters });
  const [out] = await new Dversum().execute.call(ctx.execute);
  return out;
}

const bytesOf = (binary: IBinaryData | undefined): Buffer => Buffer.from(binary?.data ?? '', 'base64');

describe('dVersum node: Download PDF', () => {
  it('is offered for invoices and quotes only, with the read permission, derived from the contract', () => {
    const offering = RESOURCES.filter((r) => r.operations.includes('downloadPdf')).map((r) => [
      r.value,
      r.paths.downloadPdf,
      r.permissions.downloadPdf,
    ]);
    expect(offering).toEqual([
      ['quote', '/api/v1/quotes/{id}/pdf', 'quotes:read'],
      ['invoice', '/api/v1/invoices/{id}/pdf', 'invoices:read'],
    ]);
    const operation = DVERSUM_PROPERTIES.find(
      (p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('invoice'),
    );
    expect(operation?.options).toContainEqual({
      name: 'Download PDF',
      value: 'downloadPdf',
      action: 'Download an invoice as a PDF file',
      description: 'Download an invoice as a PDF file (needs invoices:read)',
    });
  });

  it("a sent invoice's PDF is the item's binary `data`, named by its number, the bytes dVersum serves", async () => {
    const invoice = live.sentInvoice();
    const [item] = await run({ resource: 'invoice', operation: 'downloadPdf', id: invoice.id });
    const fileName = `${invoice.number}.pdf`;
    expect(item.json).toEqual({
      id: invoice.id,
      fileName,
      mimeType: 'application/pdf',
      fileSize: expect.any(Number),
    });
    expect(item.binary?.data).toMatchObject({ fileName, mimeType: 'application/pdf', fileExtension: 'pdf' });
    const bytes = bytesOf(item.binary?.data);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBe(item.json.fileSize);
    expect(bytes.equals(live.h.core.documents.file(invoice.id).bytes)).toBe(true);
    const text = pdfText(bytes);
    expect(text).toContain(invoice.number!);
    expect(text).toContain('Acme GmbH');
  });

  it("a quote's PDF in the field the owner names", async () => {
    const quote = live.draftQuote();
    const [item] = await run({
      resource: 'quote',
      operation: 'downloadPdf',
      id: quote.id,
      binaryPropertyName: 'offer',
    });
    expect(Object.keys(item.binary ?? {})).toEqual(['offer']);
    expect(item.binary?.offer.fileName).toBe(live.h.core.documents.file(quote.id).fileName);
    expect(bytesOf(item.binary?.offer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it("an unknown id: dVersum's 404 with its message", async () => {
    await expect(run({ resource: 'invoice', operation: 'downloadPdf', id: 'inv_unknown' })).rejects.toThrow(
      'dVersum answered 404: No invoice with id inv_unknown',
    );
  });

  it("a key without invoices:read: dVersum's 403 naming the permission", async () => {
    const invoice = live.sentInvoice();
    await expect(
      run({ resource: 'invoice', operation: 'downloadPdf', id: invoice.id }, ['quotes:read']),
    ).rejects.toThrow('dVersum answered 403: This key may not Read invoices (invoices:read)');
  });
});
