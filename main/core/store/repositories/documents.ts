/** The `documents` table: a sent invoice's or quote's PDF, stored once (main/core/documents/). */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { documents } from '../schema.js';
import { onFirstUse } from './prepared.js';

export type DocumentRow = typeof documents.$inferSelect;

export interface DocumentsTable {
  find(objectId: string): DocumentRow | undefined;
  /** Stores the first snapshot; a second for the same object is ignored (the first stays, as sent). */
  insert(row: DocumentRow): void;
}

export class SqliteDocumentsTable implements DocumentsTable {
  private readonly byId;
  private readonly add;

  constructor(db: Db) {
    this.byId = onFirstUse(() =>
      db
        .select()
        .from(documents)
        .where(eq(documents.objectId, sql.placeholder('objectId')))
        .prepare(),
    );
    this.add = onFirstUse(() =>
      db
        .insert(documents)
        .values({
          objectId: sql.placeholder('objectId'),
          version: sql.placeholder('version'),
          pdf: sql.placeholder('pdf'),
          createdAt: sql.placeholder('createdAt'),
        })
        .onConflictDoNothing()
        .prepare(),
    );
  }

  find(objectId: string): DocumentRow | undefined {
    return this.byId().get({ objectId });
  }

  insert(row: DocumentRow): void {
    this.add().run({ ...row });
  }
}
