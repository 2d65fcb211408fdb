/**
 * Headless mode has no operating system telling it the network is gone, so it
 * infers it (pure, tested alone): the machine is offline when, within a short
 * window, the sends to every distinct host it tried failed at the network
 * level — no route (ENETUNREACH, EHOSTUNREACH, ENETDOWN), DNS not answering
 * (EAI_AGAIN), or a name that resolved before not resolving now (ENOTFOUND).
 * Any answer at all (an HTTP status, a refused connection, a TLS error) means
 * the network is there. Receivers on this machine say nothing about it and
 * are not observed.
 */
import type { SendResult } from './http-sender.js';

export const DETECTION_WINDOW_MS = 60_000;

const NO_ROUTE = /\b(ENETUNREACH|EHOSTUNREACH|ENETDOWN|EAI_AGAIN)\b/;
const NOT_RESOLVED = /\bENOTFOUND\b/;

/** What one send says about the network. */
export type NetworkSignal = 'reached' | 'unreachable' | 'unknown';

/** `resolvedBefore`: this host was reached earlier, so a name lookup failing now is the network's fault. */
export function signalOf(result: SendResult, resolvedBefore: boolean): NetworkSignal {
  if (result.statusCode !== null) return 'reached';
  const error = result.error ?? '';
  if (NO_ROUTE.test(error)) return 'unreachable';
  if (NOT_RESOLVED.test(error)) return resolvedBefore ? 'unreachable' : 'unknown';
  // A timeout may be a slow receiver; an error before the network (a sealed header) says nothing.
  if (/timed out|not stored|could not send/.test(error)) return 'unknown';
  return 'reached'; // refused, reset, TLS: something answered
}

export interface Observation {
  host: string;
  at: number;
  signal: 'reached' | 'unreachable';
}

/** Offline: at least one host tried within the window, and the latest send to each failed at the network level. */
export function looksOffline(
  observations: Observation[],
  now: number,
  windowMs = DETECTION_WINDOW_MS,
): boolean {
  const latest = new Map<string, Observation>();
  for (const o of observations) {
    if (now - o.at > windowMs) continue;
    const seen = latest.get(o.host);
    if (!seen || o.at >= seen.at) latest.set(o.host, o);
  }
  return latest.size > 0 && [...latest.values()].every((o) => o.signal === 'unreachable');
}
