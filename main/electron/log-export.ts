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
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { OpOutput, OpParsedInput } from '../../contract/index.js';

type ExportInput = OpParsedInput<'log.export'>;
type ExportFormat = ExportInput['format'];

export interface LogExportDeps {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  /** core.deliveryLog.export: the file's text, streamed in small batches. */
  exportStream(format: ExportFormat, filters: ExportInput['filters']): Readable;
  /** The dialog's starting folder (Downloads). */
  defaultFolder(): string;
  now(): number;
}

export function defaultExportName(format: ExportFormat, now: number): string {
  const day = new Date(now).toISOString().slice(0, 10);
  return `dversum-deliveries-${day}.${format === 'csv' ? 'csv' : 'ndjson'}`;
}

/**
 * Counts the records streaming through: lines of NDJSON, or CSV records less
 * the header (a newline inside a quoted field, as in a response body, does not
 * end a record).
 */
export class RecordCounter extends Transform {
  #records = 0;
  #inQuotes = false;
  #openRecord = false;

  constructor(private readonly format: ExportFormat) {
    super();
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22 /* " */ && this.format === 'csv') this.#inQuotes = !this.#inQuotes;
      if (c === 0x0a /* \n */ && !this.#inQuotes) {
        if (this.#openRecord) this.#records++;
        this.#openRecord = false;
      } else if (c !== 0x0d) {
        this.#openRecord = true;
      }
    }
    this.push(chunk);
    callback();
  }

  get rows(): number {
    const records = this.#records + (this.#openRecord ? 1 : 0);
    return this.format === 'csv' ? Math.max(0, records - 1) : records;
  }
}

export async function exportLogToFile(
  deps: LogExportDeps,
  input: ExportInput,
): Promise<OpOutput<'log.export'>> {
  const label = input.format === 'csv' ? 'CSV' : 'NDJSON';
  const choice = await deps.showSaveDialog({
    title: 'Export the delivery log',
    defaultPath: join(deps.defaultFolder(), defaultExportName(input.format, deps.now())),
    filters: [{ name: label, extensions: [input.format === 'csv' ? 'csv' : 'ndjson'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return {};

  const path = choice.filePath;
  const partial = `${path}.part`;
  const source = deps.exportStream(input.format, input.filters) as Readable & { rows?: unknown };
  const counter = new RecordCounter(input.format);
  try {
    await pipeline(source, counter, createWriteStream(partial));
    await rename(partial, path);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  // The core's export counts its own rows; any other stream is counted on the way through.
  return { path, rows: typeof source.rows === 'number' ? source.rows : counter.rows };
}
