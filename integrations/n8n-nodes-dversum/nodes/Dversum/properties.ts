/**
 * The dVersum node's parameters, built from generated/api.ts: `resource`, then
 * per resource its `operation`, the create's required fields at the top, the
 * rest under "Additional Fields", the update's under "Update Fields", and
 * `returnAll`/`limit` for Get Many.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { FieldSpec, Operation, ResourceSpec } from '../api-types';
import { RESOURCES } from '../../generated/api';

/** One page of a list holds at most this many (the API's own limit). */
export const PAGE_LIMIT = 200;

const OPERATION_WORDS: Record<Operation, { name: string; verb: string }> = {
  create: { name: 'Create', verb: 'Create a' },
  update: { name: 'Update', verb: 'Update a' },
  get: { name: 'Get', verb: 'Get a' },
  getAll: { name: 'Get Many', verb: 'Get many' },
  delete: { name: 'Delete', verb: 'Delete a' },
  convert: { name: 'Convert to Invoice', verb: 'Convert a' },
  downloadPdf: { name: 'Download PDF', verb: 'Download a' },
};

const OPERATION_TAIL: Partial<Record<Operation, string>> = {
  convert: ' to a draft invoice',
  downloadPdf: ' as a PDF file',
};

const show = (resource: ResourceSpec, operations: Operation[]) => ({
  show: { resource: [resource.value], operation: operations },
});

const article = (noun: string) => (/^[aeiou]/.test(noun) ? 'an' : 'a');

function operationOption(resource: ResourceSpec, op: Operation): INodePropertyOptions {
  const { name, verb } = OPERATION_WORDS[op];
  const what =
    op === 'getAll'
      ? `${verb} ${resource.plural}`
      : `${verb.replace(/ a$/, ` ${article(resource.noun)}`)} ${resource.noun}${OPERATION_TAIL[op] ?? ''}`;
  return { name, value: op, action: what, description: `${what} (needs ${resource.permissions[op]})` };
}

/** A line item's quantity starts at 1. */
const ROW_DEFAULTS: Record<string, number> = { quantity: 1 };

function defaultOf(field: FieldSpec): string | number | boolean | string[] {
  switch (field.type) {
    case 'number':
      return ROW_DEFAULTS[field.name] ?? 0;
    case 'boolean':
      return false;
    case 'options':
      return field.options?.[0] ?? '';
    case 'stringList':
      return [];
    default:
      return '';
  }
}

/** A body field as an n8n parameter (top-level or inside a collection). */
export function fieldParameter(field: FieldSpec): INodeProperties {
  if (field.type === 'items') {
    // Rows the owner adds one by one; an expression may give the whole list (body.ts).
    return {
      displayName: field.displayName,
      name: field.name,
      type: 'fixedCollection',
      typeOptions: { multipleValues: true },
      placeholder: 'Add Line Item',
      default: {},
      ...(field.description ? { description: field.description } : {}),
      options: [
        {
          name: 'item',
          displayName: 'Line Item',
          values: (field.children ?? []).map((child) => ({
            ...fieldParameter(child),
            ...(child.required ? { required: true } : {}),
          })),
        },
      ],
    };
  }
  if (field.type === 'stringList') {
    // n8n's idiom for a list of plain values: the string parameter, repeated ("Add Value").
    return {
      displayName: field.displayName,
      name: field.name,
      type: 'string',
      typeOptions: { multipleValues: true },
      default: [],
      ...(field.description ? { description: field.description } : {}),
    };
  }
  if (field.type === 'date' || field.type === 'dateTime') {
    return {
      displayName: field.displayName,
      name: field.name,
      type: 'dateTime',
      default: '',
      ...(field.description ? { description: field.description } : {}),
    };
  }
  if (field.type === 'amount') {
    return {
      displayName: field.displayName,
      name: field.name,
      type: 'string',
      default: '',
      placeholder: 'e.g. 120.00 or 120,50',
      ...(field.description ? { description: field.description } : {}),
    };
  }
  return {
    displayName: field.displayName,
    name: field.name,
    type: field.type,
    default: defaultOf(field),
    ...(field.description ? { description: field.description } : {}),
    ...(field.options ? { options: field.options.map((value) => ({ name: value, value })) } : {}),
  };
}

function resourceProperties(resource: ResourceSpec): INodeProperties[] {
  const properties: INodeProperties[] = [
    {
      displayName: 'Operation',
      name: 'operation',
      type: 'options',
      noDataExpression: true,
      displayOptions: { show: { resource: [resource.value] } },
      options: resource.operations.map((op) => operationOption(resource, op)),
      default: resource.operations[0],
    },
  ];
  const byId = resource.operations.filter(
    (op) => op === 'update' || op === 'get' || op === 'delete' || op === 'convert' || op === 'downloadPdf',
  );
  if (byId.length > 0) {
    properties.push({
      displayName: `${resource.name} ID`,
      name: 'id',
      type: 'string',
      required: true,
      default: '',
      displayOptions: show(resource, byId),
    });
  }
  if (resource.operations.includes('downloadPdf')) {
    properties.push({
      displayName: 'Put Output File in Field',
      name: 'binaryPropertyName',
      type: 'string',
      required: true,
      default: 'data',
      hint: 'The name of the output binary field to put the PDF in',
      displayOptions: show(resource, ['downloadPdf']),
    });
  }
  if (resource.operations.includes('create')) {
    for (const field of resource.createFields.required) {
      properties.push({
        ...fieldParameter(field),
        required: true,
        displayOptions: show(resource, ['create']),
      });
    }
    if (resource.createFields.optional.length > 0) {
      properties.push({
        displayName: 'Additional Fields',
        name: 'additionalFields',
        type: 'collection',
        placeholder: 'Add Field',
        default: {},
        displayOptions: show(resource, ['create']),
        options: resource.createFields.optional.map(fieldParameter),
      });
    }
  }
  if (resource.operations.includes('update')) {
    properties.push({
      displayName: 'Update Fields',
      name: 'updateFields',
      type: 'collection',
      placeholder: 'Add Field',
      default: {},
      displayOptions: show(resource, ['update']),
      options: resource.updateFields.map(fieldParameter),
    });
  }
  if (resource.operations.includes('getAll')) {
    properties.push(
      {
        displayName: 'Return All',
        name: 'returnAll',
        type: 'boolean',
        default: false,
        description: 'Whether to return all results or only up to a given limit',
        displayOptions: show(resource, ['getAll']),
      },
      {
        displayName: 'Limit',
        name: 'limit',
        type: 'number',
        typeOptions: { minValue: 1 },
        default: 50,
        description: 'Max number of results to return',
        displayOptions: { show: { resource: [resource.value], operation: ['getAll'], returnAll: [false] } },
      },
    );
  }
  return properties;
}

export const DVERSUM_PROPERTIES: INodeProperties[] = [
  {
    displayName: 'Resource',
    name: 'resource',
    type: 'options',
    noDataExpression: true,
    options: RESOURCES.map((r) => ({ name: r.name, value: r.value })),
    default: RESOURCES[0].value,
  },
  ...RESOURCES.flatMap(resourceProperties),
];
