/**
 * The desktop's side of the core's notices (`core.notices`, already coalesced):
 * each goes to the window on the one notice channel (MainWindow.send, our own
 * page only), and those that change what the tray shows (pause, held and
 * failing counts) refresh it. The tray also re-reads after the window's own
 * changes that move those counts without a notice (a webhook disabled or
 * deleted, a redelivery while paused): `refreshAfterChanges`.
 */
import type { Notice, OperationName } from '../../contract/index.js';
import type { Handlers } from '../core/handlers/types.js';

export interface NoticeSource {
  on(listener: (notice: Notice) => void): () => void;
}

export interface NoticeTargets {
  toWindow(notice: Notice): void;
  refreshTray(): void;
}

/** What the tray shows (`TrayState`) may have changed. */
export const changesTray = (notice: Notice): boolean => notice.type !== 'keys.used';

export function forwardNotices(source: NoticeSource, targets: NoticeTargets): () => void {
  return source.on((notice) => {
    targets.toWindow(notice);
    if (changesTray(notice)) targets.refreshTray();
  });
}

/** Operations of the window that can change the held or failing counts while raising no notice. */
export const TRAY_CHANGING_OPERATIONS: readonly OperationName[] = [
  'webhooks.update',
  'webhooks.delete',
  'webhooks.setEnabled',
  'webhooks.sendTest',
  'log.redeliver',
  'log.replay',
  'keys.update',
  'keys.revoke',
];

/** Wraps those handlers so the tray re-reads once each succeeds (a no-op when nothing it shows changed). */
export function refreshAfterChanges(handlers: Partial<Handlers>, refresh: () => void): Partial<Handlers> {
  const wrapped: Partial<Handlers> = { ...handlers };
  for (const name of TRAY_CHANGING_OPERATIONS) {
    const handler = handlers[name] as ((input: unknown) => unknown) | undefined;
    if (!handler) continue;
    (wrapped as Record<string, unknown>)[name] = async (input: unknown) => {
      const out = await handler(input);
      refresh();
      return out;
    };
  }
  return wrapped;
}
