/**
 * What one business object declares, once: its names in every form they take
 * (contract key and operation group, URL segment, permission and event stems,
 * id prefix, the words people read), its schemas, the events it raises, its
 * state changes, which incoming endpoints exist, and its examples.
 * `contract/resources.ts` joins the entries into the one table; the
 * operations, routes, permissions, handlers, sample events, OpenAPI examples
 * and the window's navigation are derived from it, never spelled again.
 */
import type { z } from 'zod';
import { isoDateTime } from '../common.js';

/** The incoming-webhook methods an object may offer (`/api/v1/webhooks/incoming/<segment>[/:id]`). */
export type IncomingMethod = 'POST' | 'PATCH' | 'DELETE';

/** What a sample event's data is made from (the test button's payloads). */
export interface SampleContext {
  now: number;
  /** The event's suffix, such as `sent` for `invoice.sent`: the sample's state follows it. */
  event: string;
  /** A fresh id for every object by its key (`ids.task`), its own among them. */
  ids: Readonly<Record<string, string>>;
}

/** One state change of an entry: `quotes.send`, `quotes.convert`. */
export interface ActionSpec {
  /**
   * The event it raises: a suffix of the entry's own events (`sent`), or, for
   * a step that makes another object, that object's whole type
   * (`quotes.convert` raises `invoice.created`).
   */
  event: string;
  /** What it answers when that is not the object itself (`quotes.convert`: the new invoice). */
  output?: z.ZodType;
  /**
   * Also a REST call, `POST /api/v1/<segment>/{id}/<name>`, needing the
   * entry's write permission, with the words its OpenAPI operation shows
   * (`conflict`: what its 409 means). The other state changes are the
   * window's alone.
   */
  rest?: { summary: string; description: string; conflict: string };
}

export interface ResourceEntry {
  /** The singular key: `timeEntry`. */
  key: string;
  /** The plural key: the operation group (`timeEntries.list`) and the core's service. */
  list: string;
  /** In URLs: `/api/v1/time-entries`. */
  segment: string;
  /** The permission stem: `time_entries:read`. */
  permission: string;
  /** The event stem: `time_entry.created`. */
  event: string;
  /** The id prefix: `tim_…`. */
  prefix: string;
  /** Words for people: `time entry`, `time entries`. */
  noun: string;
  plural: string;
  /** The window's name for the list: its navigation entry, screen title and event group (`Time`). */
  label: string;
  /** The window's route (`/time`). */
  path: string;
  schemas: {
    /** The object as the API, the events and the window see it. */
    item: z.ZodType;
    create: z.ZodType;
    /** Every field optional: the update operation's input is `{ id, ...patch }`. */
    patch: z.ZodObject<z.ZodRawShape, z.core.$strict>;
    /** The patch that must change something: the incoming PATCH body. */
    update: z.ZodType;
  };
  /**
   * Its fields that name another object, and that object's key
   * (`{ clientId: 'client' }`): the named row must exist (422 naming the
   * field), and a row named here is not deleted while this one names it (409
   * counting the referrers in their `noun`/`plural`).
   */
  references: Readonly<Record<string, string>>;
  /**
   * The words people read for the fields only this object has (`{ amount: 'Amount' }`), keyed by
   * the field's dotted path as `FIELD_LABELS` (`contract/field-labels.ts`) is; a field many objects
   * share (`name`, `clientId`) is labelled there once. Messages and the window's forms read both.
   */
  labels?: Readonly<Record<string, string>>;
  /** The text fields a list's `search` looks in (case-insensitive substring): `['name', 'email']`. */
  search: readonly string[];
  /** The events it raises, as suffixes of its event stem, in the order the window lists them. */
  events: readonly string[];
  /** State changes beyond create/update/delete: `{ send: { event: 'sent' } }` is `invoices.send`, raising `invoice.sent`. */
  actions: Readonly<Record<string, ActionSpec>>;
  /**
   * The incoming-webhook endpoints it has, and the permission they need:
   * `<permission>:write` or, for an object that can only be created, `<permission>:create`.
   */
  incoming: { methods: readonly IncomingMethod[]; access: 'write' | 'create' };
  /** Request bodies for the OpenAPI document (valid as they stand). */
  examples: { create: unknown; update?: unknown };
  /** The `data` of a sample event (every field the real event's data has). */
  sample(context: SampleContext): unknown;
}

/** Keeps the entry's literal names (`'timeEntry'`, `'tim'`), from which the types are derived. */
export const defineResource = <const R extends ResourceEntry>(entry: R): R => entry;

/** Every object's creation and last change times. */
export const stamps = { createdAt: isoDateTime, updatedAt: isoDateTime };

/** An update must change something. */
export const nonEmpty = <T extends z.ZodObject>(schema: T) =>
  schema.refine((v) => Object.keys(v).length > 0, { message: 'give at least one field to change' });

/** ISO 8601 in UTC from milliseconds (the core's `toIso`; the contract imports nothing of main). */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** The calendar date `plusDays` after `ms`, in UTC. */
export const isoDay = (ms: number, plusDays = 0): string => iso(ms + plusDays * 86_400_000).slice(0, 10);

/** The client and project the examples name: ids that look real, for the OpenAPI document. */
export const EXAMPLE_IDS = {
  client: 'cli_01kfa3v2m8q9w4e5r6t7y8x9z0',
  project: 'prj_01kfa3w7c2n5b8v1x4z7q0w3e6',
};
