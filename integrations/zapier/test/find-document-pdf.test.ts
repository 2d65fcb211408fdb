/**
 * "Find Invoice PDF" and "Find Quote PDF" against a real dVersum: the search
 * returns the object with `pdf`, a dehydrated file; Zapier's later run of the
 * `documentPdf` hydrator stashes dVersum's PDF with z.stashFile (its RPC and
 * storage on loopback, test/zapier-files.ts), named as dVersum names it. An
 * unknown id and a key without the read permission get dVersum's own words.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import catalog from '../generated/catalog.json' with { type: 'json' };
import type { Permission } from '../../../contract/index.js';
import { useLiveDversum } from '../../../test/support/live-dversum.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import { App, appTester, failureOf, zapier } from './dversum.js';
import { startZapierFiles, type ZapierFiles } from './zapier-files.js';

const d = useLiveDversum();
let files: ZapierFiles;
beforeEach(async () => {
  files = await startZapierFiles();
  // How a developer's machine reaches Zapier's RPC (X-Deploy-Key); an event's token would also send logs to Zapier.
  vi.stubEnv('ZAPIER_DEPLOY_KEY', 'zapier-test-deploy-key');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await files.close();
});

const handler = zapier.createAppHandler(App);

/** A dehydrated value as Zapier reads it: `hydrate|||{type, method, bundle}|||hydrate`. */
function dehydrated(value: unknown): { type: string; method: string; bundle: Record<string, unknown> } {
  const match = /^hydrate\|\|\|(.*)\|\|\|hydrate$/.exec(String(value));
  expect(match, `not a dehydrated value: ${String(value)}`).not.toBeNull();
  return JSON.parse(match![1]) as { type: string; method: string; bundle: Record<string, unknown> };
}

/** What Zapier does when a later step uses the file: the hydrator, with the connection and the stash RPC. */
const hydrate = (method: string, authData: object, inputData: Record<string, unknown>) =>
  handler({
    command: 'execute',
    method,
    bundle: { authData, inputData },
    rpc_base: files.rpcUrl,
  }).then((answer) => answer.results);

/** Find Invoice PDF's perform, as the app tester runs it, with a key of these permissions. */
const findInvoicePdf = (id: string, permissions: Permission[] = ['invoices:read']) =>
  appTester(App.searches.find_invoice_pdf.operation.perform, {
    authData: d.connection(permissions),
    inputData: { id },
  });

describe('Find Invoice PDF and Find Quote PDF', () => {
  it('are searches derived from the documents of the contract, each with a file output', () => {
    expect(catalog.documents.map((doc) => [doc.key, doc.pdfPath, doc.permission])).toEqual([
      ['find_invoice_pdf', '/api/v1/invoices/{id}/pdf', 'invoices:read'],
      ['find_quote_pdf', '/api/v1/quotes/{id}/pdf', 'quotes:read'],
    ]);
    const search = App.searches.find_invoice_pdf as unknown as {
      display: { label: string };
      operation: { outputFields: { key: string; type: string }[] };
    };
    expect(search.display.label).toBe('Find Invoice PDF');
    expect(search.operation.outputFields).toEqual([{ key: 'pdf', label: 'PDF', type: 'file' }]);
    expect((App.searches.find_quote_pdf as unknown as { display: { label: string } }).display.label).toBe(
      'Find Quote PDF',
    );
  });

  it('finds the invoice and hands on its PDF: the stashed file is named by its number, the bytes dVersum serves', async () => {
    const invoice = d.sentInvoice();
    const authData = d.connection(['invoices:read']);
    const [found] = await appTester(App.searches.find_invoice_pdf.operation.perform, {
      authData,
      inputData: { id: ` ${invoice.id} ` },
    });
    expect(found).toMatchObject({ id: invoice.id, number: invoice.number, total: invoice.total });
    const file = dehydrated(found.pdf);
    expect(file).toEqual({
      type: 'file',
      method: 'hydrators.documentPdf',
      bundle: { path: `/api/v1/invoices/${invoice.id}/pdf` },
    });

    const url = await hydrate(file.method, authData, file.bundle);
    expect(files.uploads).toHaveLength(1);
    const [upload] = files.uploads;
    expect(url).toBe(files.urlOf(upload.key));
    expect(upload).toMatchObject({ fileName: `${invoice.number}.pdf`, contentType: 'application/pdf' });
    expect(upload.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(upload.bytes.equals(d.h.core.documents.file(invoice.id).bytes)).toBe(true);
    expect(pdfText(upload.bytes)).toContain(invoice.number!);
  });

  it('finds a quote and hands on its PDF', async () => {
    const quote = d.draftQuote();
    const authData = d.connection(['quotes:read']);
    const [found] = await appTester(App.searches.find_quote_pdf.operation.perform, {
      authData,
      inputData: { id: quote.id },
    });
    const file = dehydrated(found.pdf);
    await hydrate(file.method, authData, file.bundle);
    expect(files.uploads[0].fileName).toBe(d.h.core.documents.file(quote.id).fileName);
    expect(files.uploads[0].bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it("an unknown id: dVersum's 404 with its message, and nothing stashed", async () => {
    const failure = await failureOf(findInvoicePdf('inv_unknown'));
    expect(failure).toMatchObject({
      status: 404,
      message: 'dVersum answered 404: No invoice with id inv_unknown',
    });
    expect(files.uploads).toEqual([]);
  });

  it("a key without invoices:read: dVersum's 403 naming the permission", async () => {
    const invoice = d.sentInvoice();
    const failure = await failureOf(findInvoicePdf(invoice.id, ['quotes:read']));
    expect(failure).toMatchObject({
      code: 'Forbidden',
      status: 403,
      message: 'dVersum refused this: This key may not Read invoices (invoices:read)',
    });
  });

  it("a document gone before the file is fetched: the hydrator fails with dVersum's 404, nothing stashed", async () => {
    const failure = await failureOf(
      hydrate('hydrators.documentPdf', d.connection(['invoices:read']), {
        path: '/api/v1/invoices/inv_gone/pdf',
      }),
    );
    expect(failure).toMatchObject({
      status: 404,
      message: 'dVersum answered 404: No invoice with id inv_gone',
    });
    expect(files.uploads).toEqual([]);
  });

  it('the hydrator fetches nothing but a document PDF with the key', async () => {
    for (const path of [
      '/api/v1/clients',
      '/api/v1/invoices/inv_x/pdf/../../clients',
      '/api/v1/invoices//pdf',
    ]) {
      const failure = await failureOf(
        hydrate('hydrators.documentPdf', d.connection(['clients:read']), { path }),
      );
      expect(failure).toMatchObject({
        status: 400,
        message: `Not the path of an invoice's or quote's PDF: ${path}`,
      });
    }
    expect(files.uploads).toEqual([]);
  });

  it('an empty id is refused before anything is asked', async () => {
    const failure = await failureOf(findInvoicePdf('  '));
    expect(failure).toMatchObject({
      code: 'InvalidData',
      status: 400,
      message: "Invoice ID is required: give the invoice's ID, such as inv_…",
    });
  });
});
