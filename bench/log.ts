/**
 * The log with 1,000,000 deliveries: the first page, a page filtered by
 * webhook, status and time range (each under 50 ms), and the export (at least
 * 100,000 rows a second, memory growth under 100 MB). Baselines from the same
 * run: the same pages as one hand-written SQL query on the raw connection, and
 * the export as a bare better-sqlite3 iteration that stringifies every row.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createCore } from '../main/core/core.js';
import { exportLog, type ExportFormat } from '../main/core/dispatcher/log-export.js';
import { newId } from '../main/core/ids.js';
import type { LogDatabase } from './lib/log-database.js';
import { goal, type Figure, type Section } from './lib/report.js';
import { medianMs, mib, sampleRss } from './lib/stats.js';
import { storeOf, type Sqlite } from '../main/core/store/database.js';
import { eventBody } from '../main/core/store/event-data.js';

const RUNS = 15;
/** Ids begin with their creation time, so a time range is an id range. */
const idPrefixAt = (ms: number): string => newId('delivery', ms).slice(0, 'dlv_'.length + 10);
const PAGE = 50;

export async function benchLog(log: LogDatabase): Promise<Section> {
  const core = createCore({ dataDir: log.dataDir });
  try {
    const raw = storeOf(core.store).sqlite;
    const webhookId = log.webhookIds[1];
    // A week in the middle of the log, one webhook, one status: a realistic search.
    const from = new Date(log.from + (log.to - log.from) * 0.4).toISOString();
    const to = new Date(log.from + (log.to - log.from) * 0.4 + 7 * 24 * 3600_000).toISOString();
    const filters = { webhookId, status: 'failed' as const, from, to };

    const firstPage = await medianMs(RUNS, () => core.deliveryLog.list({ limit: PAGE }));
    const firstPageRaw = await medianMs(RUNS, () =>
      raw.prepare('SELECT * FROM deliveries ORDER BY id DESC LIMIT ?').all(PAGE + 1),
    );
    const filtered = core.deliveryLog.list({ ...filters, limit: PAGE });
    const filteredPage = await medianMs(RUNS, () => core.deliveryLog.list({ ...filters, limit: PAGE }));
    const filteredPageRaw = await medianMs(RUNS, () =>
      raw
        .prepare(
          `SELECT * FROM deliveries WHERE webhook_id = ? AND status = ? AND id >= ? AND id < ?
           ORDER BY id DESC LIMIT ?`,
        )
        .all(webhookId, 'failed', idPrefixAt(Date.parse(from)), idPrefixAt(Date.parse(to) + 1), PAGE + 1),
    );
    // A later page of the same filter, by cursor (the window scrolling down).
    const nextPage = filtered.nextCursor
      ? await medianMs(RUNS, () =>
          core.deliveryLog.list({ ...filters, cursor: filtered.nextCursor, limit: PAGE }),
        )
      : NaN;

    const exportRun = await measureExport(() => exportLog(core.deliveryLog, 'ndjson'));
    const csvRun = await measureExport(() =>
      exportLog(core.deliveryLog, 'csv' as ExportFormat, { webhookId }),
    );
    const bareExport = measureBareExport(storeOf(core.store).sqlite, 250_000);

    const figures: Figure[] = [
      {
        name: 'first page (50 rows)',
        value: firstPage,
        unit: 'ms',
        baseline: firstPageRaw,
        baselineName: 'raw SQL',
      },
      {
        name: 'filtered page (webhook, status, a week)',
        value: filteredPage,
        unit: 'ms',
        baseline: filteredPageRaw,
        baselineName: 'raw SQL',
      },
      { name: 'next filtered page by cursor', value: nextPage, unit: 'ms' },
      {
        name: 'export NDJSON, the whole log',
        value: exportRun.rate,
        unit: 'rows/s',
        baseline: bareExport.rate,
        baselineName: 'bare statement + JSON',
      },
      {
        name: 'export CSV, one webhook',
        value: csvRun.rate,
        unit: 'rows/s',
        baseline: bareExport.rate,
        baselineName: 'bare statement + JSON',
      },
      { name: 'export NDJSON, memory growth (peak RSS)', value: mib(exportRun.growth), unit: 'MiB' },
      { name: 'export CSV, memory growth (peak RSS)', value: mib(csvRun.growth), unit: 'MiB' },
    ];
    const worstRate = Math.min(exportRun.rate, csvRun.rate);
    const worstGrowth = Math.max(exportRun.growth, csvRun.growth);
    return {
      title: `The log with ${log.deliveries.toLocaleString('en-US')} deliveries${log.seededNow ? ` (seeded in ${log.seedSeconds.toFixed(0)} s)` : ''}`,
      figures,
      goals: [
        goal('first page < 50 ms', firstPage < 50, `${firstPage.toFixed(1)} ms (median of ${RUNS})`),
        goal(
          'filtered page < 50 ms',
          filteredPage < 50 && !(nextPage >= 50),
          `${filteredPage.toFixed(1)} ms, next page ${nextPage.toFixed(1)} ms (median of ${RUNS}; ${filtered.items.length} rows)`,
        ),
        goal(
          'export ≥ 100,000 rows/s',
          worstRate >= 100_000,
          `NDJSON ${Math.round(exportRun.rate).toLocaleString('en-US')} rows/s over ${exportRun.rows.toLocaleString('en-US')} rows, CSV ${Math.round(csvRun.rate).toLocaleString('en-US')} rows/s over ${csvRun.rows.toLocaleString('en-US')}; bare ${Math.round(bareExport.rate).toLocaleString('en-US')} rows/s`,
        ),
        goal(
          'export memory growth < 100 MB',
          worstGrowth < 100e6,
          `${(worstGrowth / 1e6).toFixed(0)} MB peak RSS over the start`,
        ),
      ],
    };
  } finally {
    await core.close();
  }
}

