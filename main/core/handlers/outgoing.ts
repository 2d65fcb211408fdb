/**
 * Outgoing webhooks, their log and dispatch, as contract operations. The
 * services do the work; `log.export` differs by host (a one-time link in
 * headless mode, a save dialog on the desktop), so it goes to `host`.
 * Webhook changes go through the turn's group commit; test events, redeliver,
 * replay and pause commit on their own, since they wake the dispatcher
 * themselves (see policy.ts).
 */
import type { Core } from '../services.js';
import { commitPolicies } from './policy.js';
import type { HandlerGroup, HostServices, OutgoingOps } from './types.js';

export function outgoingHandlers(core: Core, host: HostServices): HandlerGroup<OutgoingOps> {
  const { webhooks, dispatcher, deliveryLog } = core;
  const { read, change, direct } = commitPolicies(core);
  return {
    'webhooks.list': read(() => ({ items: webhooks.list() })),
    'webhooks.create': change((input) => webhooks.create(input)),
    'webhooks.update': change((input) => webhooks.update(input)),
    'webhooks.delete': change(({ id }) => {
      webhooks.delete(id);
      return { ok: true as const };
    }),
    'webhooks.setEnabled': change(({ id, enabled }) => webhooks.setEnabled(id, enabled)),
    'webhooks.rotateSecret': change(({ id }) => webhooks.rotateSecret(id)),
    'webhooks.sendTest': direct(({ id, eventType }) => dispatcher.sendTest(id, eventType)),
    'webhooks.stats': read(({ id, days }) => deliveryLog.stats(id, days)),

    'log.list': read((input) => deliveryLog.list(input)),
    'log.get': read(({ id }) => deliveryLog.get(id)),
    'log.redeliver': direct(({ deliveryId }) => deliveryLog.redeliver(deliveryId)),
    'log.replay': direct((input) => deliveryLog.replay(input)),
    // The host streams the file itself (a link, or the save dialog); nothing to commit.
    'log.export': read((input) => host.exportLog(input)),

    'dispatch.status': read(() => dispatcher.status()),
    'dispatch.setPaused': direct(({ paused }) => dispatcher.setPaused(paused)),
  };
}
