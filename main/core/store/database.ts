/**
 * Opens the one better-sqlite3 connection: WAL, foreign keys, STRICT tables,
 * migrations applied at start. A database written by a newer version of the app
 * (a migration this build does not know) is refused before anything touches it.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;

export interface Store {
  db: Db;
  sqlite: Sqlite;
  /** The database file (':memory:' for none) and how it was opened: backups open copies the same way. */
  file: string;
  options: OpenOptions;
  close(): void;
}

declare const opaque: unique symbol;

/**
 * The store as `Core` shows it to the hosts: something the core closes, with
 * no SQLite type in sight. Only `store/` and what inspects tables on purpose
 * (tests, the bench) reach the handles, through `storeOf`.
 */
export interface StoreHandle {
  readonly [opaque]: true;
}

export const asHandle = (store: Store): StoreHandle => store as unknown as StoreHandle;
export const storeOf = (handle: StoreHandle): Store => handle as unknown as Store;

export const DEFAULT_MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export class NewerDatabaseError extends Error {
  constructor(file: string, unknown: number) {
    super(
      `The database ${file} was written by a newer version of dVersum ` +
        `(${unknown} migration${unknown === 1 ? '' : 's'} this version does not know). ` +
        `It was not changed. Update dVersum, or point DVERSUM_DATA_DIR at another folder.`,
    );
    this.name = 'NewerDatabaseError';
  }
}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

function readJournal(folder: string): Journal {
  return JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as Journal;
}

/**
 * The migrations a database has applied, split into those this build knows and the others;
 * undefined without the table. `prefix`: how many of this build's migrations (in order) they
 * are, or undefined when they are not the first n of them (drizzle applies them in order).
 */
export function appliedMigrations(
  sqlite: Sqlite,
  folder: string,
): { known: number; unknown: number; prefix: number | undefined } | undefined {
  const table = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!table) return undefined;
  const journal = readJournal(folder).entries.map((e) => e.when);
  const known = new Set(journal);
  const applied = (
    sqlite.prepare('SELECT created_at AS createdAt FROM __drizzle_migrations').all() as {
      createdAt: number;
    }[]
  ).map((row) => Number(row.createdAt));
  const unknown = applied.filter((when) => !known.has(when)).length;
  const sorted = [...applied].sort((a, b) => a - b);
  const isPrefix = sorted.every((when, i) => when === journal[i]);
  return { known: applied.length - unknown, unknown, prefix: isPrefix ? applied.length : undefined };
}

/** Throws NewerDatabaseError when the database has applied migrations this build lacks. */
function refuseNewerDatabase(sqlite: Sqlite, folder: string, file: string): void {
  const unknown = appliedMigrations(sqlite, folder)?.unknown ?? 0;
  if (unknown > 0) throw new NewerDatabaseError(file, unknown);
}

export interface OpenOptions {
  /** Folder holding drizzle-kit's migrations; the bundled build passes its copy. */
  migrationsFolder?: string;
  /** better-sqlite3's compiled module to load instead of its own (Electron's ABI differs from Node's). */
  nativeBinding?: string;
}

export function openStore(file: string, options: OpenOptions = {}): Store {
  const folder = options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER;
  const sqlite = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    refuseNewerDatabase(sqlite, folder, file);
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder: folder });
    return {
      db,
      sqlite,
      file,
      options,
      close: () => {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
