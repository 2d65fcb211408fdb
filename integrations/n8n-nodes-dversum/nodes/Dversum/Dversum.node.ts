/**
 * dVersum: create, update, get, list and delete clients, projects, tasks, time
 * entries, quotes and invoices through dVersum's REST API (the incoming-webhook
 * endpoints for changes, the read endpoints for the rest), and an invoice's or
 * quote's PDF as binary data (document.ts). Which operations each
 * object has, their paths and fields come from generated/api.ts.
 */
import type {
  IDataObject,
  IExecuteFunctions,
  INodeExecutionData,
  INodeType,
  INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { RESOURCES } from '../../generated/api';
import { AmountError } from '../../generated/money';
import type { Operation, ResourceSpec } from '../api-types';
import { CREDENTIAL, dversumRequest, urlOf } from '../transport';
import { hasAmounts, inMinorUnits } from './amounts';
import { BodyError, bodyOf } from './body';
import { downloadPdf } from './document';
import { DVERSUM_PROPERTIES, PAGE_LIMIT } from './properties';

interface Page {
  items: IDataObject[];
  nextCursor?: string | null;
}

async function list(ctx: IExecuteFunctions, resource: ResourceSpec, i: number): Promise<IDataObject[]> {
  const returnAll = ctx.getNodeParameter('returnAll', i) as boolean;
  const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', i) as number);
  const url = await urlOf(ctx, resource.paths.getAll!);
  const found: IDataObject[] = [];
  let cursor: string | undefined;
  do {
    const qs: IDataObject = { limit: Math.min(PAGE_LIMIT, limit - found.length) };
    if (cursor) qs.cursor = cursor;
    const page = (await dversumRequest(ctx, 'GET', url, { qs })) as Page;
    found.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && found.length < limit);
  return found.slice(0, limit);
}

/** The currency of a create's amounts: its own, or the one dVersum gives a create without one. */
async function currencyOf(ctx: IExecuteFunctions, body: IDataObject): Promise<string> {
  if (typeof body.currency === 'string' && body.currency.trim() !== '') return body.currency.trim();
  const me = (await dversumRequest(ctx, 'GET', await urlOf(ctx, '/api/v1/me'))) as {
    server?: { defaultCurrency?: string };
  };
  return me.server?.defaultCurrency ?? 'EUR';
}

const asItems = (objects: IDataObject[]): INodeExecutionData[] => objects.map((json) => ({ json }));

async function run(ctx: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
  const key = ctx.getNodeParameter('resource', i) as string;
  const operation = ctx.getNodeParameter('operation', i) as Operation;
  const resource = RESOURCES.find((r) => r.value === key);
  const path = resource?.paths[operation];
  if (!resource || !path) {
    throw new NodeOperationError(ctx.getNode(), `dVersum has no operation "${operation}" for "${key}"`, {
      itemIndex: i,
    });
  }
  const id = () => ctx.getNodeParameter('id', i) as string;
  switch (operation) {
    case 'create': {
      const top = Object.fromEntries(
        resource.createFields.required.map((f) => [f.name, ctx.getNodeParameter(f.name, i)]),
      ) as IDataObject;
      const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
      const fields = [...resource.createFields.required, ...resource.createFields.optional];
      let body = {
        ...bodyOf(resource.createFields.required, top, true),
        ...bodyOf(resource.createFields.optional, extra),
      };
      if (hasAmounts(fields, body)) body = inMinorUnits(fields, body, await currencyOf(ctx, body));
      return asItems([(await dversumRequest(ctx, 'POST', await urlOf(ctx, path), { body })) as IDataObject]);
    }
    case 'update': {
      const body = bodyOf(resource.updateFields, ctx.getNodeParameter('updateFields', i, {}) as IDataObject);
      return asItems([
        (await dversumRequest(ctx, 'PATCH', await urlOf(ctx, path, id()), { body })) as IDataObject,
      ]);
    }
    case 'get':
      return asItems([(await dversumRequest(ctx, 'GET', await urlOf(ctx, path, id()))) as IDataObject]);
    case 'delete':
      await dversumRequest(ctx, 'DELETE', await urlOf(ctx, path, id()));
      return asItems([{ id: id(), deleted: true }]);
    case 'getAll':
      return asItems(await list(ctx, resource, i));
    case 'convert':
      return asItems([(await dversumRequest(ctx, 'POST', await urlOf(ctx, path, id()))) as IDataObject]);
    case 'downloadPdf':
      return [await downloadPdf(ctx, path, id(), i)];
  }
}

export class Dversum implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'dVersum',
    name: 'dversum',
    icon: 'file:dversum.svg',
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: 'Create and read clients, projects, tasks, time entries, quotes and invoices in dVersum',
    defaults: { name: 'dVersum' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: CREDENTIAL, required: true }],
    properties: DVERSUM_PROPERTIES,
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const out: INodeExecutionData[] = [];
    for (let i = 0; i < items.length; i++) {
      try {
        for (const item of await run(this, i)) out.push({ ...item, pairedItem: { item: i } });
      } catch (error) {
        const wrapped =
          error instanceof BodyError || error instanceof AmountError
            ? new NodeOperationError(this.getNode(), error.message, { itemIndex: i })
            : error;
        if (!this.continueOnFail()) throw wrapped;
        out.push({ json: { error: (wrapped as Error).message }, pairedItem: { item: i } });
      }
    }
    return [out];
  }
}
