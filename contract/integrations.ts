/** Webhooks, API keys, the delivery log, dispatch and settings. */
import { z } from 'zod';
import { idOf, isoDateTime } from './common.js';
import { companySettings, DEFAULT_COMPANY } from './documents.js';
import { HEALTH_EVENT_GROUP_LABEL, HEALTH_EVENT_TYPES, type HealthEventType } from './health-events.js';
import { ID_PREFIXES } from './id-prefixes.js';
import { LANGUAGE_CHOICES } from './language.js';
import { reasonCode, reasonParams } from './reasons.js';
import {
  EVENT_ORDER,
  eventsOf,
  readPermission,
  readPermissionLabel,
  RESOURCE_LIST,
  RESOURCES,
  writePermission,
  writePermissionLabel,
  type ResourceEventType,
  type ResourceReadPermission,
  type ResourceWritePermission,
} from './resources.js';
import { webhookFilter } from './webhook-filter.js';

// ---------------------------------------------------------------- events
// Each object's events, permissions and their words come from its entry in the resource table.

/**
 * The closed list of event types: each object's (in the seed's order), the test button's, and the
 * webhook health events (contract/health-events.ts).
 */
export type EventType = ResourceEventType | 'webhook.test' | HealthEventType;
const eventTypes: EventType[] = [
  ...EVENT_ORDER.flatMap((key) => eventsOf(RESOURCES[key])),
  'webhook.test',
  ...HEALTH_EVENT_TYPES,
];
export const EVENT_TYPES = eventTypes as [EventType, ...EventType[]];
export const eventType = z.enum(EVENT_TYPES);

/** The window groups events as the seed does, then the webhook health events. */
export const EVENT_GROUPS: { label: string; events: EventType[] }[] = [
  ...EVENT_ORDER.map((key) => ({ label: RESOURCES[key].label, events: eventsOf(RESOURCES[key]) })),
  { label: HEALTH_EVENT_GROUP_LABEL, events: [...HEALTH_EVENT_TYPES] },
];

