/**
 * A data folder whose log holds 1,000,000 deliveries. Seeding takes the better
 * part of a minute on a small machine, so the seeded file is kept between runs
 * in the system's temp folder, keyed by the migrations and the seeding code;
 * each run works on its own copy.
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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MIGRATIONS_FOLDER, openStore } from '../../main/core/store/database.js';
import { seedLog, type SeededLog } from './seed-log.js';

export const LOG_ROWS = 1_000_000;

export interface LogDatabase extends SeededLog {
  dataDir: string;
  /** True when this run seeded it (rather than copying the kept file). */
  seededNow: boolean;
  seedSeconds: number;
}

function cacheKey(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(DEFAULT_MIGRATIONS_FOLDER).sort()) {
    if (name.endsWith('.sql')) hash.update(readFileSync(join(DEFAULT_MIGRATIONS_FOLDER, name)));
  }
  hash.update(readFileSync(fileURLToPath(new URL('./seed-log.ts', import.meta.url))));
  hash.update(String(LOG_ROWS));
  return hash.digest('hex').slice(0, 16);
}

let prepared: Promise<LogDatabase> | undefined;

/** The same copy for every bench in one run (the log bench reads it; headless start opens it after). */
export function prepareLogDatabase(): Promise<LogDatabase> {
  prepared ??= Promise.resolve().then(prepare);
  return prepared;
}

function prepare(): LogDatabase {
  const cacheRoot = join(tmpdir(), 'dversum-bench-cache');
  mkdirSync(cacheRoot, { recursive: true });
  const key = cacheKey();
  const cachedDb = join(cacheRoot, `log-${key}.db`);
  const cachedInfo = join(cacheRoot, `log-${key}.json`);
  let seededNow = false;
  let seedSeconds = 0;
  // Rows are dated over the last 28 days; a seed older than a day would start to fall out of the 30-day retention.
  const fresh =
    existsSync(cachedDb) &&
    existsSync(cachedInfo) &&
    Date.now() - (JSON.parse(readFileSync(cachedInfo, 'utf8')) as SeededLog).to < 24 * 3600_000;
  if (!fresh) {
    // Older seeds (other migrations) are of no more use.
    for (const name of readdirSync(cacheRoot))
      rmSync(join(cacheRoot, name), { force: true, recursive: true });
    const building = `${cachedDb}.building`;
    rmSync(building, { force: true });
    const store = openStore(building);
    const started = performance.now();
    const seeded = seedLog(store.sqlite, { deliveries: LOG_ROWS, now: Date.now() });
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    seedSeconds = (performance.now() - started) / 1000;
    renameSync(building, cachedDb);
    writeFileSync(cachedInfo, JSON.stringify(seeded));
    seededNow = true;
  }
  const seeded = JSON.parse(readFileSync(cachedInfo, 'utf8')) as SeededLog;
  const dataDir = mkdtempSync(join(tmpdir(), 'dversum-bench-log-'));
  copyFileSync(cachedDb, join(dataDir, 'dversum.db'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  return { ...seeded, dataDir, seededNow, seedSeconds };
}
