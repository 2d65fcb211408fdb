/**
 * The notices main sends the window as things change outside it: over IPC in
 * the desktop (one channel, `NOTICE_CHANNEL`) and as Server-Sent Events in
 * headless (`GET /admin/events`). A closed list. A notice says what changed,
 * never the new state: the window re-fetches through the contract, so a
 * notice lost or coalesced costs a refresh, never a wrong screen.
 *
 * - `dispatch.changed`: pause switched (the pause switch, the tray).
 * - `deliveries.recorded`: deliveries were made or attempted (the log, the
 *   charts, the held and failing counts); `webhookIds` names the webhooks when
 *   known, and is absent when any may be concerned (new events fanned out).
 * - `webhooks.changed`: a webhook changed without the window asking (a 410
 *   disabled it).
 * - `keys.used`: a key's last-used time was written (at most once a minute per key).
 */
import { z } from 'zod';
import { apiKeyId, webhookId } from './integrations.js';

export const notice = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('dispatch.changed'), paused: z.boolean() }),
  z.strictObject({ type: z.literal('deliveries.recorded'), webhookIds: z.array(webhookId).optional() }),
  z.strictObject({ type: z.literal('webhooks.changed'), webhookId }),
  z.strictObject({ type: z.literal('keys.used'), keyId: apiKeyId }),
]);

export type Notice = z.infer<typeof notice>;
export type NoticeType = Notice['type'];

/** The one IPC channel notices travel on (main → window). */
export const NOTICE_CHANNEL = 'notice';

/** Headless: the Server-Sent Events stream of notices, under the same admin checks as /admin/rpc. */
export const NOTICES_PATH = '/admin/events';

/** A notice as received (over IPC or SSE), or undefined when it is not one of ours. */
export function parseNotice(value: unknown): Notice | undefined {
  const parsed = notice.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