export const event = z.object({
  id: idOf(ID_PREFIXES.event),
  type: eventType,
  timestamp: isoDateTime,
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof event>;

// ---------------------------------------------------------------- permissions
export type Permission = ResourceWritePermission | ResourceReadPermission | 'webhooks:manage';

/** Each object's write (or create) permission: the seed's six, in its words. */
export const WRITE_PERMISSIONS: readonly { id: Permission; label: string }[] = RESOURCE_LIST.map((r) => ({
  id: writePermission(r),
  label: writePermissionLabel(r),
}));

/** The seed's six, then the read permissions and REST hooks. */
export const PERMISSIONS: readonly { id: Permission; label: string }[] = [
  ...WRITE_PERMISSIONS,
  ...RESOURCE_LIST.map((r) => ({ id: readPermission(r), label: readPermissionLabel(r) })),
  { id: 'webhooks:manage', label: 'Manage webhook subscriptions' },
];
export const PERMISSION_IDS = PERMISSIONS.map((p) => p.id) as [Permission, ...Permission[]];
/** A permission's words, as the window shows them; an unknown id as itself. */
export const permissionLabel = (id: string): string => PERMISSIONS.find((p) => p.id === id)?.label ?? id;
export const permission = z.enum(PERMISSION_IDS);

/**
 * The read permission an event's data needs (an event carries the whole object),
 * the one table both the REST-hooks subscribe check and the fan-out use.
 * `webhook.test` carries sample data only and needs none. The health events name the owner's
 * webhooks and their URLs: there is no `webhooks:read`, so they need `webhooks:manage`, the
 * permission already trusted with webhook subscriptions.
 */
export const EVENT_READ_PERMISSION = Object.fromEntries([
  ...RESOURCE_LIST.flatMap((r) => eventsOf(r).map((type) => [type, readPermission(r)])),
  ['webhook.test', null],
  ...HEALTH_EVENT_TYPES.map((type) => [type, 'webhooks:manage']),
]) as Record<EventType, Permission | null>;

/** Whether a key holding `granted` may receive events of `type`; an unknown type is never allowed. */
export function mayReceiveEvent(granted: readonly string[], type: string): boolean {
  if (!Object.hasOwn(EVENT_READ_PERMISSION, type)) return false;
  const needed = EVENT_READ_PERMISSION[type as EventType];
  return needed === null || granted.includes(needed);
}

// ---------------------------------------------------------------- API keys
export const apiKeyId = idOf(ID_PREFIXES.apiKey);
/** An IPv4/IPv6 address or CIDR; checked for real by the core (ipaddr.js). */
export const ipRule = z.string().trim().min(2).max(64);
export const apiKey = z.object({
  id: apiKeyId,
  name: z.string(),
  /** `ik_live_` and the key's first characters. */
  prefix: z.string(),
  last4: z.string(),
  permissions: z.array(permission),
  ipWhitelist: z.array(z.string()),
  enabled: z.boolean(),
  revokedAt: isoDateTime.nullable(),
  lastUsedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type ApiKey = z.infer<typeof apiKey>;
export const apiKeyCreate = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200),
  permissions: z.array(permission).min(1, 'choose at least one permission'),
  ipWhitelist: z.array(ipRule).max(100).optional(),
});
export const apiKeyUpdate = z.strictObject({
  id: apiKeyId,
  name: z.string().trim().min(1, 'is required').max(200).optional(),
  permissions: z.array(permission).min(1, 'choose at least one permission').optional(),
  ipWhitelist: z.array(ipRule).max(100).optional(),
  enabled: z.boolean().optional(),
});
/** The key itself: returned by create and rotate only, never again. */
export const apiKeyWithSecret = apiKey.extend({ key: z.string() });

/** One rate-limit window as `GET /api/v1/me` reports it; null where the limit is off (0). */
const rateWindow = z
  .object({
    limit: z.number().int().positive().describe('Calls allowed in the window'),
    remaining: z.number().int().min(0).describe('Calls left, after this one'),
    resetAt: isoDateTime.describe('When the oldest counted call leaves the window and quota comes back'),
  })
  .nullable();

/**
 * `GET /api/v1/me`, what a credential test (n8n, Zapier) calls: the calling
 * key as far as it is safe to show (never its hash or its last characters),
 * the rate limits after this call, and the server.
 */
export const apiMe = z.object({
  key: apiKey.pick({ id: true, name: true, prefix: true, permissions: true, ipWhitelist: true }),
  rateLimit: z.object({
    minute: rateWindow.describe("This key's calls in any rolling minute; null when unlimited"),
    keyDay: rateWindow.describe("This key's calls in any rolling 24 hours; null when unlimited"),
    day: rateWindow.describe("All keys' calls together in any rolling 24 hours; null when unlimited"),
  }),
  server: z.object({
    name: z.literal('dVersum'),
    version: z.string(),
    defaultCurrency: z
      .string()
      .describe(
        'The currency a quote or invoice gets when its `currency` is left out (Settings); an integration converts typed amounts to its minor units',
      ),
  }),
});
export type ApiMe = z.infer<typeof apiMe>;

// ---------------------------------------------------------------- webhooks
export const webhookId = idOf(ID_PREFIXES.webhook);
export const webhookEvents = z
  .array(
    z.union([eventType, z.literal('*')], {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not an event: use one of ${EVENT_TYPES.join(', ')}, or * for all events`,
    }),
  )
  .min(1, 'Choose at least one event, or tick All events');
/** Why a REST-hook subscription was disabled with its key (`webhook.disabledReason`); the window explains them. */
export const KEY_REVOKED = 'key revoked';
export const KEY_DISABLED = 'key disabled';

export const webhook = z.object({
  id: webhookId,
  name: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  /** `whsec_…`, the Standard Webhooks signing secret. */
  secret: z.string(),
  /** A static header sent with every delivery, for receivers that check Header Auth (n8n). */
  headerName: z.string().nullable(),
  headerValue: z.string().nullable(),
  /** Why the webhook was disabled by the app (for example after 410 Gone). */
  disabledReason: z.string().nullable(),
  /** `disabledReason`'s code and params (contract/reasons.ts), for the window's language. */
  disabledReasonCode: reasonCode.nullable(),
  disabledReasonParams: reasonParams,
  /** Set while every delivery has failed for 24 h or more (`dispatcher/failing.ts`); one success clears it. */
  failing: z
    .object({ since: isoDateTime, markedAt: isoDateTime, lastError: z.string().nullable() })
    .nullable(),
  /** One delivery in flight at a time, in event order: the next waits until the earlier succeeded or finally failed. */
  ordered: z.boolean(),
  filter: webhookFilter,
  /** Events the filter kept from this webhook: they made no delivery. */
  filteredOut: z
    .number()
    .int()
    .min(0)
    .describe('Events the filter kept from this webhook (no delivery made)'),
  source: z.enum(['app', 'api']),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Webhook = z.infer<typeof webhook>;
const webhookFields = {
  name: z.string().trim().min(1, 'is required').max(200),
  url: z.string().trim().min(1, 'is required').max(2000),
  events: webhookEvents,
  headerName: z.string().trim().max(100).nullable().optional(),
  headerValue: z.string().max(1000).nullable().optional(),
  /** Off by default (parallel is faster); accepted on a disabled webhook too. */
  ordered: z.boolean().optional(),
  /** null or `{}` removes the filter; checked by the core against the events (`webhook-filter.ts`, `filter-paths.ts`). */
  filter: webhookFilter.optional(),
};
export const webhookCreate = z.strictObject(webhookFields);
export const webhookUpdate = z.strictObject({
  id: webhookId,
  ...z.strictObject(webhookFields).partial().shape,
});

// ---------------------------------------------------------------- deliveries (the log)
export const DELIVERY_STATUSES = ['pending', 'success', 'error', 'retrying', 'failed', 'skipped'] as const;
export const deliveryStatus = z.enum(DELIVERY_STATUSES);
export const deliveryId = idOf(ID_PREFIXES.delivery);
export const delivery = z.object({
  id: deliveryId,
  webhookId,
  eventId: idOf(ID_PREFIXES.event),
  eventType: z.string(),
  status: deliveryStatus,
  attempt: z.number().int(),
  responseCode: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  nextAttemptAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  /** Why a waiting delivery is not sent yet: "waiting for an earlier event" (ordered), "waiting for the network". */
  waiting: z.string().optional(),
  /** `waiting`'s code: waiting_earlier or waiting_network (contract/reasons.ts). */
  waitingCode: reasonCode.optional(),
});
export type Delivery = z.infer<typeof delivery>;
export const deliveryAttempt = z.object({
  attempt: z.number().int(),
  startedAt: isoDateTime,
  requestHeaders: z.record(z.string(), z.string()),
  responseCode: z.number().int().nullable(),
  responseBody: z.string().nullable(),
  durationMs: z.number().int(),
  error: z.string().nullable(),
  outcome: z.enum(['success', 'error']),
});
export const deliveryDetail = delivery.extend({
  payload: z.unknown(),
  requestHeaders: z.record(z.string(), z.string()),
  attempts: z.array(deliveryAttempt),
  lastError: z.string().nullable(),
});
export const logFilters = z.strictObject({
  webhookId: webhookId.optional(),
  eventType: z.string().max(100).optional(),
  status: deliveryStatus.optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
export const logListInput = logFilters.extend({
  cursor: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

// ---------------------------------------------------------------- incoming log
export const incomingCall = z.object({
  id: idOf(ID_PREFIXES.incomingCall),
  at: isoDateTime,
  method: z.string(),
  path: z.string(),
  keyId: z.string().nullable(),
  ip: z.string(),
  status: z.number().int(),
  errorCode: z.string().nullable(),
  reason: z.string().nullable(),
  /** `reason`'s code and params (contract/reasons.ts); null for a reason without one (a 422's fields). */
  reasonCode: reasonCode.nullable(),
  reasonParams,
  durationMs: z.number().int(),
});
export const incomingLogInput = z.strictObject({
  keyId: apiKeyId.optional(),
  rejectedOnly: z.boolean().optional(),
  cursor: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

// ---------------------------------------------------------------- settings and dispatch
export const PUBLIC_URL_MESSAGES = {
  notAUrl: 'must be an absolute URL such as https://dversum.example.com',
  scheme: 'must start with https:// or http://',
  credentials: 'must not contain a user name or password',
  queryOrFragment: 'must not have a query (?…) or a fragment (#…)',
} as const;

/**
 * Where the API is reached from outside (a tunnel, a reverse proxy): an absolute http(s) URL
 * without query, fragment or credentials; a trailing slash is trimmed, so paths append to it.
 * A path is kept (a proxy may serve dVersum under `/dversum`).
 */
export const publicUrl = z
  .string()
  .trim()
  .max(2000)
  .transform((text, ctx) => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || !URL.canParse(text))
      return fail(PUBLIC_URL_MESSAGES.notAUrl);
    const url = new URL(text);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(PUBLIC_URL_MESSAGES.scheme);
    if (url.hostname === '') return fail(PUBLIC_URL_MESSAGES.notAUrl);
    if (url.username !== '' || url.password !== '') return fail(PUBLIC_URL_MESSAGES.credentials);
    if (url.search !== '' || url.hash !== '' || /[?#]/.test(text))
      return fail(PUBLIC_URL_MESSAGES.queryOrFragment);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  })
  .nullable();

const PER_KEY_PER_DAY_RANGE = 'must be 0 (unlimited) or a whole number of calls from 1 to 100000000';
const AFTER_DAYS_RANGE = 'must be 0 (never) or a number of days from 1 to 365';
export const settings = z.object({
  /** Seconds to wait after each failed attempt: the seed's 1 min, 5 min, 30 min, 2 h. */
  retrySchedule: z
    .array(
      z
        .number()
        .int('must be a whole number of seconds')
        .min(1, 'must be at least 1 second')
        .max(7 * 24 * 3600, 'must be at most 7 days (604800 seconds)'),
    )
    .min(1, 'give at least one step, in seconds after each failure, such as [60, 300, 1800, 7200]')
    .max(20, 'give at most 20 steps'),
  rateLimits: z.object({
    /** Per key, in any rolling 60 s. 0 is unlimited. */
    incomingPerMinute: z.number().int().min(0).max(1_000_000),
    /** All calls with a valid key, in any rolling 24 h. 0 is unlimited. */
    apiCallsPerDay: z.number().int().min(0).max(100_000_000),
    /**
     * One key's calls in any rolling 24 h, so one key cannot use up the total. null (the default):
     * half the total, following it when the owner changes it (`perKeyDailyLimit`). 0 is unlimited.
     */
    apiCallsPerKeyPerDay: z
      .number('must be a whole number of calls, 0 for unlimited, or empty for half the total')
      .int(PER_KEY_PER_DAY_RANGE)
      .min(0, PER_KEY_PER_DAY_RANGE)
      .max(100_000_000, PER_KEY_PER_DAY_RANGE)
      .nullable(),
    /** Deliveries per webhook per hour; the excess waits. 0 is unlimited. */
    outgoingPerHour: z.number().int().min(0).max(10_000_000),
    /** Refused calls without a valid key, per client address in any rolling 60 s, that are logged one by one; beyond it they are only counted. */
    refusedPerMinute: z.number().int().min(1).max(1_000_000),
  }),
  /** Subscriptions (REST hooks) one API key may hold at once. */
  maxSubscriptionsPerKey: z.number().int().min(1).max(10_000),
  /** Rows the incoming log keeps at most; the oldest go first. */
  incomingLogMaxRows: z.number().int().min(1000).max(100_000_000),
  deliveryTimeoutMs: z.number().int().min(1000).max(120_000),
  logRetentionDays: z.number().int().min(1).max(3650),
  /** Addresses or CIDRs of proxies whose X-Forwarded-For is believed. */
  trustedProxies: z.array(z.string()).max(50),
  /** How long a rotated signing secret keeps signing too. */
  secretRotationGraceHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30),
  server: z.object({
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65535),
  }),
  defaultCurrency: z.string().regex(/^[A-Z]{3}$/),
  /** Days from issue to due date when an invoice is sent without one. */
  invoiceDueDays: z.number().int().min(0).max(365),
  openAtLogin: z.boolean(),
  /** Backups (main/core/backup/): the folder ('' = `backups/` beside the database), how many to keep, the daily time. */
  backups: z.object({
    folder: z.string().trim().max(4096, 'must be at most 4096 characters'),
    keep: z.number().int('must be a whole number').min(1, 'keep at least 1').max(1000, 'keep at most 1000'),
    dailyAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time "HH:MM", such as "03:00"'),
  }),
  /**
   * The address the API is reached at from outside (docs/remote-access.md), or null: used by the
   * window's snippets and base URLs and listed first in the OpenAPI `servers`. Never opens /admin.
   */
  publicUrl,
  // Failing webhooks (dispatcher/failing.ts).
  autoDisable: z.object({
    /** Days of nothing but failures after which a webhook is disabled; 0 is never. */
    afterDays: z
      .number()
      .int('must be a whole number of days')
      .min(0, AFTER_DAYS_RANGE)
      .max(365, AFTER_DAYS_RANGE),
  }),
  /** The window's, the tray's and the notifications' language: the system's, or one chosen (contract/language.ts). */
  language: z.enum(LANGUAGE_CHOICES),
  /** The company details printed on invoices and quotes (contract/documents.ts); the logo is kept apart. */
  company: companySettings,
  /**
   * The owner's webhook that gets the webhook health events (contract/health-events.ts) whatever its
   * event list; null (the default) raises none. The core checks it names one of the owner's webhooks.
   */
  healthEventsTo: webhookId.nullable(),
});
export type Settings = z.infer<typeof settings>;

export const DEFAULT_SETTINGS: Settings = {
  retrySchedule: [60, 300, 1800, 7200],
  rateLimits: {
    incomingPerMinute: 100,
    apiCallsPerDay: 10_000,
    apiCallsPerKeyPerDay: null,
    outgoingPerHour: 1000,
    refusedPerMinute: 60,
  },
  maxSubscriptionsPerKey: 25,
  incomingLogMaxRows: 100_000,
  deliveryTimeoutMs: 10_000,
  logRetentionDays: 30,
  trustedProxies: [],
  secretRotationGraceHours: 24,
  server: { host: '127.0.0.1', port: 4317 },
  defaultCurrency: 'EUR',
  invoiceDueDays: 14,
  openAtLogin: false,
  backups: { folder: '', keep: 14, dailyAt: '03:00' },
  publicUrl: null,
  autoDisable: { afterDays: 5 },
  language: 'system',
  company: DEFAULT_COMPANY,
  healthEventsTo: null,
};

/**
 * The per-key daily limit in force: the owner's, or when unset (null) half the total rounded up,
 * so it follows the total; 0 is unlimited (as is an unset one under an unlimited total).
 */
export const perKeyDailyLimit = (
  limits: Pick<Settings['rateLimits'], 'apiCallsPerDay' | 'apiCallsPerKeyPerDay'>,
): number => limits.apiCallsPerKeyPerDay ?? Math.ceil(limits.apiCallsPerDay / 2);

/** Any part of the settings; deep-merged into the current ones. */
export const settingsPatch = z.strictObject({
  retrySchedule: settings.shape.retrySchedule.optional(),
  rateLimits: settings.shape.rateLimits.partial().strict().optional(),
  maxSubscriptionsPerKey: settings.shape.maxSubscriptionsPerKey.optional(),
  incomingLogMaxRows: settings.shape.incomingLogMaxRows.optional(),
  deliveryTimeoutMs: settings.shape.deliveryTimeoutMs.optional(),
  logRetentionDays: settings.shape.logRetentionDays.optional(),
  trustedProxies: settings.shape.trustedProxies.optional(),
  secretRotationGraceHours: settings.shape.secretRotationGraceHours.optional(),
  server: settings.shape.server.partial().strict().optional(),
  defaultCurrency: settings.shape.defaultCurrency.optional(),
  invoiceDueDays: settings.shape.invoiceDueDays.optional(),
  openAtLogin: settings.shape.openAtLogin.optional(),
  backups: settings.shape.backups.partial().strict().optional(),
  publicUrl: settings.shape.publicUrl.optional(),
  autoDisable: settings.shape.autoDisable.partial().strict().optional(),
  language: settings.shape.language.optional(),
  company: settings.shape.company.partial().strict().optional(),
  healthEventsTo: settings.shape.healthEventsTo.optional(),
});

export const dispatchStatus = z.object({
  paused: z.boolean(),
  /** Why sending is paused when dVersum paused it itself (after a restore); absent for the owner's pause. */
  pausedReason: z.string().optional(),
  /** `pausedReason`'s code and params (contract/reasons.ts), present with it. */
  pausedReasonCode: reasonCode.nullable().optional(),
  pausedReasonParams: reasonParams.optional(),
  /** Deliveries waiting to be sent (held by the pause, or due later). */
  held: z.number().int(),
  /** Enabled webhooks whose latest delivery failed or is retrying. */
  failing: z.number().int(),
  /**
   * Deliveries sent whose outcome could not be saved (a fault in recording, not the receiver's): each
   * stays waiting and is sent again on the retry schedule's steps until it can be recorded. The oldest 10;
   * absent when there are none.
   */
  stuck: z
    .array(
      z.object({
        deliveryId,
        webhookId,
        webhookName: z.string(),
        /** What went wrong when recording. */
        error: z.string(),
        since: isoDateTime,
        /** Sends whose outcome could not be saved. */
        sends: z.number().int(),
        nextSendAt: isoDateTime,
      }),
    )
    .optional(),
  /** How many deliveries are stuck in all; absent when there are none. */
  stuckCount: z.number().int().optional(),
});
