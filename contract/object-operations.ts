/**
 * Each business object's contract operations, derived from its entry in the
 * resource table: `<list>.list|get|create|update|delete` and one operation per
 * state change (`invoices.send`), all with the entry's own schemas. Update
 * inputs are `{ id, ...patch }`; delete answers `{ ok: true }`; a state
 * change takes `{ id }` and answers the object after it, or its own `output`
 * (`quotes.convert` answers the invoice it made).
 */
import type { z } from 'zod';
import { idInput, idOf, listInput, ok, page } from './common.js';
import {
  RESOURCES,
  WINDOW_ORDER,
  type ActionOutput,
  type ActionSpec,
  type ResourceEntry,
  type ResourceKey,
} from './resources.js';

export interface Op<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}
export const op = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): Op<I, O> => ({
  input,
  output,
});

type ById = ReturnType<typeof idInput>;
type ItemOf<R extends ResourceEntry> = R['schemas']['item'];
type UpdateInput<R extends ResourceEntry> = z.ZodObject<
  z.core.util.Extend<R['schemas']['patch']['shape'], { id: z.ZodString }>,
  z.core.$strict
>;

/** The five operations every object has, by their short name. */
export const CRUD = ['list', 'get', 'create', 'update', 'delete'] as const;
export type CrudName = (typeof CRUD)[number];

type Rows<R extends ResourceEntry> = {
  list: Op<typeof listInput, ReturnType<typeof page<ItemOf<R>>>>;
  get: Op<ById, ItemOf<R>>;
  create: Op<R['schemas']['create'], ItemOf<R>>;
  update: Op<UpdateInput<R>, ItemOf<R>>;
  delete: Op<ById, typeof ok>;
} & { [A in keyof R['actions'] & string]: Op<ById, ActionOutput<R, A>> };

/** `tasks.list`, `tasks.complete`, … for one entry. */
export type ObjectOperations<R extends ResourceEntry> = {
  [K in keyof Rows<R> & string as `${R['list']}.${K}`]: Rows<R>[K];
};

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;

/** Every object's operations, joined. */
export type AllObjectOperations = UnionToIntersection<
  { [K in ResourceKey]: ObjectOperations<(typeof RESOURCES)[K]> }[ResourceKey]
>;

export function objectOperations<R extends ResourceEntry>(r: R): ObjectOperations<R> {
  const { item, create, patch } = r.schemas;
  const byId = idInput(r.prefix);
  const rows: Record<string, Op> = {
    list: op(listInput, page(item)),
    get: op(byId, item),
    create: op(create, item),
    update: op(patch.extend({ id: idOf(r.prefix) }), item),
    delete: op(byId, ok),
  };
  const actions: Readonly<Record<string, ActionSpec>> = r.actions;
  for (const [action, spec] of Object.entries(actions)) rows[action] = op(byId, spec.output ?? item);
  // The rows above are exactly Rows<R>; TypeScript cannot follow keys built at run time.
  return Object.fromEntries(
    Object.entries(rows).map(([name, row]) => [`${r.list}.${name}`, row]),
  ) as ObjectOperations<R>;
}

export const OBJECT_OPERATIONS = Object.assign(
  {},
  ...WINDOW_ORDER.map((key) => objectOperations(RESOURCES[key])),
) as AllObjectOperations;
