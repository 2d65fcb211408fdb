import type { SaveDialogOptions } from 'electron';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveDocumentToFile } from '../../main/electron/document-save.js';
import { createHandlers } from '../../main/core/handlers/index.js';
import { invokeOperation } from '../../main/core/handlers/invoke.js';
import { openCore } from '../support/core.js';
import { desktopHost } from '../support/host.js';

const dir = mkdtempSync(join(tmpdir(), 'dversum-document-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('documents.download on the desktop: the save dialog, then the file', () => {
  it("offers the document's own name in Downloads and writes the PDF where the owner chose", async () => {
    const { core, close } = openCore();
    const asked: SaveDialogOptions[] = [];
    const target = join(dir, 'chosen.pdf');
    const handlers = createHandlers(core, {
      ...desktopHost(() => core),
      mode: 'desktop',
      saveDocument: (file) =>
        saveDocumentToFile(
          {
            showSaveDialog: async (options) => {
              asked.push(options);
              return { canceled: false, filePath: target };
            },
            defaultFolder: () => '/home/owner/Downloads',
          },
          file,
        ),
    });
    try {
      const client = core.clients.create({ name: 'Ada Lovelace' });
      const invoice = core.invoices.create({
        clientId: client.id,
        items: [{ description: 'Design', quantity: 1, unitPrice: 1000, taxRate: 19 }],
      });
      core.invoices.send(invoice.id);
      const answer = await invokeOperation(handlers, 'documents.download', { id: invoice.id });
      expect(answer).toEqual({ path: target });
      expect(asked[0]?.defaultPath).toBe('/home/owner/Downloads/INV-2026-0001.pdf');
      expect(readFileSync(target).equals(core.documents.file(invoice.id).bytes)).toBe(true);
      expect(readdirSync(dir)).toEqual(['chosen.pdf']); // no .part left behind
    } finally {
      await close();
    }
  });

  it('answers nothing and writes nothing when the dialog is cancelled', async () => {
    const answer = await saveDocumentToFile(
      { showSaveDialog: async () => ({ canceled: true }), defaultFolder: () => dir },
      { bytes: Buffer.from('%PDF-'), fileName: 'x.pdf' },
    );
    expect(answer).toEqual({});
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });
});
