/**
 * `onFirstUse` gives a statement's `run` its parameters directly instead of
 * drizzle's per-call `fillPlaceholders`: the same values must reach SQLite,
 * column encoders (booleans, JSON, dates) and values written in the query
 * included, and a missing placeholder must fail as drizzle's does.
 */
import Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { onFirstUse } from '../../../main/core/store/repositories/prepared.js';

const things = sqliteTable('things', {
  id: text('id').primaryKey(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  tags: text('tags', { mode: 'json' }).$type<string[]>().notNull(),
  at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  note: text('note'),
});

function open() {
  const sqlite = new Database(':memory:');
  sqlite.exec(
    'CREATE TABLE things (id TEXT PRIMARY KEY, enabled INTEGER NOT NULL, tags TEXT NOT NULL, at INTEGER NOT NULL, note TEXT)',
  );
  return { sqlite, db: drizzle(sqlite) };
}

const values = { id: 'a', enabled: true, tags: ['x', 'y'], at: new Date(1_700_000_000_123), note: null };
const placeholders = {
  id: sql.placeholder('id'),
  enabled: sql.placeholder('enabled'),
  tags: sql.placeholder('tags'),
  at: sql.placeholder('at'),
  note: sql.placeholder('note'),
};

describe('onFirstUse: a prepared statement run with its parameters given directly', () => {
  it('writes what drizzle itself writes: encoded columns, plain placeholders and literals', () => {
    const direct = open();
    const viaDrizzle = open();
    const build = (db: ReturnType<typeof open>['db']) => db.insert(things).values(placeholders).prepare();
    const insert = onFirstUse(() => build(direct.db));
    // The direct run, not drizzle's own (which the prototype holds).
    expect(insert().run).not.toBe(Object.getPrototypeOf(insert()).run);
    expect(insert().run(values)).toMatchObject({ changes: 1 });
    build(viaDrizzle.db).run(values);
    // An update mixing a literal (`'later'`) with a placeholder in a template.
    const update = (db: ReturnType<typeof open>['db']) =>
      db
        .update(things)
        .set({ note: 'later', enabled: false })
        .where(eq(things.id, sql.placeholder('id')))
        .prepare();
    onFirstUse(() => update(direct.db))().run({ id: 'a' });
    update(viaDrizzle.db).run({ id: 'a' });
    const raw = (s: Database.Database) => s.prepare('SELECT * FROM things').all();
    expect(raw(direct.sqlite)).toEqual(raw(viaDrizzle.sqlite));
    expect(raw(direct.sqlite)).toEqual([
      { id: 'a', enabled: 0, tags: '["x","y"]', at: 1_700_000_000_123, note: 'later' },
    ]);
  });

  it('refuses a missing placeholder in drizzle words, writing nothing', () => {
    const { sqlite, db } = open();
    const insert = onFirstUse(() => db.insert(things).values(placeholders).prepare());
    const { note: _note, ...withoutNote } = values;
    expect(() => insert().run(withoutNote)).toThrow('No value for placeholder "note" was provided');
    expect(sqlite.prepare('SELECT count(*) AS n FROM things').get()).toEqual({ n: 0 });
  });

  it('builds the statement once', () => {
    const { db } = open();
    let built = 0;
    const insert = onFirstUse(() => {
      built++;
      return db.insert(things).values(placeholders).prepare();
    });
    insert().run(values);
    insert().run({ ...values, id: 'b' });
    expect(built).toBe(1);
  });
});
