/**
 * What the Zapier app knows of dVersum, derived from the contract: the event
 * catalog (one REST-hook trigger per event type) and the resource table (one
 * create per object, its input fields from the object's create schema). The
 * app is plain CommonJS and self-contained, so it reads the result from the
 * checked-in `generated/catalog.json` that `generate-catalog.mts` writes;
 * `test/catalog.test.ts` fails when that file is stale.
 */
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { z } from 'zod';
import {
  EVENT_CATALOG,
  RESOURCE_LIST,
  writePermission,
  type ResourceEntry,
} from '../../../contract/index.js';
import { endpointsOf } from '../../../main/core/access/permissions.js';

export const CATALOG_PATH = fileURLToPath(new URL('../generated/catalog.json', import.meta.url));

/** The file's text as prettier writes it, so `npm run format` leaves the file as generated. */
export async function catalogText(catalog: ZapierCatalog): Promise<string> {
  const options = (await prettier.resolveConfig(CATALOG_PATH)) ?? {};
  return prettier.format(JSON.stringify(catalog), { ...options, filepath: CATALOG_PATH });
}

/** A Zapier input field, as the app hands it to Zapier (children: line items). */
export interface CatalogField {
  key: string;
  label: string;
  /** Absent on a line-items field (its children have theirs). */
  type?: 'string' | 'text' | 'integer' | 'number' | 'boolean' | 'datetime';
  required: boolean;
  helpText?: string;
  choices?: string[];
  children?: CatalogField[];
}

export interface CatalogEvent {
  type: string;
  /** The trigger's key: the type with `.` as `_`. */
  key: string;
  noun: string;
  label: string;
  description: string;
  permission: string;
  example: unknown;
}

export interface CatalogObject {
  /** The create's key: the event stem (`time_entry`). */
  key: string;
  noun: string;
  description: string;
  createPath: string;
  listPath: string;
  permission: string;
  fields: CatalogField[];
  sample: unknown;
}

export interface ZapierCatalog {
  generatedFrom: string;
  events: CatalogEvent[];
  objects: CatalogObject[];
}

type JsonSchema = {
  type?: string;
  format?: string;
  enum?: string[];
  description?: string;
  maxLength?: number;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
};

/** Conventions the schemas state only in DESIGN.md: money in minor units, tax in percent. */
const HINTS: Record<string, string> = {
  unitPrice: 'In minor units of the currency: 1500 is 15.00',
  taxRate: 'In percent, 0 to 100',
  currency: 'Left empty: the default currency in Settings',
  quantity: 'More than 0; decimals allowed',
};

/** `dueDate` → `Due date`, `projectId` → `Project ID`. */
const labelOf = (key: string): string => {
  const words = key
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase()
    .split(' ');
  const text = words.map((w) => (w === 'id' ? 'ID' : w)).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** `time entry` → `Time Entry`: Zapier's labels are in title case. */
const titleOf = (words: string): string => words.replace(/(^|\s)\S/g, (c) => c.toUpperCase());

/** The schema without its `null` branch (an optional field may be cleared, which a create never needs). */
const nonNull = (schema: JsonSchema): JsonSchema =>
  schema.anyOf?.find((branch) => branch.type !== 'null') ?? schema;

function fieldOf(key: string, raw: JsonSchema, required: boolean): CatalogField {
  const schema = nonNull(raw);
  const help = [HINTS[key], schema.description].filter((text): text is string => Boolean(text));
  if (schema.type === 'array' && schema.items?.properties)
    return { key, label: 'Line items', required, children: fieldsOf(schema.items) };
  const field: CatalogField = { key, label: labelOf(key), type: 'string', required };
  if (schema.enum) field.choices = schema.enum;
  else if (schema.type === 'integer' || schema.type === 'number' || schema.type === 'boolean')
    field.type = schema.type;
  else if (schema.format === 'date-time') field.type = 'datetime';
  else if ((schema.maxLength ?? 0) > 1000) field.type = 'text';
  if (help.length > 0) field.helpText = help.join('. ');
  return field;
}

function fieldsOf(schema: JsonSchema): CatalogField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, property]) =>
    fieldOf(key, property, required.has(key)),
  );
}

const inputSchemaOf = (resource: ResourceEntry): JsonSchema =>
  z.toJSONSchema(resource.schemas.create, { target: 'draft-2020-12', io: 'input' }) as JsonSchema;

function objectOf(resource: ResourceEntry): CatalogObject {
  const schema = inputSchemaOf(resource);
  const urlOf = (kind: string) => endpointsOf(resource as never).find((e) => e.kind === kind)!.url;
  const created = EVENT_CATALOG.find((e) => e.type === `${resource.event}.created`);
  const article = /^[aeiou]/.test(resource.noun) ? 'an' : 'a';
  return {
    key: resource.event,
    noun: titleOf(resource.noun),
    description: [`Creates ${article} ${resource.noun} in dVersum.`, schema.description]
      .filter(Boolean)
      .join(' '),
    createPath: urlOf('create'),
    listPath: urlOf('list'),
    permission: writePermission(resource),
    fields: fieldsOf(schema),
    sample: created?.example.data,
  };
}

export function buildCatalog(): ZapierCatalog {
  const events = EVENT_CATALOG.filter((entry) => entry.permission !== null).map((entry): CatalogEvent => {
    const resource = RESOURCE_LIST.find((r) => entry.type.startsWith(`${r.event}.`))!;
    const noun = titleOf(resource.noun);
    const suffix = entry.type.slice(resource.event.length + 1);
    const article = /^[aeiou]/.test(resource.noun) ? 'an' : 'a';
    const when = suffix === 'overdue' ? 'becomes overdue' : `is ${suffix}`;
    // The catalog's first sentence says what happened; the rest says what `data` holds.
    const rest = entry.description.slice(entry.description.indexOf('. ') + 2);
    return {
      type: entry.type,
      key: entry.type.replaceAll('.', '_'),
      noun,
      label: `${noun} ${titleOf(suffix)}`,
      description: `Triggers when ${article} ${resource.noun} ${when}. ${rest}`,
      permission: entry.permission!,
      example: entry.example,
    };
  });
  return {
    generatedFrom:
      'contract/ (the resource table and the event catalog) by scripts/generate-catalog.mts: do not edit by hand',
    events,
    objects: RESOURCE_LIST.map(objectOf),
  };
}
