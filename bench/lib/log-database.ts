/**
 * Data folders whose log holds 100,000, 1,000,000 or 10,000,000 deliveries.
 * Seeding is slow (the better part of a minute for a million rows, minutes for
 * ten), so each seeded file is kept between runs under ~/.cache/dversum/bench
 * (or $DVERSUM_BENCH_CACHE), keyed by the migrations, the seeding code and the
 * size; each run works on its own copy.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MIGRATIONS_FOLDER, openStore, type Sqlite } from '../../main/core/store/database.js';
import { seedLog, type SeededLog } from './seed-log.js';

export const LOG_ROWS = 1_000_000;

export interface LogDatabase extends SeededLog {
  dataDir: string;
  /** True when this run seeded it (rather than copying the kept file). */
  seededNow: boolean;
  seedSeconds: number;
}

const CACHE_ROOT = process.env.DVERSUM_BENCH_CACHE ?? join(homedir(), '.cache', 'dversum', 'bench');
const DAY_MS = 24 * 3600_000;
/** Part of the cache key: change it when `seedWithoutIndexes` changes what it writes. */
const SEED_METHOD = 'indexes dropped (not the delivery id), 200,000 rows a batch, indexes built after';

/** The schema and the seeding code: a seed made by other migrations or other code is of no more use. */
function schemaKey(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(DEFAULT_MIGRATIONS_FOLDER).sort()) {
    if (name.endsWith('.sql')) hash.update(readFileSync(join(DEFAULT_MIGRATIONS_FOLDER, name)));
  }
  hash.update(readFileSync(fileURLToPath(new URL('./seed-log.ts', import.meta.url))));
  hash.update(SEED_METHOD);
  return hash.digest('hex').slice(0, 16);
}

const prepared = new Map<string, Promise<LogDatabase>>();

/**
 * The 1,000,000-row log dated up to now, for the benches that run the core on the
 * system clock (the log's pages, the headless start): a copy shared by every bench
 * of one run. Rows are dated over the last 28 days, so a seed more than a day old
 * would start to fall out of the 30-day retention: it is made again.
 */
export function prepareLogDatabase(): Promise<LogDatabase> {
  return copyOf(LOG_ROWS, { maxAgeMs: DAY_MS });
}

/**
 * A copy of the log with `rows` deliveries, of any age: for the benches that run
 * the core on a clock set from the seed's own dates (`SeededLog.to`).
 */
export function prepareScaleDatabase(rows: number): Promise<LogDatabase> {
  return copyOf(rows, {});
}

function copyOf(rows: number, options: { maxAgeMs?: number }): Promise<LogDatabase> {
  const id = `${rows}:${options.maxAgeMs ?? 'any'}`;
  let promise = prepared.get(id);
  if (!promise) {
    promise = Promise.resolve().then(() => prepare(rows, options.maxAgeMs));
    prepared.set(id, promise);
  }
  return promise;
}

/** The kept seed of `rows` deliveries (seeded now if missing or too old): its file and what it holds. */
export function seededLogFile(
  rows: number,
  maxAgeMs?: number,
): { file: string; seeded: SeededLog; seededNow: boolean; seedSeconds: number } {
  mkdirSync(CACHE_ROOT, { recursive: true });
  const key = schemaKey();
  // Seeds of another schema or seeding code go (at 10 million rows they are gigabytes).
  for (const name of readdirSync(CACHE_ROOT)) {
    if (name.startsWith('log-') && !name.startsWith(`log-${key}-`))
      rmSync(join(CACHE_ROOT, name), { force: true, recursive: true });
  }
  const file = join(CACHE_ROOT, `log-${key}-${rows}.db`);
  const infoFile = join(CACHE_ROOT, `log-${key}-${rows}.json`);
  const kept =
    existsSync(file) &&
    existsSync(infoFile) &&
    (maxAgeMs === undefined ||
      Date.now() - (JSON.parse(readFileSync(infoFile, 'utf8')) as SeededLog).to < maxAgeMs);
  if (kept) {
    return {
      file,
      seeded: JSON.parse(readFileSync(infoFile, 'utf8')) as SeededLog,
      seededNow: false,
      seedSeconds: 0,
    };
  }
  const building = `${file}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  process.stderr.write(`  seeding ${rows.toLocaleString('en-US')} deliveries into ${file} …\n`);
  const started = performance.now();
  const store = openStore(building);
  const seeded = seedWithoutIndexes(store.sqlite, rows);
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  const seedSeconds = (performance.now() - started) / 1000;
  process.stderr.write(`  seeded in ${seedSeconds.toFixed(0)} s\n`);
  renameSync(building, file);
  writeFileSync(infoFile, JSON.stringify(seeded));
  return { file, seeded, seededNow: true, seedSeconds };
}

const LOG_TABLES = ['deliveries', 'delivery_attempts', 'outbox'];

/**
 * A bulk load: the log's secondary indexes are dropped, the rows inserted in
 * large batches (one transaction each), and the indexes built again from their
 * own definitions, each in one sorted pass: at 10 million rows, updating a dozen
 * B-trees row by row costs several times the inserts. The delivery id's unique
 * index stays and grows row by row, as in the app: before migration 0010 it was
 * the primary key's own index, which cannot be dropped, and a rebuilt one packs
 * its pages fuller (39 B a delivery against 45), which the bytes bench would
 * count as a saving the app never sees.
 */
const KEPT_WHILE_SEEDING = new Set(['deliveries_id_idx']);

function seedWithoutIndexes(sqlite: Sqlite, rows: number): SeededLog {
  const indexes = sqlite
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
       AND tbl_name IN (${LOG_TABLES.map(() => '?').join(', ')})`,
    )
    .all(...LOG_TABLES) as { name: string; sql: string }[];
  const dropped = indexes.filter((index) => !KEPT_WHILE_SEEDING.has(index.name));
  for (const index of dropped) sqlite.exec(`DROP INDEX "${index.name}"`);
  const seeded = seedLog(sqlite, { deliveries: rows, now: Date.now(), batch: 200_000 });
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -524288');
  for (const index of dropped) sqlite.exec(index.sql);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('cache_size = -2000');
  return seeded;
}

function prepare(rows: number, maxAgeMs: number | undefined): LogDatabase {
  const { file, seeded, seededNow, seedSeconds } = seededLogFile(rows, maxAgeMs);
  const dataDir = mkdtempSync(join(tmpdir(), 'dversum-bench-log-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  copyFileSync(file, join(dataDir, 'dversum.db'));
  return { ...seeded, dataDir, seededNow, seedSeconds };
}

/** Removes a copy made by `prepareScaleDatabase` once its bench is done (10 million rows fill gigabytes). */
export function discardCopy(log: LogDatabase): void {
  rmSync(log.dataDir, { recursive: true, force: true });
  for (const [id, promise] of prepared) {
    void promise.then((made) => made.dataDir === log.dataDir && prepared.delete(id));
  }
}
