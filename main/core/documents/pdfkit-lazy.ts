/**
 * pdfkit, loaded at the first document rather than at start. With its fonts,
 * fontkit and brotli it is a quarter of the headless bundle and about 20 MB
 * resident once loaded, and a server that is only receiving calls and sending
 * webhooks never draws a PDF. Loaded with a plain `require`, synchronously, so
 * the documents stay synchronous (a snapshot is taken inside the transaction
 * that sends). Outside the esbuild bundle it is found in node_modules, like
 * better-sqlite3 (scripts/build-headless.mjs keeps it out).
 */
import { createRequire } from 'node:module';
import type PDFKitDocument from 'pdfkit';

type PdfDocumentClass = typeof PDFKitDocument;

let loaded: PdfDocumentClass | undefined;

/** pdfkit's `PDFDocument` class, required once. */
export function pdfDocumentClass(): PdfDocumentClass {
  loaded ??= createRequire(import.meta.url)('pdfkit') as PdfDocumentClass;
  return loaded;
}
