/**
 * Placeholders for the repositories' prepared statements. `p(name)` is a
 * parameter in a WHERE, VALUES or LIMIT; `v(name)` is one in an UPDATE's SET,
 * where drizzle's types take only SQL (bound as given: a boolean column is
 * set with 1 or 0).
 */
import { sql, type SQL } from 'drizzle-orm';

export const p = sql.placeholder;

export const v = (name: string): SQL => sql`${sql.placeholder(name)}`;
