/**
 * A PDF read back as a person would read it: its text through poppler's
 * `pdftotext` (CI installs poppler-utils), its pages through `pdfinfo` and its
 * images through `pdfimages -list`. Whitespace runs are one space, so a test
 * looks for words, not for the layout's columns (-layout keeps a label and its value on one line).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (tool: string, args: string[], pdf: Buffer): string =>
  execFileSync(`/usr/bin/${tool}`, args, { input: pdf, encoding: 'utf8', timeout: 30_000 });

/** The text, in reading order, with each run of whitespace (no-break spaces too) as one space. */
export const pdfText = (pdf: Buffer): string =>
  run('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], pdf)
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();

/** pdfinfo's report: Title, Author, CreationDate and ModDate (ISO), Pages, … */
export const pdfInfo = (pdf: Buffer): string => run('pdfinfo', ['-isodates', '-'], pdf);

export function pdfPages(pdf: Buffer): number {
  const match = /^Pages:\s+(\d+)/m.exec(pdfInfo(pdf));
  if (!match) throw new Error('pdfinfo named no page count');
  return Number(match[1]);
}

/** The images' `width height` as pdfimages lists them (it reads a file, not stdin). */
export function pdfImages(pdf: Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'dversum-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return execFileSync('/usr/bin/pdfimages', ['-list', file], { encoding: 'utf8', timeout: 30_000 })
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '')
      .map((line) => line.trim().split(/\s+/).slice(3, 5).join(' '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
