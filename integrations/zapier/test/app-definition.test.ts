import { execFileSync } from 'node:child_process';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import catalog from '../generated/catalog.json' with { type: 'json' };
import { RESOURCE_LIST } from '../../../contract/index.js';
import { App, zapier } from './dversum.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

/** What `zapier validate` asks of the core: the app compiled, its functions named, checked against zapier-platform-schema. */
async function validationErrors(app: unknown): Promise<{ property: string; message: string }[]> {
  const { results } = await zapier.createAppHandler(app)({ command: 'validate' });
  return results as { property: string; message: string }[];
}

describe('the app definition', () => {
  it('validates against zapier-platform-schema as zapier validate checks it', async () => {
    expect(await validationErrors(App)).toEqual([]);
  });

  it('the same validation refuses a broken definition (so the test above can fail)', async () => {
    const broken = { ...App, creates: { ...App.creates, task: { ...App.creates.task, noun: '' } } };
    const errors = await validationErrors(broken);
    expect(errors.map((e) => e.property)).toContain('instance.creates.task.noun');
  });

  it('has a trigger per event type keyed with _ for ., a create per object of the table and find_client and the two PDF searches', () => {
    expect(Object.keys(App.triggers)).toEqual(catalog.events.map((e) => e.type.replaceAll('.', '_')));
    expect(Object.keys(App.triggers)).toContain('task_created');
    expect(Object.keys(App.triggers)).toContain('invoice_paid');
    expect(Object.keys(App.creates).sort()).toEqual(RESOURCE_LIST.map((r) => r.event).sort());
    expect(Object.keys(App.creates)).toEqual(expect.arrayContaining(['client', 'task', 'time_entry']));
    expect(Object.keys(App.searches)).toEqual(['find_client', 'find_invoice_pdf', 'find_quote_pdf']);
    expect(App.searchOrCreates).toEqual({
      find_client: expect.objectContaining({ search: 'find_client', create: 'client' }),
    });
  });

  it('each trigger’s sample is the catalog’s example for its type', () => {
    for (const event of catalog.events) {
      const operation = App.triggers[event.key].operation as unknown as { type: string; sample: unknown };
      expect(operation.type).toBe('hook');
      expect(operation.sample).toEqual(event.example);
    }
  });

  it('is self-contained: loaded on its own, it requires only its own files and its dependencies', () => {
    const script = "require('./index.js'); console.log(JSON.stringify(Object.keys(require.cache)))";
    const loaded = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { cwd: PACKAGE, encoding: 'utf8' }),
    ) as string[];
    const own = loaded.filter((path) => !path.split(sep).includes('node_modules'));
    expect(own.map((path) => relative(PACKAGE, path)).sort()).toEqual([
      'generated/catalog.json',
      'generated/money.js',
      'generated/signature.js',
      'generated/trigger-filter.js',
      'index.js',
      'lib/authentication.js',
      'lib/creates.js',
      'lib/documents.js',
      'lib/filter.js',
      'lib/http.js',
      'lib/input.js',
      'lib/searches.js',
      'lib/triggers.js',
      'package.json',
    ]);
  });
});
