/**
 * The one contract between the window and main: every operation the renderer
 * may ask for, with its zod input and output. Electron registers each on
 * ipcMain.handle(name); headless mode serves each as POST /admin/rpc/<name>;
 * the preload exposes these names and nothing else. The business objects'
 * operations are derived from the resource table (object-operations.ts).
 */
import { z } from 'zod';
import { empty, idInput, isoDateTime, ok, page } from './common.js';
import { ID_PREFIXES } from './id-prefixes.js';
import * as b from './backups.js';
import { documentOperations } from './documents.js';
import * as i from './integrations.js';
import * as m from './metrics.js';
import { OBJECT_OPERATIONS, op } from './object-operations.js';

const exportFormat = z.enum(['csv', 'ndjson']);

export const operations = {
  ...OBJECT_OPERATIONS,

  'webhooks.list': op(empty, z.object({ items: z.array(i.webhook) })),
  'webhooks.create': op(i.webhookCreate, i.webhook),
  'webhooks.update': op(i.webhookUpdate, i.webhook),
  'webhooks.delete': op(idInput(ID_PREFIXES.webhook), ok),
  'webhooks.setEnabled': op(z.strictObject({ id: i.webhookId, enabled: z.boolean() }), i.webhook),
  'webhooks.rotateSecret': op(idInput(ID_PREFIXES.webhook), z.object({ secret: z.string() })),
  'webhooks.sendTest': op(
    z.strictObject({ id: i.webhookId, eventType: i.eventType.optional() }),
    z.object({ deliveryId: i.deliveryId }),
  ),
  /** Deliveries per day and status for the last `days` days, for the window's small charts. */
  'webhooks.stats': op(
    z.strictObject({ id: i.webhookId, days: z.number().int().min(1).max(90).optional() }),
    z.object({
      days: z.array(
        z.object({
          date: z.string(),
          success: z.number(),
          error: z.number(),
          failed: z.number(),
          /** Not sent because the webhook was disabled (Replay sends them later). */
          skipped: z.number(),
          /** Not sent yet: waiting for their time, an earlier event, the network or the pause. */
          waiting: z.number(),
        }),
      ),
    }),
  ),

  'keys.list': op(empty, z.object({ items: z.array(i.apiKey) })),
  'keys.create': op(i.apiKeyCreate, i.apiKeyWithSecret),
  'keys.update': op(i.apiKeyUpdate, i.apiKey),
  'keys.revoke': op(idInput(ID_PREFIXES.apiKey), i.apiKey),
  'keys.rotate': op(idInput(ID_PREFIXES.apiKey), z.object({ key: z.string() })),

  'log.list': op(i.logListInput, page(i.delivery)),
  'log.get': op(idInput(ID_PREFIXES.delivery), i.deliveryDetail),
  'log.redeliver': op(z.strictObject({ deliveryId: i.deliveryId }), z.object({ deliveryId: i.deliveryId })),
  'log.replay': op(
    z.strictObject({
      webhookId: i.webhookId,
      since: isoDateTime,
      /** The end of the range (inclusive): deliveries made after it are left alone. Not before `since` (422 naming `until`). */
      until: isoDateTime.optional(),
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

  'backups.list': op(empty, b.backupList),
  'backups.create': op(empty, b.backup),
  'backups.restore': op(b.backupRestoreInput, b.backupRestoreResult),

  ...documentOperations,

  'settings.get': op(empty, i.settings),
  'settings.update': op(i.settingsPatch, i.settings),

  /** `/metrics` (Prometheus): whether it answers, and its own token, shown only when made. */
  'metrics.get': op(empty, m.metricsAccess),
  'metrics.update': op(m.metricsUpdate, m.metricsAccessWithNewToken),
  'metrics.rotateToken': op(empty, m.metricsRotated),

  /** What the window needs to show the server's address and the docs link. */
  'app.info': op(
    empty,
    z.object({
      version: z.string(),
      serverUrl: z.string(),
      /** `settings.publicUrl`: where other systems reach the API from outside; null when not set. */
      publicUrl: z.string().nullable(),
      docsUrl: z.string(),
      mode: z.enum(['desktop', 'headless']),
    }),
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
