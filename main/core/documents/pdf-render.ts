/**
 * A document model (`document-model.ts`) as an A4 PDF, with pdfkit and its
 * standard Helvetica (no font file of ours, no browser). Synchronous: pdfkit
 * writes into its stream as it draws, and the bytes are read back after
 * `end()`, so a snapshot is taken inside the transaction that sends.
 *
 * Deterministic: the creation and modification dates are the document's own
 * (`model.date`), and pdfkit derives the file ID from them, so the same data
 * gives the same bytes. Text is any length: long words break, long lists go
 * on over pages with the table's header repeated.
 */
import type { DocumentModel } from './document-model.js';
import { printable } from './printable.js';
import { pdfDocumentClass } from './pdfkit-lazy.js';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const RIGHT = A4.width - MARGIN;
const CONTENT = RIGHT - MARGIN;
/** Where the body ends: below it, the footer. Text pdfkit flows on its own breaks the page here too. */
const BOTTOM = A4.height - MARGIN - 40;
const LOGO_BOX: [number, number] = [160, 64];

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';

/** Table columns: x and width; the description takes what the figures leave. */
const COLUMNS = {
  position: { x: MARGIN, width: 28, align: 'left' },
  description: { x: MARGIN + 30, width: 185, align: 'left' },
  quantity: { x: MARGIN + 219, width: 50, align: 'right' },
  unitPrice: { x: MARGIN + 273, width: 82, align: 'right' },
  taxRate: { x: MARGIN + 359, width: 46, align: 'right' },
  amount: { x: MARGIN + 409, width: CONTENT - 409, align: 'right' },
} as const;
type Column = keyof typeof COLUMNS;

type Doc = PDFKit.PDFDocument;

function text(
  doc: Doc,
  value: string,
  x: number,
  y: number,
  width: number,
  align: 'left' | 'right' = 'left',
) {
  doc.text(printable(value), x, y, { width, align });
}

function header(doc: Doc, model: DocumentModel): number {
  let top = MARGIN;
  if (model.logo) {
    doc.image(model.logo.bytes, RIGHT - LOGO_BOX[0], top, { fit: LOGO_BOX, align: 'right' });
  }
  doc.font(BOLD).fontSize(14);
  if (model.sender.name) {
    text(doc, model.sender.name, MARGIN, top, CONTENT - LOGO_BOX[0] - 10);
    top = doc.y;
  }
  doc.font(REGULAR).fontSize(9).fillColor('#444444');
  for (const line of model.sender.lines.slice(0, 12)) {
    text(doc, line, MARGIN, top, CONTENT - LOGO_BOX[0] - 10);
    top = doc.y;
  }
  doc.fillColor('black');
  return Math.max(top, model.logo ? MARGIN + LOGO_BOX[1] : top) + 28;
}

function addressAndFacts(doc: Doc, model: DocumentModel, top: number): number {
  const leftWidth = 260;
  let left = top;
  if (model.sender.senderLine) {
    doc.font(REGULAR).fontSize(7).fillColor('#666666');
    text(doc, model.sender.senderLine, MARGIN, left, leftWidth);
    left = doc.y + 4;
  }
  doc.font(REGULAR).fontSize(10).fillColor('black');
  for (const line of model.recipient.slice(0, 20)) {
    text(doc, line, MARGIN, left, leftWidth);
    left = doc.y;
  }
  let right = top;
  const factX = MARGIN + leftWidth + 30;
  const factWidth = RIGHT - factX;
  for (const [label, value] of model.facts) {
    doc.font(REGULAR).fontSize(9);
    text(doc, label, factX, right, factWidth / 2);
    doc.font(BOLD);
    text(doc, value, factX + factWidth / 2, right, factWidth / 2, 'right');
    right = doc.y + 2;
  }
  return Math.max(left, right) + 30;
}

function tableHeader(doc: Doc, model: DocumentModel, top: number): number {
  const { words } = model;
  const labels: Record<Column, string> = {
    position: words.position,
    description: words.description,
    quantity: words.quantity,
    unitPrice: words.unitPrice,
    taxRate: words.taxRate,
    amount: words.amount,
  };
  doc.font(BOLD).fontSize(9);
  for (const [name, column] of Object.entries(COLUMNS) as [Column, (typeof COLUMNS)[Column]][]) {
    text(doc, labels[name], column.x, top, column.width, column.align);
  }
  const bottom = top + 14;
  doc.moveTo(MARGIN, bottom).lineTo(RIGHT, bottom).lineWidth(0.5).stroke();
  return bottom + 6;
}

/** A new page when `height` does not fit below `y`; returns where to go on. */
function room(doc: Doc, y: number, height: number): number {
  if (y + height <= BOTTOM) return y;
  doc.addPage();
  return MARGIN;
}

