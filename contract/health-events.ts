/**
 * Webhook health events, as Svix's operational webhooks (`endpoint.disabled`, …): dVersum tells a
 * webhook of the owner's choice (the setting `healthEventsTo`) that another webhook started
 * failing, was disabled, or recovered. Raised in the transaction that marks the state
 * (main/core/dispatcher/health-events.ts); never carries a secret or a header value.
 */
import { z } from 'zod';
import { isoDateTime } from './common.js';
import { ID_PREFIXES } from './id-prefixes.js';

export const HEALTH_EVENT_TYPES = ['webhook.failing', 'webhook.disabled', 'webhook.recovered'] as const;
export type HealthEventType = (typeof HEALTH_EVENT_TYPES)[number];
export const HEALTH_EVENT_GROUP_LABEL = 'Webhook health';

export const isHealthEvent = (type: string): type is HealthEventType =>
  (HEALTH_EVENT_TYPES as readonly string[]).includes(type);

/**
 * Why the event was raised: `failing` (every delivery failed for 24 h), `failing_disabled` (disabled
 * after `autoDisable.afterDays` of failures), `receiver_gone` (disabled after a 410 Gone), `recovered`
 * (a delivery succeeded after the webhook was marked failing). The codes of the disabled reasons are
 * those of contract/reasons.ts.
 */
export const HEALTH_REASON_CODES = ['failing', 'failing_disabled', 'receiver_gone', 'recovered'] as const;
export type HealthReasonCode = (typeof HEALTH_REASON_CODES)[number];

/** The ids here are checked by shape only: the data names a webhook that may since have been deleted. */
const webhookIdShape = z.string().regex(new RegExp(`^${ID_PREFIXES.webhook}_[0-9a-z]{26}$`));
const deliveryIdShape = z.string().regex(new RegExp(`^${ID_PREFIXES.delivery}_[0-9a-z]{26}$`));

export const healthEventData = z.object({
  webhookId: webhookIdShape.describe('The webhook this event is about'),
  name: z.string().describe("The webhook's name"),
  url: z
    .string()
    .describe(
      "The webhook's origin (scheme, host and port): never its path or query, which can be a secret of their own (an n8n or Slack webhook URL's), nor its signing secret or static header",
    ),
  reasonCode: z.enum(HEALTH_REASON_CODES).describe('Why the event was raised, as a stable code'),
  reason: z.string().describe('Why the event was raised, in English'),
  failingSince: isoDateTime.describe('The first failed attempt of the streak (after the last success)'),
  attemptsFailed: z
    .number()
    .int()
    .min(1)
    .describe('Attempts that failed since `failingSince` (the owner’s own resends not counted)'),
  lastError: z.string().nullable().describe("The last failed attempt's error, such as HTTP 500"),
  deliveryId: deliveryIdShape
    .nullable()
    .describe(
      'The delivery whose attempt raised this event (for `webhook.recovered`, the one that succeeded)',
    ),
  eventId: z.string().nullable().describe('The event that delivery carries'),
});
export type HealthEventData = z.infer<typeof healthEventData>;

/** Who gets them, the same for the three. */
const ROUTING =
  'Raised only while a webhook is chosen under "Send webhook health events to" (Settings > Webhooks): that webhook ' +
  'gets it whatever its events, and so does every webhook or subscription that lists it by name (not `*`).';

/** What each type means (the event catalog's description). */
export const HEALTH_EVENT_DESCRIPTIONS: Record<HealthEventType, string> = {
  'webhook.failing': `A webhook started failing: every delivery to it failed for 24 hours. ${ROUTING} Never sent to the failing webhook itself.`,
  'webhook.disabled': `A webhook was disabled by dVersum: it kept failing for the days set under "Disable a failing webhook after", or its receiver answered 410 Gone. ${ROUTING} Never sent to the disabled webhook itself.`,
  'webhook.recovered': `A webhook that was marked failing delivered an event again. ${ROUTING}`,
};

/** A realistic example (the catalog's and the test button's sample). */
export function sampleHealthData(
  type: HealthEventType,
  input: { now: number; webhook: { id: string; name: string }; deliveryId: string; eventId: string },
): HealthEventData {
  const iso = (ms: number) => new Date(ms).toISOString();
  const since = iso(input.now - (type === 'webhook.disabled' ? 5 * 86_400_000 : 86_400_000));
  const base = {
    webhookId: input.webhook.id,
    name: input.webhook.name,
    url: 'https://n8n.example.com',
    failingSince: since,
    deliveryId: input.deliveryId,
    eventId: input.eventId,
  };
  if (type === 'webhook.failing')
    return {
      ...base,
      reasonCode: 'failing',
      reason: failingMarkedReason(since, 'HTTP 502'),
      attemptsFailed: 9,
      lastError: 'HTTP 502',
    };
  if (type === 'webhook.disabled')
    return {
      ...base,
      reasonCode: 'failing_disabled',
      reason: `failing since ${since}: every delivery failed for 5 days (last error: HTTP 502)`,
      attemptsFailed: 41,
      lastError: 'HTTP 502',
    };
  return {
    ...base,
    reasonCode: 'recovered',
    reason: recoveredReason(since),
    attemptsFailed: 12,
    lastError: 'HTTP 502',
  };
}

/** The English reason of `webhook.failing`. */
export const failingMarkedReason = (since: string, lastError: string | null): string =>
  `failing since ${since}: every delivery failed for 24 hours (last error: ${lastError ?? 'unknown'})`;

/** The English reason of `webhook.recovered`. */
export const recoveredReason = (since: string): string =>
  `recovered: a delivery succeeded after failing since ${since}`;
