/**
 * Gapless document numbers' counters: one row per series and year in
 * `number_sequences`, advanced inside the caller's transaction, so a change
 * that rolls back gives its number back.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { numberSequences } from '../schema.js';
import { onFirstUse } from './prepared.js';

export class NumberSequences {
  private readonly advance;

  constructor(db: Db) {
    this.advance = onFirstUse(() =>
      db
        .insert(numberSequences)
        .values({ series: sql.placeholder('series'), year: sql.placeholder('year'), last: 1 })
        .onConflictDoUpdate({
          target: [numberSequences.series, numberSequences.year],
          set: { last: sql`${numberSequences.last} + 1` },
        })
        .returning({ last: numberSequences.last })
        .prepare(),
    );
  }

  /** The next number of the series for the year (1, 2, …); call it inside the transaction that uses it. */
  next(series: string, year: number): number {
    return this.advance().get({ series, year })!.last;
  }
}
