/**
 * The core's source of notices (`contract/notices.ts`): what the window and the
 * tray must refresh, told as it happens, to the desktop's IPC and headless's
 * Server-Sent Events alike.
 *
 * Rules:
 * - Bursts are coalesced: at most one notice of a kind per subject (the key,
 *   the webhook; nothing for pause and deliveries) in any `windowMs`. The first
 *   goes at once; what comes during the window is merged into one notice sent
 *   when it ends, so 1,000 deliveries in a second are a handful of messages,
 *   and the last change of a burst is always told.
 * - Timers are injected (tests move them; nothing here sleeps) and unref'd: a
 *   pending notice never keeps the process alive. `close()` drops what waits.
 * - A listener that throws does not disturb the others or the caller (the
 *   dispatcher, the key gate).
 */
import type { Notice } from '../../contract/notices.js';
import type { DispatchEvent } from './dispatcher/dispatch-events.js';

export const NOTICE_WINDOW_MS = 250;

export interface NoticeTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: NoticeTimers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export type NoticeListener = (notice: Notice) => void;

/** The subject a notice is coalesced under, within its kind. */
function subjectOf(notice: Notice): string {
  switch (notice.type) {
    case 'keys.used':
      return notice.keyId;
    case 'webhooks.changed':
      return notice.webhookId;
    default:
      return '';
  }
}

interface Window {
  timer: unknown;
  /** The latest notice of the window, told at its end. */
  pending?: Notice;
  /** deliveries.recorded: every webhook named during the window (a Set: a burst stays O(1) per notice)… */
  webhookIds?: Set<string>;
  /** …or any, when one notice named none (new events fanned out). */
  anyWebhook?: boolean;
}

/** Takes `notice` into the window: the latest wins, deliveries name every webhook any of them named. */
function absorb(open: Window, notice: Notice): void {
  open.pending = notice;
  if (notice.type !== 'deliveries.recorded') return;
  if (!notice.webhookIds) open.anyWebhook = true;
  else for (const id of notice.webhookIds) (open.webhookIds ??= new Set()).add(id);
}

function merged(open: Window): Notice | undefined {
  const notice = open.pending;
  if (notice?.type !== 'deliveries.recorded') return notice;
  if (open.anyWebhook || !open.webhookIds) return { type: 'deliveries.recorded' };
  return { type: 'deliveries.recorded', webhookIds: [...open.webhookIds] };
}

export class Notices {
  readonly #listeners = new Set<NoticeListener>();
  readonly #windows = new Map<string, Window>();
  readonly #timers: NoticeTimers;
  readonly #windowMs: number;
  #closed = false;

  constructor(options: { timers?: NoticeTimers; windowMs?: number } = {}) {
    this.#timers = options.timers ?? realTimers;
    this.#windowMs = options.windowMs ?? NOTICE_WINDOW_MS;
  }

  /** Returns the unsubscribe function. */
  on(listener: NoticeListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  notify(notice: Notice): void {
    if (this.#closed) return;
    const key = `${notice.type}\u0000${subjectOf(notice)}`;
    const open = this.#windows.get(key);
    if (open) return absorb(open, notice);
    this.#deliver(notice);
    this.#open(key);
  }

  /** Pending notices are dropped; later ones ignored. */
  close(): void {
    this.#closed = true;
    for (const open of this.#windows.values()) this.#timers.clear(open.timer);
    this.#windows.clear();
    this.#listeners.clear();
  }

  #open(key: string): void {
    const timer = this.#timers.set(() => {
      const open = this.#windows.get(key);
      this.#windows.delete(key);
      const notice = open && merged(open);
      if (!notice) return;
      this.#deliver(notice);
      this.#open(key);
    }, this.#windowMs);
    this.#windows.set(key, { timer });
  }

  #deliver(notice: Notice): void {
    for (const listener of this.#listeners) {
      try {
        listener(notice);
      } catch (err) {
        console.error('dVersum: a notice listener failed', err);
      }
    }
  }
}

/** The notices one dispatcher event means. */
export function noticesOfDispatch(event: DispatchEvent): Notice[] {
  switch (event.type) {
    case 'paused':
      return [{ type: 'dispatch.changed', paused: event.paused }];
    case 'webhook.disabled':
    case 'webhook.failing':
    case 'webhook.recovered':
      return [{ type: 'webhooks.changed', webhookId: event.webhookId }];
    default:
      return [{ type: 'deliveries.recorded', webhookIds: [event.webhookId] }];
  }
}

/** Where the core's notices come from; each returns its unsubscribe. */
export interface NoticeSources {
  onDispatchEvent(listener: (event: DispatchEvent) => void): () => void;
  /** New events in the outbox: their deliveries are fanned out in the same turn, before any window can ask. */
  onEventsRecorded(listener: () => void): () => void;
}

/** Feeds `notices` from the dispatcher and the outbox; key use is fed by `ApiKeysService`'s `onUsed`. */
export function feedNotices(notices: Notices, sources: NoticeSources): () => void {
  const stops = [
    sources.onDispatchEvent((event) => {
      for (const notice of noticesOfDispatch(event)) notices.notify(notice);
    }),
    sources.onEventsRecorded(() => notices.notify({ type: 'deliveries.recorded' })),
  ];
  return () => stops.forEach((stop) => stop());
}
