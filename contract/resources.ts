/**
 * The one table of business objects. Each entry (`resources/<object>.ts`)
 * declares an object once — its names in every form, schemas, events, state
 * changes, incoming endpoints, examples and sample data — and everything else
 * is derived from here: the contract's object operations (operations.ts), the
 * event and permission lists (integrations.ts), the id prefixes (main's
 * ids.ts), the handlers, the REST routes and their permissions, the OpenAPI
 * examples, the test button's sample events and the window's navigation.
 *
 * Adding an object: write its entry module, add it to RESOURCES and to the two
 * orders below (tsc refuses an order that misses one).
 *
 * Events carry the whole object as the API returns it, after the change
 * (`data`). A `<object>.deleted` event carries the object as it was just
 * before it was deleted, as Stripe's deleted objects do (there is no
 * `deleted: true` flag: the event type says so), so a receiver can tell
 * which row to remove and what it held without asking for it back (it is
 * gone: a GET answers 404).
 */
import { clientResource } from './resources/clients.js';
import { z } from 'zod';
import { isAmount } from './common.js';
import type { ActionSpec, IncomingMethod, ResourceEntry } from './resources/define.js';
import { invoiceResource } from './resources/invoices.js';
import { projectResource } from './resources/projects.js';
import { quoteResource } from './resources/quotes.js';
import { taskResource } from './resources/tasks.js';
import { timeEntryResource } from './resources/time-entries.js';

export * from './resources/clients.js';
export * from './resources/projects.js';
export * from './resources/tasks.js';
export * from './resources/time-entries.js';
export * from './resources/line-items.js';
export * from './resources/quotes.js';
export * from './resources/invoices.js';
export type { ActionSpec, IncomingMethod, ResourceEntry, SampleContext } from './resources/define.js';

/** By key, in the seed's order of the permissions (tasks, projects, clients, time entries, invoices, quotes). */
export const RESOURCES = {
  task: taskResource,
  project: projectResource,
  client: clientResource,
  timeEntry: timeEntryResource,
  invoice: invoiceResource,
  quote: quoteResource,
} as const;

export type Resources = typeof RESOURCES;
export type ResourceKey = keyof Resources;
export type Resource<K extends ResourceKey = ResourceKey> = Resources[K];

/** A list of every key (tsc says which is missing; the table's test refuses one listed twice). */
type EveryKey<T extends readonly ResourceKey[]> = [Exclude<ResourceKey, T[number]>] extends [never]
  ? T
  : never;
const everyKey = <const T extends readonly ResourceKey[]>(keys: EveryKey<T>): T => keys;

/** The window's navigation, in its order. */
export const WINDOW_ORDER = everyKey(['client', 'project', 'task', 'timeEntry', 'quote', 'invoice']);
/** The event groups (and the event list), in the seed's order of "Available Events". */
export const EVENT_ORDER = everyKey(['invoice', 'quote', 'client', 'task', 'project', 'timeEntry']);

export const RESOURCE_KEYS = Object.keys(RESOURCES) as ResourceKey[];
export const RESOURCE_LIST: readonly Resource[] = RESOURCE_KEYS.map((key) => RESOURCES[key]);

// ---------------------------------------------------------------- derived names (types and values)
/** `timeEntries`: the operation group and the core's service name. */
export type ResourceList = Resource['list'];
/** An entry's state changes by name (`send`); over several keys, any of theirs. */
export type ActionName<K extends ResourceKey> = K extends ResourceKey
  ? keyof Resource<K>['actions'] & string
  : never;

// Distributive (R extends …): over a union of entries, each entry's own names, never a cross product.
/** The permission an object's incoming endpoints need: `tasks:write`, `time_entries:create`. */
export type WritePermissionOf<R extends ResourceEntry> = R extends ResourceEntry
  ? `${R['permission']}:${R['incoming']['access']}`
  : never;
export type ReadPermissionOf<R extends ResourceEntry> = R extends ResourceEntry
  ? `${R['permission']}:read`
  : never;
export type ResourceWritePermission = { [K in ResourceKey]: WritePermissionOf<Resource<K>> }[ResourceKey];
export type ResourceReadPermission = { [K in ResourceKey]: ReadPermissionOf<Resource<K>> }[ResourceKey];

export const writePermission = <R extends ResourceEntry>(r: R) =>
  `${r.permission}:${r.incoming.access}` as WritePermissionOf<R>;
