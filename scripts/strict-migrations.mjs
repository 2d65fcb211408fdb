// drizzle-kit cannot declare STRICT tables; this adds STRICT to every CREATE TABLE
// in the generated migrations. Idempotent: run after every `drizzle-kit generate`
// (npm run db:generate does). A test checks every table with PRAGMA table_list.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('../main/core/store/migrations/', import.meta.url).pathname;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = before.replace(/(CREATE TABLE `[^`]+` \([\s\S]*?\n\))(;)/g, (match, table, semi) =>
    / STRICT$/.test(table) ? match : `${table} STRICT${semi}`,
  );
  if (after !== before) {
    writeFileSync(path, after);
    console.log(`STRICT added to ${file}`);
  }
}
