import { readFileSync } from 'node:fs';
import { NodeHelpers, type INode } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  RESOURCES as TABLE,
  restActionsOf,
  WINDOW_ORDER,
  type ResourceKey,
} from '../../../contract/resources.js';
import { DOCUMENT_RESOURCE_KEYS } from '../../../contract/documents.js';
import { EVENTS, RESOURCES } from '../generated/api';
import { Dversum } from '../nodes/Dversum/Dversum.node';
import { DVERSUM_PROPERTIES } from '../nodes/Dversum/properties';
import {
  FILTER_FILE,
  GENERATED_FILE,
  MONEY_FILE,
  render,
  renderCopy,
  SIGNATURE_FILE,
} from '../scripts/generate';

describe('generated/api.ts', () => {
  it('is what scripts/generate.ts writes from the resource table and the event catalog now', async () => {
    expect(
      readFileSync(GENERATED_FILE, 'utf8'),
      'stale: run npx tsx integrations/n8n-nodes-dversum/scripts/generate.ts',
    ).toBe(await render());
  });

  it('generated/money.ts is contract/money.ts as it is now', () => {
    expect(
      readFileSync(MONEY_FILE, 'utf8'),
      'stale: run npx tsx integrations/n8n-nodes-dversum/scripts/generate.ts',
    ).toBe(renderCopy('money.ts'));
  });

  it('generated/signature.ts is contract/verify-signature.ts as it is now', () => {
    expect(
      readFileSync(SIGNATURE_FILE, 'utf8'),
      'stale: run npx tsx integrations/n8n-nodes-dversum/scripts/generate.ts',
    ).toBe(renderCopy('verify-signature.ts'));
  });

  it('line items are rows whose unit price is an amount typed as text ("120.00"), not minor units', () => {
    const invoice = RESOURCES.find((r) => r.value === 'invoice')!;
    const items = invoice.createFields.required.find((f) => f.name === 'items')!;
    expect(items.type).toBe('items');
    expect(items.children!.map((f) => [f.name, f.type, f.required ?? false])).toEqual([
      ['description', 'string', true],
      ['quantity', 'number', true],
      ['unitPrice', 'amount', true],
      ['taxRate', 'number', false],
    ]);
    const parameter = DVERSUM_PROPERTIES.find(
      (p) => p.name === 'items' && p.displayOptions?.show?.resource?.includes('invoice'),
    )!;
    expect(parameter).toMatchObject({ type: 'fixedCollection', typeOptions: { multipleValues: true } });
    const values = (
      parameter.options as { values: { name: string; type: string; placeholder?: string }[] }[]
    )[0].values;
    expect(values.find((v) => v.name === 'unitPrice')).toMatchObject({
      displayName: 'Unit Price',
      type: 'string',
      placeholder: 'e.g. 120.00 or 120,50',
      required: true,
    });
    expect(values.find((v) => v.name === 'quantity')).toMatchObject({ type: 'number', default: 1 });
  });

  it('n8n itself resolves a line item row: quantity 1 and tax rate 0 by default, the unit price asked for', () => {
    const node: INode = {
      id: 'd',
      name: 'dVersum',
      type: 'dversum',
      typeVersion: 1,
      position: [0, 0],
      parameters: {},
    };
    const given = {
      resource: 'invoice',
      operation: 'create',
      clientId: 'cli_x',
      items: { item: [{ description: 'Design', unitPrice: '' }] },
    };
    const { description } = new Dversum();
    const parameters = NodeHelpers.getNodeParameters(
      DVERSUM_PROPERTIES,
      given,
      true,
      false,
      node,
      description,
    )!;
    expect(parameters.items).toEqual({
      item: [{ description: 'Design', quantity: 1, unitPrice: '', taxRate: 0 }],
    });
    expect(
      NodeHelpers.getNodeParametersIssues(DVERSUM_PROPERTIES, { ...node, parameters }, description),
    ).toEqual({
      parameters: { unitPrice: ['Parameter "Unit Price" is required.'] },
    });
  });

  it('offers every object of the table in the window order, each create’s required fields at the top', () => {
    expect(RESOURCES.map((r) => r.value)).toEqual([...WINDOW_ORDER]);
    const required = Object.fromEntries(
      RESOURCES.map((r) => [r.value, r.createFields.required.map((f) => f.name)]),
    );
    // What the create schema itself refuses to go without (today's lists: the identity test's entries).
    const schemaRequired = (key: ResourceKey): string[] =>
      Object.entries((TABLE[key].schemas.create as z.ZodObject).shape)
        .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
        .map(([name]) => name);
    expect(required).toEqual(Object.fromEntries(WINDOW_ORDER.map((key) => [key, schemaRequired(key)])));
    expect(required).toMatchObject({ task: ['title'], timeEntry: [], quote: ['clientId', 'items'] });
  });

  it('has the operations the API has: delete only for tasks, update not for time entries, quotes and invoices; convert for quotes; Download PDF for the documents', () => {
    const ops = Object.fromEntries(RESOURCES.map((r) => [r.value, r.operations]));
    const apiOps = (key: ResourceKey): string[] => {
      const methods = TABLE[key].incoming.methods as readonly string[];
      return [
        ...(methods.includes('POST') ? ['create'] : []),
        ...(methods.includes('PATCH') ? ['update'] : []),
        'get',
        'getAll',
        ...(methods.includes('DELETE') ? ['delete'] : []),
        ...restActionsOf(TABLE[key]).map((a) => a.name),
        ...((DOCUMENT_RESOURCE_KEYS as readonly string[]).includes(key) ? ['downloadPdf'] : []),
      ];
    };
    expect(ops).toEqual(Object.fromEntries(WINDOW_ORDER.map((key) => [key, apiOps(key)])));
    expect(ops).toMatchObject({
      task: ['create', 'update', 'get', 'getAll', 'delete'],
      timeEntry: ['create', 'get', 'getAll'],
      quote: ['create', 'get', 'getAll', 'convert', 'downloadPdf'],
      invoice: ['create', 'get', 'getAll', 'downloadPdf'],
    });
    expect(RESOURCES.find((r) => r.value === 'task')?.paths).toEqual({
      create: '/api/v1/webhooks/incoming/tasks',
      update: '/api/v1/webhooks/incoming/tasks/{id}',
      delete: '/api/v1/webhooks/incoming/tasks/{id}',
      getAll: '/api/v1/tasks',
      get: '/api/v1/tasks/{id}',
    });
    expect(TABLE.task.incoming.methods).toEqual(['POST', 'PATCH', 'DELETE']);
  });

  it('lists every event of the catalog but the test button’s, with its read permission', () => {
    expect(EVENTS.map((e) => e.value)).toContain('task.created');
    expect(EVENTS.find((e) => e.value === 'invoice.paid')?.permission).toBe('invoices:read');
    expect(EVENTS.some((e) => e.value === 'webhook.test')).toBe(false);
  });
});

describe('generated/trigger-filter.ts', () => {
  it('is contract/trigger-filter.ts as it is now', () => {
    expect(
      readFileSync(FILTER_FILE, 'utf8'),
      'stale: run npx tsx integrations/n8n-nodes-dversum/scripts/generate.ts',
    ).toBe(renderCopy('trigger-filter.ts'));
  });
});