export const readPermission = <R extends ResourceEntry>(r: R) =>
  `${r.permission}:read` as ReadPermissionOf<R>;

const VERBS: Record<IncomingMethod, string> = { POST: 'Create', PATCH: 'edit', DELETE: 'delete' };

/** The seed's words: "Create/edit/delete tasks", "Create time entries". */
export const writePermissionLabel = (r: ResourceEntry): string =>
  `${r.incoming.methods.map((m) => VERBS[m]).join('/')} ${r.plural}`;
export const readPermissionLabel = (r: ResourceEntry): string => `Read ${r.plural}`;

/** What a state change answers: its own `output`, else the entry's item (`quotes.convert` answers an invoice). */
export type ActionOutput<R extends ResourceEntry, A extends keyof R['actions']> = R['actions'][A] extends {
  output: infer O extends z.ZodType;
}
  ? O
  : R['schemas']['item'];

/** The state changes also offered over REST (`POST /api/v1/<segment>/{id}/<name>`), by name. */
export const restActionsOf = (r: ResourceEntry): (ActionSpec & { name: string })[] =>
  Object.entries(r.actions as Readonly<Record<string, ActionSpec>>)
    .filter(([, spec]) => spec.rest)
    .map(([name, spec]) => ({ ...spec, name }));

/** `task.completed` and the other events, as types. */
export type EventOf<R extends ResourceEntry> = R extends ResourceEntry
  ? `${R['event']}.${R['events'][number]}`
  : never;
export type ResourceEventType = { [K in ResourceKey]: EventOf<Resource<K>> }[ResourceKey];

export const eventsOf = <R extends ResourceEntry>(r: R): EventOf<R>[] =>
  r.events.map((suffix) => `${r.event}.${suffix}` as EventOf<R>);

/** The object that raises events of this type (`time_entry.created`), if any. */
export const resourceOfEvent = (type: string): Resource | undefined =>
  RESOURCE_LIST.find(
    (r) =>
      type.startsWith(`${r.event}.`) &&
      (r.events as readonly string[]).includes(type.slice(r.event.length + 1)),
  );

/** `Time entry`: the window's singular, from the noun. */
export const singularLabel = (r: ResourceEntry): string => r.noun.charAt(0).toUpperCase() + r.noun.slice(1);

// ---------------------------------------------------------------- references between objects
/** The objects another one names (`client`, `project`, `task`). */
export type ReferencedKey = {
  [K in ResourceKey]: Resource<K>['references'][keyof Resource<K>['references']];
}[ResourceKey] &
  ResourceKey;

/** One field naming another object: `projects.clientId` names a client. */
export interface Reference {
  /** The entry whose rows hold the field. */
  referrer: Resource;
  field: string;
}

/** Who names an object of `key`, in the window's order (the order a 409 counts them in). */
export const referrersOf = (key: ResourceKey): Reference[] =>
  WINDOW_ORDER.flatMap((k) =>
    Object.entries(RESOURCES[k].references as Readonly<Record<string, string>>)
      .filter(([, target]) => target === key)
      .map(([field]) => ({ referrer: RESOURCES[k] as Resource, field })),
  );

/** Every object some other one names, in the window's order. */
export const REFERENCED_KEYS = WINDOW_ORDER.filter((k) => referrersOf(k).length > 0) as ReferencedKey[];

// ---------------------------------------------------------------- money fields
/** A field's schema under optional, nullable and default. */
function bare(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault)
    inner = inner.unwrap() as z.ZodType;
  return inner;
}

/** The names of a create schema's money fields, also inside its rows (line items' `unitPrice`). */
export function amountFieldsOf(schema: z.ZodType): string[] {
  const inner = bare(schema);
  if (inner instanceof z.ZodArray) return amountFieldsOf(inner.element as z.ZodType);
  if (!(inner instanceof z.ZodObject)) return [];
  return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([name, field]) =>
    isAmount(bare(field)) ? [name] : amountFieldsOf(field),
  );
}

/**
 * The input fields in minor units, by name, from every entry's create schema:
 * the integrations take them as an amount typed ("120.00") and convert it
 * (contract/money.ts). A new money field is `money` in its entry, nothing more.
 */
export const AMOUNT_FIELDS: readonly string[] = [
  ...new Set(RESOURCE_LIST.flatMap((r) => amountFieldsOf(r.schemas.create as z.ZodType))),
];
