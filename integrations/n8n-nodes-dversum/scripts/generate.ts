/**
 * Writes `generated/api.ts`, the package's view of dVersum's API: each object's
 * operations and endpoints, the fields of its create and update bodies, and the
 * event list, all derived from the resource table (contract/resources.ts), the
 * endpoint table (main/core/access/permissions.ts) and the event catalog. The
 * package imports only that file, so it stays self-contained when published.
 *
 * `npx tsx integrations/n8n-nodes-dversum/scripts/generate.ts` rewrites it;
 * `--check` exits 1 when the checked-in file is stale (the unit test does the same).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod';
import { DOCUMENT_PDF_SUFFIX, DOCUMENT_RESOURCE_KEYS } from '../../../contract/documents.js';
import { EVENT_CATALOG } from '../../../contract/event-catalog.js';
import { AMOUNT_FIELDS, RESOURCES, WINDOW_ORDER, type ResourceEntry } from '../../../contract/resources.js';
import { endpointsOf, type EndpointKind } from '../../../main/core/access/permissions.js';
import type { EventSpec, FieldSpec, Operation, ResourceSpec } from '../nodes/api-types.js';

export const GENERATED_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'generated', 'api.ts');
/** The copy of contract/money.ts, the package's one conversion of a typed amount. */
export const MONEY_FILE = join(dirname(GENERATED_FILE), 'money.ts');
const CONTRACT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'contract');
/** The copy of contract/verify-signature.ts, the trigger's one check of a delivery's signature. */
export const SIGNATURE_FILE = join(dirname(GENERATED_FILE), 'signature.ts');
/** The copy of contract/trigger-filter.ts, the trigger's fields as a subscription's filter. */
export const FILTER_FILE = join(dirname(GENERATED_FILE), 'trigger-filter.ts');

/** n8n's operation names for the API's endpoint kinds. */
const OPERATION: Record<Exclude<EndpointKind, 'action'>, Operation> = {
  create: 'create',
  update: 'update',
  get: 'get',
  list: 'getAll',
  delete: 'delete',
};
/** The state changes the node offers (a quote's `convert`); others stay in the API. */
const ACTIONS: Record<string, Operation> = { convert: 'convert' };
const OPERATION_ORDER: Operation[] = ['create', 'update', 'get', 'getAll', 'delete', 'convert', 'downloadPdf'];
const operationOf = (e: { kind: EndpointKind; action?: string }): Operation | undefined =>
  e.kind === 'action' ? ACTIONS[e.action ?? ''] : OPERATION[e.kind];

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  description?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
}

/** `dueDate` → `Due Date`, `clientId` → `Client ID`. */
export const displayNameOf = (name: string): string =>
  name
    .replace(/Id$/, 'ID')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/^./, (c) => c.toUpperCase());

/** Thrown when the contract has a field shape the node has no parameter for: the build stops naming it. */
export class UnknownShapeError extends Error {}

const refuse = (path: string, schema: JsonSchema): never => {
  throw new UnknownShapeError(
    `n8n generator: no n8n parameter for field ${path} (${JSON.stringify(schema)}): add a rule in scripts/generate.ts`,
  );
};

/** The one non-null branch of `X | null`; any other union is not a shape the node knows. */
function nonNull(path: string, schema: JsonSchema): { base: JsonSchema; nullable: boolean } {
  if (Array.isArray(schema.type)) {
    // `{ type: ['string', 'null'] }`: zod's form for a nullable plain value.
    const kinds = schema.type.filter((t) => t !== 'null');
    if (kinds.length !== 1) return refuse(path, schema);
    return { base: { ...schema, type: kinds[0] }, nullable: kinds.length < schema.type.length };
  }
  if (!schema.anyOf) return { base: schema, nullable: false };
  const branches = schema.anyOf.filter((s) => s.type !== 'null');
  if (branches.length !== 1) return refuse(path, schema);
  return { base: branches[0], nullable: branches.length < schema.anyOf.length };
}

/** The string formats the node knows: an email is text, a date and a date-time are n8n date pickers. */
const STRING_FORMATS: Record<string, FieldSpec['type']> = {
  email: 'string',
  date: 'date',
  'date-time': 'dateTime',
};

/**
 * Each shape the contract uses as n8n's parameter for it, and a thrown error
 * naming the field for any other: a list of strings is a multi-value string,
 * an enum options, a date or date-time a date picker, money a typed amount,
 * rows of objects a fixed collection. Nothing degrades quietly to JSON text.
 */
function fieldOf(name: string, schema: JsonSchema, path = name): FieldSpec {
  const { base, nullable } = nonNull(path, schema);
  const description = base.description ?? schema.description;
  const field: FieldSpec = { name, displayName: displayNameOf(name), type: 'string', nullable };
  if (AMOUNT_FIELDS.includes(name)) {
    if (base.type !== 'integer') refuse(path, schema);
    return {
      ...field,
      type: 'amount',
      description: AMOUNT_DESCRIPTION[name] ?? 'An amount such as 120.00 or 120,50',
    };
  }
  if (base.type === 'array' && base.items?.type === 'object' && base.items.properties) {
    const { required, optional } = propertiesOf(base.items, `${path}[].`);
    const children = [...required.map((f) => ({ ...f, required: true })), ...optional];
    return { ...field, displayName: 'Line Items', type: 'items', children };
  }
  if (base.type === 'array' && base.items?.type === 'string' && !base.items.enum && !base.items.format)
    field.type = 'stringList';
  else if (base.enum && base.enum.every((v) => typeof v === 'string'))
    Object.assign(field, { type: 'options', options: base.enum });
  else if (base.type === 'integer' || base.type === 'number') field.type = 'number';
  else if (base.type === 'boolean') field.type = 'boolean';
  else if (base.type === 'string' && (base.format === undefined || base.format in STRING_FORMATS))
    field.type = base.format === undefined ? 'string' : STRING_FORMATS[base.format];
  else refuse(path, schema);
  const own = DESCRIPTION[name] ?? description;
  if (own) field.description = own;
  return field;
}

