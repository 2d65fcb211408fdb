/**
 * Whether the machine is online, as the dispatcher asks it: while it is not,
 * due attempts to receivers off this machine are held (not made, not counted)
 * and go out in due-time order when it returns, the schedule continuing where
 * it was. Injected like the other host services: the desktop gives Electron's
 * `net.isOnline()` and its changes (`main/electron/online.ts`); headless uses
 * `NetworkWatch`, which infers it from what the sends saw (`network-detector.ts`)
 * and, while offline, lets one send through every `PROBE_INTERVAL_MS` to find
 * out whether the network is back.
 */
import type { SendResult } from './http-sender.js';
import { looksOffline, signalOf, type Observation } from './network-detector.js';

export interface OnlineSource {
  isOnline(): boolean;
  /** Returns the unsubscribe. */
  onChange(listener: (online: boolean) => void): () => void;
  /** What a send to a receiver off this machine saw (headless learns from it). */
  observe?(url: string, result: SendResult, now: number): void;
  /** While offline: whether one send may go out now to see whether the network is back (takes the turn). */
  takeProbe?(now: number): boolean;
}

export const PROBE_INTERVAL_MS = 30_000;

/** Listeners of an online source: told only on a change. */
export class OnlineListeners {
  readonly #listeners = new Set<(online: boolean) => void>();

  on(listener: (online: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  emit(online: boolean): void {
    for (const listener of this.#listeners) {
      try {
        listener(online);
      } catch (err) {
        console.error('dVersum: an online-state listener failed', err);
      }
    }
  }
}

/** Headless: offline when the sends to every host tried lately failed at the network level. */
export class NetworkWatch implements OnlineSource {
  readonly #listeners = new OnlineListeners();
  #observations: Observation[] = [];
  readonly #resolved = new Set<string>();
  #online = true;
  #lastProbe = -Infinity;

  isOnline(): boolean {
    return this.#online;
  }

  onChange(listener: (online: boolean) => void): () => void {
    return this.#listeners.on(listener);
  }

  observe(url: string, result: SendResult, now: number): void {
    const host = new URL(url).host;
    const signal = signalOf(result, this.#resolved.has(host));
    if (signal === 'unknown') return;
    if (signal === 'reached') this.#resolved.add(host);
    this.#observations = [...this.#observations.filter((o) => o.host !== host), { host, at: now, signal }];
    this.#set(!looksOffline(this.#observations, now));
  }

  takeProbe(now: number): boolean {
    if (this.#online || now - this.#lastProbe < PROBE_INTERVAL_MS) return false;
    this.#lastProbe = now;
    return true;
  }

  #set(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    this.#listeners.emit(online);
  }
}
