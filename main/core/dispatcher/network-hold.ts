/**
 * The dispatcher's side of `online.ts`: which sends are held while the machine
 * is offline. Receivers on this machine (a local n8n) are never held; the
 * others wait in their rows, not made and not counted. Headless lets one send
 * through per probe interval to learn whether the network is back; a send that
 * fails at the network level while offline is held too, not recorded.
 */
import type { SendResult } from './http-sender.js';
import { signalOf } from './network-detector.js';
import { PROBE_INTERVAL_MS, type OnlineSource } from './online.js';
import { isLoopbackUrl } from './url-policy.js';

/** One pass over the webhooks: whether their sends are held, and whether one may go as the probe. */
export interface HoldTurn {
  /** Whether a send to this URL is held now (false for a receiver on this machine). */
  holds(url: string): boolean;
  /** Whether a held webhook may send one delivery now, as the probe. */
  mayProbe(): boolean;
  /** A held webhook sent its one delivery: the probe of this turn is taken. */
  probed(): void;
}

export class NetworkHold {
  private readonly loopback = new Map<string, boolean>();

  constructor(private readonly online: OnlineSource) {}

  /** Back online: `wake` runs, so what was held goes out at once, in due-time order. Returns the unsubscribe. */
  onReturn(wake: () => void): () => void {
    return this.online.onChange((online) => online && wake());
  }

  turn(now: number): HoldTurn {
    const online = this.online.isOnline();
    let probe = !online && (this.online.takeProbe?.(now) ?? false);
    return {
      holds: (url) => !online && !this.isLoopback(url),
      mayProbe: () => probe,
      probed: () => void (probe = false),
    };
  }

  /** After a send: tells the source what it saw, and whether the send is held rather than recorded. */
  heldAfter(url: string, result: SendResult, now: number): boolean {
    if (this.isLoopback(url)) return false;
    this.online.observe?.(url, result, now);
    return !this.online.isOnline() && signalOf(result, true) === 'unreachable';
  }

  /** The longest the dispatcher's timer may wait: offline with probes, the probe interval. */
  longestWait(max: number): number {
    return this.online.isOnline() || !this.online.takeProbe ? max : PROBE_INTERVAL_MS;
  }

  private isLoopback(url: string): boolean {
    let known = this.loopback.get(url);
    if (known === undefined) this.loopback.set(url, (known = isLoopbackUrl(url)));
    return known;
  }
}
