/**
 * Which cached reads a notice makes stale: react-query refetches those on
 * screen, and the others when they are next shown. Reads are cached under
 * `[operation, input]` (`useOp`).
 */
import type { Notice } from '../../../contract/notices.js';

type Key = readonly unknown[];

const op =
  (...names: string[]) =>
  (key: Key): boolean =>
    names.includes(String(key[0]));

const inputId = (key: Key): unknown => (key[1] as { id?: unknown } | undefined)?.id;

/** Whether the read cached under `key` may show something `notice` says changed. */
export function isStaleAfter(notice: Notice): (key: Key) => boolean {
  switch (notice.type) {
    case 'dispatch.changed':
      return op('dispatch.status');
    case 'deliveries.recorded': {
      // The log's head (its pages follow the head), the held and failing counts, the charts; after new
      // events (no webhooks named) also the webhooks, whose filtered-out counts the fan-out moved.
      const ids = notice.webhookIds;
      return (key) =>
        op('log.list', 'log.get', 'dispatch.status')(key) ||
        (key[0] === 'webhooks.stats' && (!ids || ids.includes(String(inputId(key))))) ||
        (!ids && key[0] === 'webhooks.list');
    }
    case 'webhooks.changed':
      return op('webhooks.list', 'dispatch.status');
    case 'keys.used':
      return op('keys.list');
  }
}
