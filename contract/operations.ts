/**
 * The one contract between the window and main: every operation the renderer
 * may ask for, with its zod input and output. Electron registers each on
 * ipcMain.handle(name); headless mode serves each as POST /admin/rpc/<name>;
 * the preload exposes these names and nothing else.
 */
import { z } from 'zod';
import { empty, idInput, idOf, isoDateTime, listInput, ok, page } from './common.js';
import * as o from './objects.js';
import * as i from './integrations.js';

const op = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

/** list/get/create/update/delete for one kind of business object. */
const crud = <
  P extends string,
  T extends z.ZodType,
  C extends z.ZodType,
  S extends z.ZodRawShape,
>(
  prefix: P,
  item: T,
  create: C,
  update: z.ZodObject<S, z.core.$strict>,
) => ({
  list: op(listInput, page(item)),
  get: op(idInput(prefix), item),
  create: op(create, item),
  update: op(update.extend({ id: idOf(prefix) }), item),
  delete: op(idInput(prefix), ok),
});

const clients = crud('cli', o.client, o.clientCreate, o.clientPatch);
const projects = crud('prj', o.project, o.projectCreate, o.projectPatch);
const tasks = crud('tsk', o.task, o.taskCreate, o.taskPatch);
const timeEntries = crud('tim', o.timeEntry, o.timeEntryCreate, o.timeEntryPatch);
const quotes = crud('quo', o.quote, o.quoteCreate, o.quotePatch);
const invoices = crud('inv', o.invoice, o.invoiceCreate, o.invoicePatch);

const exportFormat = z.enum(['csv', 'ndjson']);

export const operations = {
  'clients.list': clients.list,
  'clients.get': clients.get,
  'clients.create': clients.create,
  'clients.update': clients.update,
  'clients.delete': clients.delete,
  'projects.list': projects.list,
  'projects.get': projects.get,
  'projects.create': projects.create,
  'projects.update': projects.update,
  'projects.delete': projects.delete,
  'tasks.list': tasks.list,
  'tasks.get': tasks.get,
  'tasks.create': tasks.create,
  'tasks.update': tasks.update,
  'tasks.delete': tasks.delete,
  'tasks.complete': op(idInput('tsk'), o.task),
  'timeEntries.list': timeEntries.list,
  'timeEntries.get': timeEntries.get,
  'timeEntries.create': timeEntries.create,
  'timeEntries.update': timeEntries.update,
  'timeEntries.delete': timeEntries.delete,
  'quotes.list': quotes.list,
  'quotes.get': quotes.get,
  'quotes.create': quotes.create,
  'quotes.update': quotes.update,
  'quotes.delete': quotes.delete,
  'quotes.send': op(idInput('quo'), o.quote),
  'quotes.accept': op(idInput('quo'), o.quote),
  'quotes.reject': op(idInput('quo'), o.quote),
  'invoices.list': invoices.list,
  'invoices.get': invoices.get,
  'invoices.create': invoices.create,
  'invoices.update': invoices.update,
  'invoices.delete': invoices.delete,
  'invoices.send': op(idInput('inv'), o.invoice),
  'invoices.markPaid': op(idInput('inv'), o.invoice),
  'invoices.void': op(idInput('inv'), o.invoice),

  'webhooks.list': op(empty, z.object({ items: z.array(i.webhook) })),
  'webhooks.create': op(i.webhookCreate, i.webhook),
  'webhooks.update': op(i.webhookUpdate, i.webhook),
  'webhooks.delete': op(idInput('whk'), ok),
  'webhooks.setEnabled': op(z.strictObject({ id: i.webhookId, enabled: z.boolean() }), i.webhook),
  'webhooks.rotateSecret': op(idInput('whk'), z.object({ secret: z.string() })),
  'webhooks.sendTest': op(
    z.strictObject({ id: i.webhookId, eventType: i.eventType.optional() }),
    z.object({ deliveryId: i.deliveryId }),
  ),
  /** Deliveries per day and status for the last `days` days, for the window's small charts. */
  'webhooks.stats': op(
    z.strictObject({ id: i.webhookId, days: z.number().int().min(1).max(90).optional() }),
    z.object({
      days: z.array(z.object({ date: z.string(), success: z.number(), error: z.number(), failed: z.number(), other: z.number() })),
    }),
  ),

  'keys.list': op(empty, z.object({ items: z.array(i.apiKey) })),
  'keys.create': op(i.apiKeyCreate, i.apiKeyWithSecret),
  'keys.update': op(i.apiKeyUpdate, i.apiKey),
  'keys.revoke': op(idInput('key'), i.apiKey),
  'keys.rotate': op(idInput('key'), z.object({ key: z.string() })),

  'log.list': op(i.logListInput, page(i.delivery)),
  'log.get': op(idInput('dlv'), i.deliveryDetail),
  'log.redeliver': op(z.strictObject({ deliveryId: i.deliveryId }), z.object({ deliveryId: i.deliveryId })),
  'log.replay': op(
    z.strictObject({
      webhookId: i.webhookId,
      since: isoDateTime,
      status: z.enum(['skipped', 'failed']).optional(),
    }),
    z.object({ count: z.number().int() }),
  ),
  /** Headless returns a one-time `url` that streams the file; Electron asks for a path and returns `{path, rows}`. */
  'log.export': op(
    z.strictObject({ format: exportFormat, filters: i.logFilters.optional() }),
    z.object({ url: z.string().optional(), path: z.string().optional(), rows: z.number().int().optional() }),
  ),
  'incomingLog.list': op(i.incomingLogInput, page(i.incomingCall)),

  'dispatch.status': op(empty, i.dispatchStatus),
  'dispatch.setPaused': op(z.strictObject({ paused: z.boolean() }), i.dispatchStatus),

  'settings.get': op(empty, i.settings),
  'settings.update': op(i.settingsPatch, i.settings),

  /** What the window needs to show the server's address and the docs link. */
  'app.info': op(
    empty,
    z.object({ version: z.string(), serverUrl: z.string(), docsUrl: z.string(), mode: z.enum(['desktop', 'headless']) }),
  ),
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type OpInput<K extends OperationName> = z.input<Operations[K]['input']>;
export type OpParsedInput<K extends OperationName> = z.output<Operations[K]['input']>;
export type OpOutput<K extends OperationName> = z.output<Operations[K]['output']>;

export const OPERATION_NAMES = Object.keys(operations) as OperationName[];

export const isOperationName = (name: string): name is OperationName =>
  Object.prototype.hasOwnProperty.call(operations, name);

/** What the renderer calls, whatever the transport (preload bridge or HTTP). */
export interface ContractClient {
  call<K extends OperationName>(name: K, input: OpInput<K>): Promise<OpOutput<K>>;
}

/** The error a transport raises for a failed call: the contract's error shape. */
export class ContractError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ContractError';
  }
  /** Field messages by dotted path, for showing next to a form field. */
  get fields(): Record<string, string> {
    const list = (this.details as { fields?: { path: string; message: string }[] } | undefined)?.fields ?? [];
    return Object.fromEntries(list.map((f) => [f.path, f.message]));
  }
}
