/**
 * Every repository of the tables the core's services own, built once on
 * the open database (the dispatcher's tables have their own). Services
 * receive the ones they use; only `store/` builds SQL.
 */
import type { Db } from '../database.js';
import { SqliteApiKeysTable, type ApiKeysTable } from './api-keys.js';
import { SqliteDocumentsTable, type DocumentsTable } from './documents.js';
import { SqliteIdempotencyKeysTable, type IdempotencyKeysTable } from './idempotency-keys.js';
import { SqliteIncomingLogTable, type IncomingLogTable } from './incoming-log.js';
import { SqliteKvTable, type KvTable } from './kv.js';
import { objectRepositories, type ObjectRepositories } from './objects.js';

export interface Repositories {
  objects: ObjectRepositories;
  apiKeys: ApiKeysTable;
  incomingLog: IncomingLogTable;
  idempotencyKeys: IdempotencyKeysTable;
  kv: KvTable;
  documents: DocumentsTable;
}

export function createRepositories(db: Db): Repositories {
  return {
    objects: objectRepositories(db),
    apiKeys: new SqliteApiKeysTable(db),
    incomingLog: new SqliteIncomingLogTable(db),
    idempotencyKeys: new SqliteIdempotencyKeysTable(db),
    kv: new SqliteKvTable(db),
    documents: new SqliteDocumentsTable(db),
  };
}
