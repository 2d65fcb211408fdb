import type { SaveDialogOptions } from 'electron';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../support/core.js';
import { ManualClock } from '../../main/core/clock.js';
import type { Core } from '../../main/core/core.js';
import { exportFileName, exportLog } from '../../main/core/dispatcher/log-export.js';
import { exportLogToFile, type LogExportDeps } from '../../main/electron/log-export.js';

const dir = mkdtempSync(join(tmpdir(), 'dversum-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('counting exported records', () => {
  // The core's stream counts the rows it writes; a line break or quote inside a field is no new record.
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  it('CSV and NDJSON: one record a delivery, whatever the payload holds', async () => {
    core = openCore({ clock: new ManualClock(Date.UTC(2026, 10, 27, 12, 0, 0)) }).core;
    core.dispatcher.setPaused(true);
    core.webhooks.create({ name: 'n8n', url: 'http://127.0.0.1:9/hook', events: ['task.created'] });
    core.tasks.create({ title: 'line one\r\nline two, "quoted"' });
    core.tasks.create({ title: '=1+1\n{"b":"\\"q"}' });
    await core.dispatcher.runDue(); // paused: fans the events out, sends nothing
    expect(core.deliveryLog.list({}).items).toHaveLength(2);

    const csv = core.deliveryLog.export('csv');
    const csvText = (await csv.toArray()).join('');
    expect(csv.rows).toBe(2);
    expect(csvText).toContain('line two, \\""quoted\\""');
    expect(csvText.trimEnd().split('\r\n')).toHaveLength(3);
    const ndjson = core.deliveryLog.export('ndjson');
    const lines = (await ndjson.toArray()).join('').trimEnd().split('\n');
    expect(ndjson.rows).toBe(2);
    expect(lines.map((line) => (JSON.parse(line) as { eventType: string }).eventType)).toEqual([
      'task.created',
      'task.created',
    ]);
  });
});

describe('log.export on the desktop: the save dialog, then the stream into the file', () => {
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  const clock = new ManualClock(Date.UTC(2026, 10, 27, 12, 0, 0));
  const deps = (
    c: Core,
    answer: { canceled: boolean; filePath?: string },
    asked: SaveDialogOptions[] = [],
  ): LogExportDeps => ({
    showSaveDialog: async (options) => {
      asked.push(options);
      return answer;
    },
    exportStream: (format, filters) => exportLog(c.deliveryLog, format, filters ?? {}),
    defaultFolder: () => '/home/owner/Downloads',
    now: () => clock.now(),
  });

  it('writes the whole log to the chosen file and answers {path, rows}', async () => {
    core = openCore({ clock }).core;
    core.dispatcher.setPaused(true);
    const hook = core.webhooks.create({ name: 'n8n', url: 'http://127.0.0.1:9/hook', events: ['*'] });
    for (let i = 0; i < 3; i++) core.dispatcher.sendTest(hook.id);
    const path = join(dir, 'deliveries.csv');
    const asked: SaveDialogOptions[] = [];
    expect(
      await exportLogToFile(deps(core, { canceled: false, filePath: path }, asked), { format: 'csv' }),
    ).toEqual({
      path,
      rows: 3,
    });
    expect(asked[0].defaultPath).toBe(join('/home/owner/Downloads', 'dversum-deliveries-2026-11-27.csv'));
    expect(asked[0].filters).toEqual([{ name: 'CSV', extensions: ['csv'] }]);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0].startsWith('id,')).toBe(true);
    expect(existsSync(`${path}.part`)).toBe(false);

    const ndjson = join(dir, 'deliveries.ndjson');
    const filtered = await exportLogToFile(deps(core, { canceled: false, filePath: ndjson }), {
      format: 'ndjson',
      filters: { webhookId: hook.id, status: 'pending' },
    });
    expect(filtered).toEqual({ path: ndjson, rows: 3 });
    const first = JSON.parse(readFileSync(ndjson, 'utf8').split('\n')[0]) as {
      webhookId: string;
      eventType: string;
    };
    expect(first).toMatchObject({ webhookId: hook.id, eventType: 'webhook.test' });
  });

  it('a cancelled dialog writes nothing and answers {}', async () => {
    core = openCore({ clock }).core;
    const before = readdirSync(dir);
    expect(await exportLogToFile(deps(core, { canceled: true }), { format: 'ndjson' })).toEqual({});
    expect(readdirSync(dir)).toEqual(before);
  });

  it('a stream that fails leaves neither the file nor a part of it', async () => {
    core = openCore({ clock }).core;
    const path = join(dir, 'broken.csv');
    const failing: LogExportDeps = {
      ...deps(core, { canceled: false, filePath: path }),
      exportStream: () =>
        Object.assign(
          Readable.from(
            (async function* () {
              yield 'id,status\r\n';
              throw new Error('database closed');
            })(),
          ),
          { rows: 0 },
        ),
    };
    await expect(exportLogToFile(failing, { format: 'csv' })).rejects.toThrow('database closed');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.part`)).toBe(false);
  });

  it('names the file after the day', () => {
    expect(exportFileName('ndjson', Date.UTC(2026, 0, 2))).toBe('dversum-deliveries-2026-01-02.ndjson');
  });
});
