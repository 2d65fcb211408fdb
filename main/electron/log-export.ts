/**
 * log.export on the desktop: the system's save dialog picks the file, the
 * delivery log's stream (core.deliveryLog.export) is piped into it, and the
 * answer is `{path, rows}`. The file is written under a temporary name and
 * renamed at the end, so a failed export leaves no half file behind. A
 * cancelled dialog answers `{}`.
 */
import type { SaveDialogOptions } from 'electron';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { OpOutput, OpParsedInput } from '../../contract/index.js';
import { exportFileName, type ExportFormat, type ExportStream } from '../core/dispatcher/log-export.js';

type ExportInput = OpParsedInput<'log.export'>;

export interface LogExportDeps {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  /** core.deliveryLog.export: the file's text, streamed in small batches, counting its rows. */
  exportStream(format: ExportFormat, filters: ExportInput['filters']): ExportStream;
  /** The dialog's starting folder (Downloads). */
  defaultFolder(): string;
  now(): number;
}

export async function exportLogToFile(
  deps: LogExportDeps,
  input: ExportInput,
): Promise<OpOutput<'log.export'>> {
  const label = input.format === 'csv' ? 'CSV' : 'NDJSON';
  const choice = await deps.showSaveDialog({
    title: 'Export the delivery log',
    defaultPath: join(deps.defaultFolder(), exportFileName(input.format, deps.now())),
    filters: [{ name: label, extensions: [input.format] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return {};

  const path = choice.filePath;
  const partial = `${path}.part`;
  const source = deps.exportStream(input.format, input.filters);
  try {
    await pipeline(source, createWriteStream(partial));
    await rename(partial, path);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return { path, rows: source.rows };
}
