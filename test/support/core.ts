/**
 * A core for a test, and the contract called the way both transports call it
 * (validation, then the handler). Every suite that needs a core makes it here.
 * - `openCore`: the core alone — in memory, or in a data folder (`temp: true`
 *   makes one that `close()` removes), on a ManualClock unless the test passes
 *   a clock (advance it; never sleep for time). Close it after the test.
 * - `openHarness`: openCore with every contract handler, as the window and
 *   /admin/rpc use them; `createFixture` is the same harness with `call`
 *   typed by the contract, for the object tests.
 * - Row helpers: the outbox as written, row counts (a refused change wrote
 *   nothing), and a trigger making one event's outbox write fail in SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  RESOURCE_LIST,
  type EventType,
  type OperationName,
  type OpInput,
  type OpOutput,
} from '../../contract/index.js';
import * as schema from '../../main/core/store/schema.js';
import { ManualClock } from '../../main/core/clock.js';
import { createCore, type Core, type CoreOptions } from '../../main/core/core.js';
import { createHandlers } from '../../main/core/handlers/index.js';
import { invokeOperation } from '../../main/core/handlers/invoke.js';
import { desktopHost } from './host.js';
import { markHandMade } from './receiver.js';
import { storeOf } from '../../main/core/store/database.js';
import { outboxBodies } from './outbox-bodies.js';

export { testHost } from './host.js';

export type TestCoreOptions = CoreOptions & {
  /** The ManualClock's start when the test passes no clock. */
  now?: number;
  /** A new data folder under the system's temp folder, removed on close (ignored with `dataDir`). */
  temp?: boolean;
};

export interface TestCore {
  core: Core;
  /** A ManualClock unless the test passed another clock (the system clock, say). */
  clock: ManualClock;
  /** The data folder, or undefined for a core in memory. */
  dataDir: string | undefined;
  /** Closes the core, then removes the folder `temp` made. */
  close(): Promise<void>;
}

export function openCore(options: TestCoreOptions = {}): TestCore {
  const { now, temp, ...coreOptions } = options;
  const clock = coreOptions.clock ?? new ManualClock(now);
  const folder = temp && !coreOptions.dataDir ? tempDir() : undefined;
  const dataDir = coreOptions.dataDir ?? folder?.dir;
  // The retries' jitter at its centre unless the test draws its own, so the seed's times are exact.
  const dispatcher = { random: () => 0.5, ...coreOptions.dispatcher };
  const core = createCore({ ...coreOptions, clock, dispatcher, ...(dataDir ? { dataDir } : {}) });
  return {
    core,
    clock: clock as ManualClock,
    dataDir,
    close: async () => {
      await core.close();
      folder?.remove();
    },
  };
}

export interface OutboxRow {
  type: string;
  event: { id: string; type: string; timestamp: string; data: Record<string, unknown> };
}

export interface Harness extends TestCore {
  /**
   * Runs one contract operation exactly as a transport does (validation, then the handler).
   * Untyped on purpose: the tests send invalid input and unknown names too.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(name: string, input?: unknown): Promise<any>;
  /** Records an event in the outbox, as the domain does inside its transaction. */
  record(type: EventType, data?: Record<string, unknown>): string;
  /** Every outbox row so far, oldest first. */
  outbox(): OutboxRow[];
  outboxTypes(): string[];
  /** Moves the clock a little so ids (time-sortable) sort in creation order. */
  tick(ms?: number): void;
}

export function openHarness(options: TestCoreOptions = {}): Harness {
  const opened = openCore(options);
  const { core, clock } = opened;
  const handlers = createHandlers(
    core,
    desktopHost(() => core),
  );
  const outbox = (): OutboxRow[] =>
    outboxBodies(storeOf(core.store).sqlite).map((row) => ({
      type: row.type,
      event: JSON.parse(row.body) as OutboxRow['event'],
    }));
  return {
    ...opened,
    call: (name, input) => invokeOperation(handlers, name, input ?? {}),
    record(type, data = { id: 'tsk_sample', title: 'Call Ada' }) {
      const id = storeOf(core.store).sqlite.transaction(() => core.outbox.record(type, data).id)();
      markHandMade(id); // made-up data: the receiver does not hold it to the catalog
      return id;
    },
    outbox,
    outboxTypes: () => outbox().map((row) => row.type),
    tick: (ms = 1) => clock.advance(ms),
  };
}

/** The harness with `call` typed by the contract, for the object tests. */
export interface Fixture extends Omit<Harness, 'call'> {
  call<K extends OperationName>(name: K, input: OpInput<K>): Promise<OpOutput<K>>;
}

export const createFixture = (options: TestCoreOptions = {}): Fixture => openHarness(options) as Fixture;

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'dversum-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What the contract returns for a failed call: status, code, message. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; message: string; details?: unknown }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { status: number; code: string; message: string; details?: unknown };
    return { status: e.status, code: e.code, message: e.message, details: e.details };
  }
  throw new Error('expected the call to fail');
}

/** A minimal valid line item. */
export const item = (unitPrice = 10_000, quantity = 1, taxRate?: number) => ({
  description: 'Consulting',
  quantity,
  unitPrice,
  ...(taxRate === undefined ? {} : { taxRate }),
});

/** Counts rows of a table, to show that a refused change wrote nothing. */
export const countRows = (core: Core, table: string): number =>
  (storeOf(core.store).sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Every object's table (by the entry's `list`, as schema.ts names them), the outbox and the idempotency keys. */
const BUSINESS_TABLES = [
  ...RESOURCE_LIST.map((r) => getTableName((schema as unknown as Record<string, SQLiteTable>)[r.list])),
  getTableName(schema.outbox),
  getTableName(schema.idempotencyKeys),
];

/** Row counts of every business table, to prove a refused call wrote nothing. */
export const rowCounts = (core: Core): Record<string, number> =>
  Object.fromEntries(BUSINESS_TABLES.map((table) => [table, countRows(core, table)]));

/** Makes the next outbox write of `type` fail inside SQLite, to prove the change around it rolls back. */
export function failOutboxWrites(core: Core, type: string): () => void {
  const name = `fail_${type.replace(/\W/g, '_')}`;
  storeOf(core.store).sqlite.exec(
    `CREATE TRIGGER ${name} BEFORE INSERT ON outbox WHEN NEW.type = '${type}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;`,
  );
  return () => storeOf(core.store).sqlite.exec(`DROP TRIGGER ${name}`);
}
