import type { SaveDialogOptions } from 'electron';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock.js';
import { createCore, type Core } from '../../main/core/core.js';
import { exportLog } from '../../main/core/dispatcher/log-export.js';
import {
  defaultExportName,
  exportLogToFile,
  RecordCounter,
  type LogExportDeps,
} from '../../main/electron/log-export.js';

const dir = mkdtempSync(join(tmpdir(), 'dversum-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function count(format: 'csv' | 'ndjson', chunks: string[]): Promise<number> {
  const counter = new RecordCounter(format);
  counter.resume();
  await new Promise<void>((resolve, reject) => {
    Readable.from(chunks).pipe(counter).on('finish', resolve).on('error', reject);
  });
  return counter.rows;
}

describe('counting exported records', () => {
  it('CSV: records less the header; a line break inside quotes is not a record; chunks may split anywhere', async () => {
    const csv = 'id,body\r\ndlv_1,"line one\r\nline two, ""quoted"""\r\ndlv_2,ok\r\n';
    expect(await count('csv', [csv])).toBe(2);
    expect(await count('csv', csv.split(''))).toBe(2);
    expect(await count('csv', ['id,body\r\n'])).toBe(0);
    expect(await count('csv', ['id,body\r\ndlv_1,x'])).toBe(1);
  });

  it('NDJSON: one record a line', async () => {
    expect(await count('ndjson', ['{"a":"x\\ny"}\n{"b":"\\"q"}\n'])).toBe(2);
    expect(await count('ndjson', [])).toBe(0);
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
    core = createCore({ clock });
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
    core = createCore({ clock });
    const before = readdirSync(dir);
    expect(await exportLogToFile(deps(core, { canceled: true }), { format: 'ndjson' })).toEqual({});
    expect(readdirSync(dir)).toEqual(before);
  });

  it('a stream that fails leaves neither the file nor a part of it', async () => {
    core = createCore({ clock });
    const path = join(dir, 'broken.csv');
    const failing: LogExportDeps = {
      ...deps(core, { canceled: false, filePath: path }),
      exportStream: () =>
        Readable.from(
          (async function* () {
            yield 'id,status\r\n';
            throw new Error('database closed');
          })(),
        ),
    };
    await expect(exportLogToFile(failing, { format: 'csv' })).rejects.toThrow('database closed');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.part`)).toBe(false);
  });

  it('names the file after the day', () => {
    expect(defaultExportName('ndjson', Date.UTC(2026, 0, 2))).toBe('dversum-deliveries-2026-01-02.ndjson');
  });
});
