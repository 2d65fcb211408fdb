/**
 * How every repository holds its statements: each a drizzle prepared
 * statement (`.prepare()`, `sql.placeholder`), declared in the repository's
 * constructor and built on its first use, then kept for the life of the
 * database. drizzle builds a query's SQL anew on every unprepared call, which
 * costs far more than running it (measured: 560 µs against 21 µs for a
 * select by id); building all of them up front cost createCore about 100 ms
 * on these machines, for statements a run may never need (most list variants).
 *
 * A statement's `run` (the inserts and updates) is given its parameters
 * directly: drizzle's own `run` sorts every parameter anew on each call
 * (`fillPlaceholders`, two `is()` walks of the prototype chain each), about
 * 2 % of an incoming create's CPU for its three inserts. The order and the
 * column encoders are read once here, from drizzle's own query; the statement
 * run, its SQL and its answer are the same.
 */
import { is, NoopLogger, Param, Placeholder } from 'drizzle-orm';

export function onFirstUse<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= withDirectRun(build()));
}

interface Encoder {
  mapToDriverValue(value: unknown): unknown;
}

/** What drizzle's better-sqlite3 prepared query holds that `run` uses. */
interface DrizzlePrepared {
  stmt: { run(...params: unknown[]): unknown };
  query: { params: unknown[] };
  logger: unknown;
  run(values?: Record<string, unknown>): unknown;
}

/** One parameter: a placeholder's name and, for a column's value, its encoder; or a value written in the query. */
type Slot =
  | { readonly name: string; readonly encoder: Encoder | undefined }
  | { readonly name: undefined; readonly value: unknown };

// As drizzle's `fillPlaceholders` reads each parameter.
function slotOf(param: unknown): Slot {
  if (is(param, Placeholder)) return { name: param.name, encoder: undefined };
  if (is(param, Param) && is(param.value, Placeholder))
    return { name: param.value.name, encoder: param.encoder as Encoder };
  return { name: undefined, value: param };
}

function withDirectRun<T>(built: T): T {
  const prepared = built as unknown as Partial<DrizzlePrepared>;
  if (
    typeof prepared?.run !== 'function' ||
    typeof prepared.stmt?.run !== 'function' ||
    !Array.isArray(prepared.query?.params) ||
    !is(prepared.logger, NoopLogger)
  )
    return built;
  const slots = prepared.query.params.map(slotOf);
  const stmt = prepared.stmt;
  prepared.run = (values: Record<string, unknown> = {}) => {
    const params = new Array<unknown>(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      if (slot.name === undefined) {
        params[i] = slot.value;
        continue;
      }
      if (!(slot.name in values)) throw new Error(`No value for placeholder "${slot.name}" was provided`);
      params[i] = slot.encoder ? slot.encoder.mapToDriverValue(values[slot.name]) : values[slot.name];
    }
    return stmt.run(...params);
  };
  return built;
}
