/**
 * Why a waiting delivery is not going out, as the log shows it: behind an
 * earlier event of an ordered webhook, or held while the network is away
 * (`online.ts`; a receiver on this machine is never held).
 */
import type { DeliveryRow } from '../store/repositories/deliveries.js';
import { isLoopbackUrl } from './url-policy.js';

export const WAITING_FOR_EARLIER = 'waiting for an earlier event';
export const WAITING_FOR_NETWORK = 'waiting for the network';

export interface WaitingDeps {
  webhook(id: string): { ordered: boolean; url: string } | undefined;
  /** The id of an ordered webhook's oldest waiting delivery. */
  headId(webhookId: string): string | undefined;
  online(): boolean;
  now(): number;
}

/** Each waiting row's reason, by delivery id (rows that are sent as usual have none). */
export function waitingReasons(
  rows: Pick<DeliveryRow, 'id' | 'webhookId' | 'nextAttemptAt'>[],
  deps: WaitingDeps,
): Map<string, string> {
  const out = new Map<string, string>();
  const heads = new Map<string, string | undefined>();
  const online = deps.online();
  const now = deps.now();
  for (const row of rows) {
    if (row.nextAttemptAt === null) continue;
    const hook = deps.webhook(row.webhookId);
    if (!hook) continue;
    if (hook.ordered) {
      if (!heads.has(row.webhookId)) heads.set(row.webhookId, deps.headId(row.webhookId));
      if (heads.get(row.webhookId) !== row.id) {
        out.set(row.id, WAITING_FOR_EARLIER);
        continue;
      }
    }
    if (!online && row.nextAttemptAt <= now && !isLoopbackUrl(hook.url)) out.set(row.id, WAITING_FOR_NETWORK);
  }
  return out;
}
