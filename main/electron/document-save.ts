/**
 * documents.download on the desktop: the system's save dialog (Downloads,
 * the document's own file name: INV-2026-0001.pdf) and the bytes written
 * under a temporary name, renamed at the end, so a failed write leaves no
 * half file. A cancelled dialog answers `{}`.
 */
import type { SaveDialogOptions } from 'electron';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DocumentSaveDeps {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  /** The dialog's starting folder (Downloads). */
  defaultFolder(): string;
}

export async function saveDocumentToFile(
  deps: DocumentSaveDeps,
  file: { bytes: Buffer; fileName: string },
): Promise<{ path?: string }> {
  const choice = await deps.showSaveDialog({
    title: 'Save the document',
    defaultPath: join(deps.defaultFolder(), file.fileName),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return {};
  const path = choice.filePath;
  const partial = `${path}.part`;
  try {
    await writeFile(partial, file.bytes);
    await rename(partial, path);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return { path };
}
