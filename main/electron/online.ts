/**
 * The desktop's online state for the dispatcher (`core/dispatcher/online.ts`):
 * Electron's `net.isOnline()`, re-read every few seconds and on resume from
 * sleep, told to the core only when it changes. Electron's main process has no
 * online/offline event of its own (the window's are the renderer's), so a cheap
 * poll it is; the timer is unref'd and stopped on quit.
 */
import type { OnlineSource } from '../core/dispatcher/online.js';
import { OnlineListeners } from '../core/dispatcher/online.js';

export const ONLINE_POLL_MS = 5_000;

export interface OnlineTimers {
  every(fn: () => void, ms: number): unknown;
  stop(handle: unknown): void;
}

const realTimers: OnlineTimers = {
  every: (fn, ms) => setInterval(fn, ms).unref(),
  stop: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export interface DesktopOnline extends OnlineSource {
  /** Re-reads now (after resume, say). */
  check(): void;
  close(): void;
}

export function electronOnline(
  net: { isOnline(): boolean },
  timers: OnlineTimers = realTimers,
  pollMs = ONLINE_POLL_MS,
): DesktopOnline {
  const listeners = new OnlineListeners();
  let online = net.isOnline();
  const check = () => {
    const now = net.isOnline();
    if (now === online) return;
    online = now;
    listeners.emit(now);
  };
  const handle = timers.every(check, pollMs);
  return {
    isOnline: () => online,
    onChange: (listener) => listeners.on(listener),
    check,
    close: () => timers.stop(handle),
  };
}
