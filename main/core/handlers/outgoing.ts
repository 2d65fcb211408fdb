/**
 * Outgoing webhooks, their log and dispatch, as contract operations. The
 * services do the work; `log.export` differs by host (a one-time link in
 * headless mode, a save dialog on the desktop), so it goes to `host`.
 */
import type { Core } from '../services.js';
import type { HandlerGroup, HostServices, OutgoingOps } from './types.js';

export function outgoingHandlers(core: Core, host: HostServices): HandlerGroup<OutgoingOps> {
  const { webhooks, dispatcher, deliveryLog } = core;
  return {
    'webhooks.list': () => ({ items: webhooks.list() }),
    'webhooks.create': (input) => webhooks.create(input),
    'webhooks.update': (input) => webhooks.update(input),
    'webhooks.delete': ({ id }) => {
      webhooks.delete(id);
      return { ok: true };
    },
    'webhooks.setEnabled': ({ id, enabled }) => webhooks.setEnabled(id, enabled),
    'webhooks.rotateSecret': ({ id }) => webhooks.rotateSecret(id),
    'webhooks.sendTest': ({ id, eventType }) => dispatcher.sendTest(id, eventType),
    'webhooks.stats': ({ id, days }) => deliveryLog.stats(id, days),

    'log.list': (input) => deliveryLog.list(input),
    'log.get': ({ id }) => deliveryLog.get(id),
    'log.redeliver': ({ deliveryId }) => deliveryLog.redeliver(deliveryId),
    'log.replay': (input) => deliveryLog.replay(input),
    'log.export': (input) => host.exportLog(input),

    'dispatch.status': () => dispatcher.status(),
    'dispatch.setPaused': ({ paused }) => dispatcher.setPaused(paused),
  };
}
