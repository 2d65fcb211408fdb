/**
 * A database file someone else may have made (a restore candidate from a
 * synced folder) is compared with the schema this version's migrations make,
 * before anything writes to it: every table with its columns (name, type,
 * NOT NULL, default, primary key, generated) and its whole definition
 * (constraints, foreign keys), every index, and nothing more: no trigger, no
 * view, no table, index or column of its own. A file that applied only the
 * first migrations is compared with what those make (opening it migrates the rest).
 *
 * The expected schema comes from running the migrations on a database in
 * memory, cached per migrations folder and count.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles, type MigrationConfig, type MigrationMeta } from 'drizzle-orm/migrator';
import type { Sqlite } from './database.js';

interface SchemaObject {
  type: string;
  name: string;
  tblName: string;
  /** The definition with its spacing evened out (drizzle's own table may be spaced differently by another version). */
  sql: string;
}

interface Column {
  name: string;
  type: string;
  notnull: number;
  dflt: string | null;
  pk: number;
  hidden: number;
}

export interface Schema {
  objects: SchemaObject[];
  /** Columns of each table, by table name (only for tables made with CREATE TABLE). */
  columns: Map<string, Column[]>;
}

/** What differs first: `object` names it as the owner reads it (`trigger "evil"`, `column webhooks.extra`). */
export interface SchemaDifference {
  kind: 'extra' | 'missing' | 'changed';
  object: string;
}

/** SQLite's own tables: made by SQLite itself (AUTOINCREMENT, ANALYZE), never by a file's author. */
const INTERNAL_TABLES = new Set([
  'sqlite_sequence',
  'sqlite_stat1',
  'sqlite_stat2',
  'sqlite_stat3',
  'sqlite_stat4',
]);

/** Whitespace runs made one space, and none around punctuation. */
const evenOut = (sql: string | null): string =>
  (sql ?? '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([(),;]) ?/g, '$1')
    .trim();

const quote = (name: string): string => JSON.stringify(name);

/** Reads a database's schema; runs only reads (PRAGMA table_xinfo on plain tables). */
export function readSchema(sqlite: Sqlite): Schema {
  const rows = sqlite
    .prepare('SELECT type, name, tbl_name AS tblName, sql FROM sqlite_master ORDER BY type, name')
    .all() as (Omit<SchemaObject, 'sql'> & { sql: string | null })[];
  const objects = rows
    .filter((row) => !(row.type === 'table' && INTERNAL_TABLES.has(row.name)))
    .map((row) => ({ ...row, sql: evenOut(row.sql) }));
  const columns = new Map<string, Column[]>();
  for (const table of objects) {
    // A virtual table's columns would ask its module: a table that is not plain is compared by its definition alone.
    if (table.type !== 'table' || !/^CREATE TABLE /i.test(table.sql)) continue;
    const list = sqlite.prepare('SELECT * FROM pragma_table_xinfo(?)').all(table.name) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
      hidden: number;
    }[];
    columns.set(
      table.name,
      list.map((c) => ({
        name: c.name,
        type: c.type,
        notnull: c.notnull,
        dflt: c.dflt_value,
        pk: c.pk,
        hidden: c.hidden,
      })),
    );
  }
  return { objects, columns };
}

const cache = new Map<string, Schema>();

/** The schema the first `count` migrations of `folder` make, on a database in memory (cached). */
export function expectedSchema(folder: string, count: number, nativeBinding?: string): Schema {
  const key = `${count}\u0000${folder}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const config: MigrationConfig = { migrationsFolder: folder };
  const migrations = readMigrationFiles(config).slice(0, count);
  // The same compiled module as the store's (Electron's ABI is not Node's).
  const sqlite = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
  try {
    const db = drizzle(sqlite);
    // drizzle's migrator with the first `count` migrations: the same statements and the same
    // bookkeeping table as `migrate` (which takes a folder and applies all of it).
    const { dialect, session } = db as unknown as {
      dialect: { migrate(m: MigrationMeta[], s: unknown, c: MigrationConfig): void };
      session: unknown;
    };
    dialect.migrate(migrations, session, config);
    const schema = readSchema(sqlite);
    cache.set(key, schema);
    return schema;
  } finally {
    sqlite.close();
  }
}

const sameColumn = (a: Column, b: Column): boolean =>
  a.type === b.type && a.notnull === b.notnull && a.dflt === b.dflt && a.pk === b.pk && a.hidden === b.hidden;

const label = (o: Pick<SchemaObject, 'type' | 'name'>): string => `${o.type} ${quote(o.name)}`;

/**
 * The first difference of `actual` from `expected`, or undefined when they are
 * the same. In this order: a trigger or view at all, a table of its own, a
 * table missing, then table by table its columns and definition, then indexes.
 */
export function firstDifference(expected: Schema, actual: Schema): SchemaDifference | undefined {
  const byKey = (list: SchemaObject[]) => new Map(list.map((o) => [`${o.type} ${o.name}`, o]));
  const want = byKey(expected.objects);
  const have = byKey(actual.objects);
  const extraOf = (type: string) =>
    actual.objects.find((o) => o.type === type && !want.has(`${o.type} ${o.name}`));
  const missingOf = (type: string) =>
    expected.objects.find((o) => o.type === type && !have.has(`${o.type} ${o.name}`));

  for (const type of ['trigger', 'view']) {
    const extra = extraOf(type);
    if (extra) return { kind: 'extra', object: label(extra) };
  }
  const unknownType = actual.objects.find((o) => !['table', 'index', 'trigger', 'view'].includes(o.type));
  if (unknownType) return { kind: 'extra', object: label(unknownType) };
  const extraTable = extraOf('table');
  if (extraTable) return { kind: 'extra', object: label(extraTable) };
  const missingTable = missingOf('table');
  if (missingTable) return { kind: 'missing', object: label(missingTable) };

  for (const table of expected.objects.filter((o) => o.type === 'table')) {
    const found = have.get(`table ${table.name}`)!;
    const wanted = expected.columns.get(table.name) ?? [];
    const columns = actual.columns.get(table.name);
    if (columns) {
      const names = new Set(wanted.map((c) => c.name));
      const extra = columns.find((c) => !names.has(c.name));
      if (extra) return { kind: 'extra', object: `column ${table.name}.${extra.name}` };
      for (const column of wanted) {
        const other = columns.find((c) => c.name === column.name);
        if (!other) return { kind: 'missing', object: `column ${table.name}.${column.name}` };
        if (!sameColumn(column, other))
          return { kind: 'changed', object: `column ${table.name}.${column.name}` };
      }
    }
    // Same columns, yet another definition: constraints, foreign keys, collations, or not a plain table.
    if (found.sql !== table.sql) return { kind: 'changed', object: label(table) };
  }

  const extraIndex = extraOf('index');
  if (extraIndex) return { kind: 'extra', object: label(extraIndex) };
  const missingIndex = missingOf('index');
  if (missingIndex) return { kind: 'missing', object: label(missingIndex) };
  for (const index of expected.objects.filter((o) => o.type === 'index')) {
    const found = have.get(`index ${index.name}`)!;
    if (found.sql !== index.sql || found.tblName !== index.tblName)
      return { kind: 'changed', object: label(index) };
  }
  return undefined;
}