function items(doc: Doc, model: DocumentModel, top: number): number {
  let y = tableHeader(doc, model, top);
  doc.font(REGULAR).fontSize(9);
  for (const line of model.lines) {
    const description = printable(line.description);
    const height = Math.max(
      doc.heightOfString(description, { width: COLUMNS.description.width }),
      doc.heightOfString(line.unitPrice, { width: COLUMNS.unitPrice.width }),
      doc.heightOfString(line.amount, { width: COLUMNS.amount.width }),
    );
    if (y + height > BOTTOM) {
      doc.addPage();
      y = tableHeader(doc, model, MARGIN);
      doc.font(REGULAR).fontSize(9);
    }
    // A description longer than a page is cut into the room a page has.
    const rowHeight = Math.min(height, BOTTOM - y);
    for (const [name, column] of Object.entries(COLUMNS) as [Column, (typeof COLUMNS)[Column]][]) {
      doc.text(name === 'description' ? description : printable(line[name]), column.x, y, {
        width: column.width,
        align: column.align,
        height: rowHeight,
        ellipsis: true,
      });
    }
    y += rowHeight + 6;
  }
  doc.moveTo(MARGIN, y).lineTo(RIGHT, y).lineWidth(0.5).stroke();
  return y + 8;
}

function totals(doc: Doc, model: DocumentModel, top: number): number {
  const labelX = MARGIN + 250;
  const labelWidth = 160;
  const valueX = labelX + labelWidth;
  const valueWidth = RIGHT - valueX;
  let y = room(doc, top, 16 * (model.totals.length + 1) + 10);
  doc.font(REGULAR).fontSize(9);
  for (const [label, value] of model.totals) {
    text(doc, label, labelX, y, labelWidth);
    text(doc, value, valueX, y, valueWidth, 'right');
    y = doc.y + 3;
  }
  doc.font(BOLD).fontSize(11);
  text(doc, model.grossLabel, labelX, y + 2, labelWidth);
  text(doc, model.gross, valueX, y + 2, valueWidth, 'right');
  return doc.y + 20;
}

function paragraphs(doc: Doc, lines: string[], top: number, heading?: string): number {
  let y = top;
  doc.font(REGULAR).fontSize(9);
  if (heading) {
    y = room(doc, y, 30);
    doc.font(BOLD);
    text(doc, heading, MARGIN, y, CONTENT);
    y = doc.y + 2;
    doc.font(REGULAR);
  }
  for (const line of lines) {
    const value = printable(line);
    y = room(doc, y, Math.min(doc.heightOfString(value, { width: CONTENT }), 40));
    doc.text(value, MARGIN, y, { width: CONTENT });
    y = doc.y + 4;
  }
  return y + 8;
}

/** The footer and the page number on every page, drawn last (pdfkit keeps the pages buffered). */
function footers(doc: Doc, model: DocumentModel): void {
  const range = doc.bufferedPageRange();
  const footer = printable(model.footer.join('  ·  '));
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin: without this pdfkit would start a page for it.
    doc.page.margins.bottom = 0;
    const y = A4.height - MARGIN - 24;
    doc.font(REGULAR).fontSize(7).fillColor('#666666');
    doc
      .moveTo(MARGIN, y - 6)
      .lineTo(RIGHT, y - 6)
      .lineWidth(0.3)
      .strokeColor('#999999')
      .stroke();
    doc.text(footer, MARGIN, y, { width: CONTENT - 70, height: 20, ellipsis: true });
    doc.text(model.words.page(i + 1, range.count), RIGHT - 70, y, { width: 70, align: 'right' });
    doc.fillColor('black').strokeColor('black');
  }
}

export function renderPdf(model: DocumentModel): Buffer {
  const doc = new (pdfDocumentClass())({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: A4.height - BOTTOM },
    bufferPages: true,
    info: {
      Title: printable(model.title),
      Author: printable(model.sender.name),
      Subject: printable(model.title),
      Creator: 'dVersum',
      CreationDate: model.date,
      ModDate: model.date,
    },
  });
  let y = header(doc, model);
  y = addressAndFacts(doc, model, y);
  doc.font(BOLD).fontSize(16);
  text(doc, model.title, MARGIN, y, CONTENT);
  y = items(doc, model, doc.y + 14);
  y = totals(doc, model, y);
  if (model.payment.length > 0) y = paragraphs(doc, model.payment, y);
  if (model.notes) paragraphs(doc, [model.notes], y, model.words.notes);
  footers(doc, model);
  doc.end();
  const chunks: Buffer[] = [];
  for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
