/**
 * dVersum Trigger: starts a workflow on dVersum's events. Activating the
 * workflow subscribes its webhook URL through POST /api/v1/webhooks (a REST
 * hook: the key needs webhooks:manage and the read permission of the events);
 * the subscription id and its signing secret live in the node's static data;
 * deactivating deletes the subscription. "Only Events Where" (status, minimum
 * total, client) is sent as the subscription's `filter` (`filter.ts`), so dVersum
 * sends only matching events. Each delivery's Standard Webhooks
 * signature is checked against that secret: a bad one is answered 401 and
 * starts nothing.
 */
import type {
  IDataObject,
  IHookFunctions,
  INodeType,
  INodeTypeDescription,
  IWebhookFunctions,
  IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { EVENTS } from '../../generated/api';
import { AmountError } from '../../generated/money';
import { apiError, CREDENTIAL, dversumCall, dversumRequest, urlOf } from '../transport';
import { verifySignature } from '../../generated/signature';
import { filterOf, needsCurrency, ONLY_PROPERTY, sameFilter, type OnlyWhere } from './filter';

export const SUBSCRIPTIONS_PATH = '/api/v1/webhooks';

/** What the node keeps between activation and deactivation. */
interface Subscription extends IDataObject {
  subscriptionId?: string;
  secret?: string;
}

interface Webhook {
  id: string;
  url: string;
  events: string[];
  secret: string;
  filter?: IDataObject | null;
}

/** The filter "Only Events Where" asks for (dVersum's default currency read only when an amount needs it). */
async function wantedFilter(ctx: IHookFunctions): Promise<IDataObject | null> {
  const only = ctx.getNodeParameter('only', {}) as OnlyWhere;
  let currency: string | undefined;
  if (needsCurrency(only)) {
    const me = (await dversumRequest(ctx, 'GET', await urlOf(ctx, '/api/v1/me'))) as {
      server?: { defaultCurrency?: string };
    };
    currency = me.server?.defaultCurrency;
  }
  try {
    return filterOf(only, currency);
  } catch (error) {
    if (error instanceof AmountError) throw new NodeOperationError(ctx.getNode(), error.message);
    throw error;
  }
}

const sameEvents = (a: string[], b: string[]) => a.length === b.length && a.every((e) => b.includes(e));

const forget = (data: Subscription) => {
  delete data.subscriptionId;
  delete data.secret;
};

export class DversumTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'dVersum Trigger',
    name: 'dversumTrigger',
    icon: 'file:dversum.svg',
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["events"].join(", ")}}',
    description: 'Starts the workflow when dVersum raises an event (a task created, an invoice paid, …)',
    defaults: { name: 'dVersum Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: CREDENTIAL, required: true }],
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
    properties: [
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        required: true,
        default: [],
        description: 'The events that start the workflow; the key needs the read permission of each',
        options: EVENTS.map((e) => ({
          name: e.value,
          value: e.value,
          description: `${e.description} Needs ${e.permission}.`,
        })),
      },
      ONLY_PROPERTY,
    ],
  };

  webhookMethods = {
    default: {
      /** True when the stored subscription still exists for this URL and these events; a stale one is removed. */
      async checkExists(this: IHookFunctions): Promise<boolean> {
        const data = this.getWorkflowStaticData('node') as Subscription;
        if (!data.subscriptionId) return false;
        const url = await urlOf(this, `${SUBSCRIPTIONS_PATH}/{id}`, data.subscriptionId);
        const answer = await dversumCall(this, 'GET', url);
        if (answer.statusCode === 404) {
          forget(data);
          return false;
        }
        if (answer.statusCode !== 200) throw apiError(this, answer);
        const found = answer.body as Webhook;
        const events = this.getNodeParameter('events') as string[];
        if (
          found.url === this.getNodeWebhookUrl('default') &&
          sameEvents(found.events, events) &&
          sameFilter(found.filter, await wantedFilter(this))
        )
          return true;
        await dversumCall(this, 'DELETE', url);
        forget(data);
        return false;
      },

      async create(this: IHookFunctions): Promise<boolean> {
        const data = this.getWorkflowStaticData('node') as Subscription;
        const events = this.getNodeParameter('events') as string[];
        const workflow = this.getWorkflow();
        const filter = await wantedFilter(this);
        const body = {
          name: `n8n: ${workflow.name ?? workflow.id ?? 'workflow'}`.slice(0, 200),
          url: this.getNodeWebhookUrl('default') as string,
          events,
          ...(filter ? { filter } : {}),
        };
        const created = (await dversumRequest(this, 'POST', await urlOf(this, SUBSCRIPTIONS_PATH), {
          body,
        })) as Webhook;
        data.subscriptionId = created.id;
        data.secret = created.secret;
        return true;
      },

      async delete(this: IHookFunctions): Promise<boolean> {
        const data = this.getWorkflowStaticData('node') as Subscription;
        if (!data.subscriptionId) return true;
        const url = await urlOf(this, `${SUBSCRIPTIONS_PATH}/{id}`, data.subscriptionId);
        const answer = await dversumCall(this, 'DELETE', url);
        if (answer.statusCode !== 204 && answer.statusCode !== 404) throw apiError(this, answer);
        forget(data);
        return true;
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const data = this.getWorkflowStaticData('node') as Subscription;
    const request = this.getRequestObject() as { rawBody?: Buffer };
    const raw = request.rawBody ?? JSON.stringify(this.getBodyData());
    const verdict = data.secret
      ? verifySignature(data.secret, this.getHeaderData() as Record<string, unknown>, raw, Date.now())
      : {
          ok: false as const,
          reason: 'this trigger holds no subscription secret: activate the workflow again',
        };
    if (!verdict.ok) {
      const response = this.getResponseObject();
      response
        .status(401)
        .json({ error: { code: 'unauthorized', message: `Signature refused: ${verdict.reason}` } });
      return { noWebhookResponse: true };
    }
    return { workflowData: [[{ json: JSON.parse(raw.toString()) as IDataObject }]] };
  }
}