interface ExportRun {
  rows: number;
  rate: number;
  growth: number;
}

async function measureExport(open: () => ReturnType<typeof exportLog>): Promise<ExportRun> {
  if (global.gc) global.gc();
  const before = process.memoryUsage.rss();
  const rss = sampleRss(20);
  const started = performance.now();
  const stream = open();
  let bytes = 0;
  await pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    }),
  );
  if (bytes === 0) throw new Error('the export wrote nothing');
  const seconds = (performance.now() - started) / 1000;
  const peak = rss.stop();
  return { rows: stream.rows, rate: stream.rows / seconds, growth: Math.max(0, peak - before) };
}

/**
 * The machine's own limit: the same rows and payloads read with one bare
 * better-sqlite3 statement and written as NDJSON lines, nothing else.
 */
export function measureBareExport(sqlite: Sqlite, limit: number): { rows: number; rate: number } {
  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  // The event's body is rebuilt from the outbox row as the app must (store/event-data.ts: the data
  // only, maybe deflated): the same bytes out, the least work that makes them.
  const statement = sqlite.prepare(
    `SELECT d.*, o.id AS o_id, o.type AS o_type, o.created_at AS o_at, o.payload AS o_payload, o.packed AS o_packed,
       o.payload_form AS o_form FROM deliveries d LEFT JOIN outbox o ON o.id = d.event_id ORDER BY d.id DESC LIMIT ?`,
  );
  // The app reads each page's events once; here a body is reused while the rows name the same event.
  let lastId: unknown;
  let lastBody = 'null';
  for (const row of statement.iterate(limit) as Iterable<Record<string, unknown>>) {
    const { o_id, o_type, o_at, o_payload, o_packed, o_form, ...delivery } = row;
    if (o_id !== lastId) {
      lastId = o_id;
      lastBody =
        o_id === null
          ? 'null'
          : eventBody({
              id: o_id as string,
              type: o_type as string,
              createdAt: o_at as number,
              payload: o_payload as string,
              packed: o_packed as Buffer | null,
              form: o_form as number,
            });
    }
    bytes += `${JSON.stringify(delivery).slice(0, -1)},"payload":${lastBody}}\n`.length;
    rows++;
  }
  if (bytes === 0) throw new Error('the bare export read nothing');
  return { rows, rate: rows / ((performance.now() - started) / 1000) };
}
