/**
 * The migrations folder as it was at an earlier migration: a database made with it is one an
 * older version wrote, and opening it with `openStore` (every migration) moves its rows.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MIGRATIONS_FOLDER } from '../../main/core/store/database.js';

/** A copy, under `root`, of the migrations up to and including number `last`. */
export function migrationsThrough(root: string, last: number): string {
  const folder = join(root, `migrations-${String(last).padStart(4, '0')}`);
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(
    readFileSync(join(DEFAULT_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
  ) as {
    entries: { idx: number; tag: string }[];
  };
  journal.entries = journal.entries.filter((entry) => entry.idx <= last);
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
  for (const entry of journal.entries) {
    cpSync(join(DEFAULT_MIGRATIONS_FOLDER, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
  }
  return folder;
}
