/**
 * Gapless document numbers (`INV-2026-0001`, `QUO-2026-0001`): one counter row
 * per series and year in `number_sequences`, advanced inside the caller's
 * transaction, so a change that rolls back gives its number back.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../store/database.js';
import { numberSequences } from '../store/schema.js';

export type Series = 'INV' | 'QUO';

export const formatNumber = (series: Series, year: number, n: number): string =>
  `${series}-${year}-${String(n).padStart(4, '0')}`;

/** Takes the next number of the series for the year; call it inside the transaction that uses it. */
export function nextNumber(db: Db, series: Series, year: number): string {
  const row = db
    .insert(numberSequences)
    .values({ series, year, last: 1 })
    .onConflictDoUpdate({
      target: [numberSequences.series, numberSequences.year],
      set: { last: sql`${numberSequences.last} + 1` },
    })
    .returning({ last: numberSequences.last })
    .get();
  return formatNumber(series, year, row.last);
}
