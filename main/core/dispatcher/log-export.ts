/**
 * The log as CSV or NDJSON, streamed: rows are read in batches of a few
 * hundred and written as they come, so exporting a million deliveries never
 * holds the file in memory. The one home of the export: the stream (which
 * counts its rows), the content type and the file name; the desktop's save
 * dialog (`electron/log-export.ts`) and headless's one-time link
 * (`server/routes/admin.ts`) only deliver it.
 */
import { Readable } from 'node:stream';
import type { z } from 'zod';
import type { logFilters } from '../../../contract/index.js';
import type { DeliveryRow } from '../store/repositories/deliveries.js';
import { toDelivery } from './delivery-view.js';

/** What the export reads: the log's rows in batches, and their events' payloads. */
export interface ExportSource {
  batches(filters: z.output<typeof logFilters>): Iterable<DeliveryRow[]>;
  payloads(eventIds: string[]): Map<string, string>;
}

export type ExportFormat = 'csv' | 'ndjson';

export const CSV_COLUMNS = [
  'id',
  'createdAt',
  'webhookId',
  'eventId',
  'eventType',
  'status',
  'attempt',
  'responseCode',
  'durationMs',
  'nextAttemptAt',
  'lastError',
  'payload',
] as const;

/**
 * RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
 * A text field starting with = + - @ is prefixed with ' so a spreadsheet does
 * not run it as a formula (payloads come from outside).
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface ExportStream extends Readable {
  /** Rows written so far (the whole count once the stream has ended). */
  rows: number;
}

export function exportLog(
  log: ExportSource,
  format: ExportFormat,
  filters: z.output<typeof logFilters> = {},
): ExportStream {
  let rows = 0;
  async function* generate(): AsyncGenerator<string> {
    if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
    for (const batch of log.batches(filters)) {
      const payloads = log.payloads(batch.map((row) => row.eventId));
      let chunk = '';
      for (const row of batch) {
        const delivery = { ...toDelivery(row), lastError: row.lastError };
        const payload = payloads.get(row.eventId) ?? null;
        if (format === 'csv') {
          const record: Record<string, unknown> = { ...delivery, payload };
          chunk += `${CSV_COLUMNS.map((column) => csvField(record[column])).join(',')}\r\n`;
        } else {
          // The stored payload is already JSON: spliced in as it is, not parsed and stringified again.
          chunk += `${JSON.stringify(delivery).slice(0, -1)},"payload":${payload ?? 'null'}}\n`;
        }
        rows++;
      }
      yield chunk;
      // Let other work run between batches (the server, the dispatcher).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const stream = Readable.from(generate(), { objectMode: false }) as ExportStream;
  Object.defineProperty(stream, 'rows', { get: () => rows });
  return stream;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** `dversum-deliveries-2026-11-27.csv`: the day of the export (UTC), then the format. */
export function exportFileName(format: ExportFormat, now: number): string {
  return `dversum-deliveries-${new Date(now).toISOString().slice(0, 10)}.${format}`;
}