/** What the node says of an amount field, in place of the API's minor units (the node converts). */
const AMOUNT_DESCRIPTION: Record<string, string> = {
  unitPrice:
    'Price of one unit before tax, as you write it: 120, 120.00 or 120,50 (1.234,56 and 1,234.56 too), in the currency (EUR 2 decimals, JPY none). Negative for a discount',
};

/** Where the node says more than the schema: the currency the amounts are read in, the tax rate's unit. */
const DESCRIPTION: Record<string, string> = {
  currency:
    'ISO 4217 code such as EUR; left empty: the default currency in dVersum’s Settings. Unit prices are read in its decimals',
  taxRate: 'In percent: 19 is 19 %',
};

/** The node's fields for an object schema's properties; a shape it does not know throws, naming the field. */
export function fieldsOf(schema: z.ZodType): { required: FieldSpec[]; optional: FieldSpec[] } {
  // `any` keeps an unrepresentable shape (a Map) in the document, so fieldOf names the field it is in.
  return propertiesOf(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
}

function propertiesOf(json: JsonSchema, prefix = ''): { required: FieldSpec[]; optional: FieldSpec[] } {
  const required = new Set(json.required ?? []);
  const all = Object.entries(json.properties ?? {}).map(([name, s]) => fieldOf(name, s, prefix + name));
  return {
    required: all.filter((f) => required.has(f.name)),
    optional: all.filter((f) => !required.has(f.name)),
  };
}

function resourceOf(resource: ResourceEntry): ResourceSpec {
  const endpoints = endpointsOf(RESOURCES[resource.key as keyof typeof RESOURCES]).flatMap((e) => {
    const op = operationOf(e);
    return op ? [{ ...e, op }] : [];
  });
  const paths: Partial<Record<Operation, string>> = Object.fromEntries(
    endpoints.map((e) => [e.op, e.url.replace(':id', '{id}')]),
  );
  const permissions: Partial<Record<Operation, string>> = Object.fromEntries(
    endpoints.map((e) => [e.op, e.permission]),
  );
  // A document's PDF: its GET path and `/pdf`, with the same read permission.
  if ((DOCUMENT_RESOURCE_KEYS as readonly string[]).includes(resource.key) && paths.get) {
    paths.downloadPdf = paths.get + DOCUMENT_PDF_SUFFIX;
    permissions.downloadPdf = permissions.get;
  }
  const operations = OPERATION_ORDER.filter((op) => op in paths);
  const create = fieldsOf(resource.schemas.create);
  return {
    value: resource.key,
    name: resource.noun.charAt(0).toUpperCase() + resource.noun.slice(1),
    noun: resource.noun,
    plural: resource.plural,
    operations,
    paths,
    permissions,
    createFields: create,
    updateFields: operations.includes('update') ? fieldsOf(resource.schemas.patch).optional : [],
  };
}

/** The file's text, formatted as the repository's prettier settings say (so `npm run format` keeps it current). */
export async function render(): Promise<string> {
  const resources = WINDOW_ORDER.map((key) => resourceOf(RESOURCES[key]));
  const events: EventSpec[] = EVENT_CATALOG.flatMap((e) =>
    e.permission === null ? [] : [{ value: e.type, description: e.description, permission: e.permission }],
  );
  const json = (v: unknown) => JSON.stringify(v, null, 2);
  const text = [
    '// Generated by scripts/generate.ts from contract/resources.ts and the event catalog. Do not edit:',
    '// run `npx tsx integrations/n8n-nodes-dversum/scripts/generate.ts`.',
    '',
    "import type { EventSpec, ResourceSpec } from '../nodes/api-types';",
    '',
    `export const RESOURCES: ResourceSpec[] = ${json(resources)};`,
    '',
    `export const EVENTS: EventSpec[] = ${json(events)};`,
    '',
  ].join('\n');
  return format(text, { ...(await resolveConfig(GENERATED_FILE)), filepath: GENERATED_FILE });
}

/** A file of contract/ as it is, under a header that says where it comes from. */
export function renderCopy(name: 'money.ts' | 'verify-signature.ts' | 'trigger-filter.ts'): string {
  return [
    `// Copied by scripts/generate.ts from contract/${name}. Do not edit:`,
    '// run `npx tsx integrations/n8n-nodes-dversum/scripts/generate.ts`.',
    '',
    readFileSync(join(CONTRACT, name), 'utf8'),
  ].join('\n');
}

async function main(): Promise<void> {
  const files: [string, string][] = [
    [GENERATED_FILE, await render()],
    [MONEY_FILE, renderCopy('money.ts')],
    [SIGNATURE_FILE, renderCopy('verify-signature.ts')],
    [FILTER_FILE, renderCopy('trigger-filter.ts')],
  ];
  for (const [file, text] of files) {
    if (process.argv.includes('--check')) {
      if (readFileSync(file, 'utf8') !== text) {
        console.error(`${file} is stale: run scripts/generate.ts`);
        process.exit(1);
      }
    } else {
      writeFileSync(file, text);
      console.log(`wrote ${file}`);
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
