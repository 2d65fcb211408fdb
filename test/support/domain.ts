/**
 * A core in memory with a ManualClock, and the object operations called the
 * way both transports call them: through the contract (zod input parsing,
 * then the handler).
 */
import type { OperationName, OpInput, OpOutput } from '../../contract/index.js';
import { ManualClock } from '../../main/core/clock.js';
import { createCore, type Core, type CoreOptions } from '../../main/core/core.js';
import { objectHandlers } from '../../main/core/handlers/objects.js';
import { invokeOperation } from '../../main/core/handlers/invoke.js';

export interface OutboxRow {
  type: string;
  event: { id: string; type: string; timestamp: string; data: Record<string, unknown> };
}

export interface Fixture {
  core: Core;
  clock: ManualClock;
  call<K extends OperationName>(name: K, input: OpInput<K>): Promise<OpOutput<K>>;
  /** Every outbox row so far, oldest first. */
  outbox(): OutboxRow[];
  outboxTypes(): string[];
  /** Moves the clock a little so ids (time-sortable) sort in creation order. */
  tick(ms?: number): void;
}

export function createFixture(options: CoreOptions & { now?: number } = {}): Fixture {
  const clock = options.clock instanceof ManualClock ? options.clock : new ManualClock(options.now);
  const core = createCore({ ...options, clock });
  const handlers = objectHandlers(core);
  const outbox = (): OutboxRow[] =>
    (
      core.sqlite.prepare('SELECT type, payload FROM outbox ORDER BY seq').all() as {
        type: string;
        payload: string;
      }[]
    ).map((row) => ({ type: row.type, event: JSON.parse(row.payload) as OutboxRow['event'] }));
  return {
    core,
    clock,
    call: async (name, input) => (await invokeOperation(handlers, name, input)) as never,
    outbox,
    outboxTypes: () => outbox().map((row) => row.type),
    tick: (ms = 1) => clock.advance(ms),
  };
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
  (core.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Makes the next outbox write of `type` fail inside SQLite, to prove the change around it rolls back. */
export function failOutboxWrites(core: Core, type: string): () => void {
  const name = `fail_${type.replace(/\W/g, '_')}`;
  core.sqlite.exec(
    `CREATE TRIGGER ${name} BEFORE INSERT ON outbox WHEN NEW.type = '${type}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;`,
  );
  return () => core.sqlite.exec(`DROP TRIGGER ${name}`);
}
