/**
 * Refused calls without a valid key, per client address: the first
 * `refusedPerMinute` in any rolling 60 s are logged one by one; beyond that
 * they are only counted, and one summary row tells how many were left out.
 * Any web page can send such calls (`fetch(…, { mode: 'no-cors' })`), so
 * without this a stranger could fill the disk with log rows.
 *
 * The summary is written at the address's next logged call, or once its
 * minute has ended (checked at most once a second as calls arrive and when the
 * log is read), or when the log closes. The counters live in memory, at most
 * `MAX_ADDRESSES` of them: when a spray of addresses fills the map, the address
 * heard from least recently goes first, its summary written rather than lost.
 * The caller's answer is never affected; only logging is limited.
 */
import { toIso } from '../clock.js';
import type { IncomingCallEntry } from './incoming-call.js';
import { MINUTE_MS, SlidingWindow } from './rate-limiter.js';

export const MAX_ADDRESSES = 10_000;
const SWEEP_EVERY_MS = 1000;

interface AddressState {
  /** Refused calls from this address logged one by one in the last minute. */
  logged: SlidingWindow;
  /** Calls counted, not logged, since the last summary. */
  counted: number;
  firstCountedAt: number;
  lastCounted: IncomingCallEntry | null;
}

/** The reason of a summary row. */
export function summaryReason(count: number, limit: number, fromMs: number, toMs: number): string {
  const calls = count === 1 ? '1 more refused call' : `${count} more refused calls`;
  const were = count === 1 ? 'was' : 'were';
  const when = count === 1 ? `at ${toIso(toMs)}` : `from ${toIso(fromMs)} to ${toIso(toMs)}`;
  return `${calls} from this address ${were} not logged one by one (at most ${limit} a minute are), ${when}`;
}

export class RefusedCalls {
  /** Least recently heard from first (an address is moved to the end on every call). */
  private readonly byAddress = new Map<string, AddressState>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(private readonly maxAddresses = MAX_ADDRESSES) {}

  /** The rows to log for this refused call, in order: none, or summaries due and then the call itself. */
  admit(entry: IncomingCallEntry, limit: number): IncomingCallEntry[] {
    const rows: IncomingCallEntry[] = [];
    let state = this.byAddress.get(entry.ip);
    if (state) this.byAddress.delete(entry.ip);
    else {
      state = { logged: new SlidingWindow(MINUTE_MS), counted: 0, firstCountedAt: 0, lastCounted: null };
      if (this.byAddress.size >= this.maxAddresses) {
        const [oldest, evicted] = this.byAddress.entries().next().value!;
        this.byAddress.delete(oldest);
        const summary = this.summarise(evicted, limit, entry.at);
        if (summary) rows.push(summary);
      }
    }
    this.byAddress.set(entry.ip, state);

    if (state.logged.count(entry.at) < limit) {
      const summary = this.summarise(state, limit, entry.at);
      if (summary) rows.push(summary);
      state.logged.add(entry.at);
      rows.push(entry);
    } else {
      if (state.counted === 0) state.firstCountedAt = entry.at;
      state.counted++;
      state.lastCounted = entry;
    }
    return rows;
  }

  /**
   * Summaries of the addresses whose minute has ended (every one that counted
   * something when `all`, as the log closes); forgets addresses gone quiet.
   * Without `all`, looks at most once a second.
   */
  due(now: number, limit: number, all = false): IncomingCallEntry[] {
    if (!all && now - this.lastSweep < SWEEP_EVERY_MS) return [];
    this.lastSweep = now;
    const rows: IncomingCallEntry[] = [];
    for (const [address, state] of this.byAddress) {
      const room = state.logged.count(now) < limit;
      if (state.counted > 0 && (all || room)) rows.push(this.summarise(state, limit, now)!);
      if (state.counted === 0 && state.logged.isEmpty(now)) this.byAddress.delete(address);
    }
    return rows;
  }

  /** How many addresses are being tracked (bounded by `maxAddresses`). */
  get size(): number {
    return this.byAddress.size;
  }

  /**
   * The summary row, dated when it is written (`at`), not back at the calls it
   * counts: ids sort by time, and a row dated in the past would shuffle the
   * order of the calls logged in the same millisecond.
   */
  private summarise(state: AddressState, limit: number, at: number): IncomingCallEntry | undefined {
    const last = state.lastCounted;
    if (state.counted === 0 || !last) return undefined;
    const summary: IncomingCallEntry = {
      ...last,
      at,
      reason: summaryReason(state.counted, limit, state.firstCountedAt, last.at),
      durationMs: 0,
    };
    state.counted = 0;
    state.lastCounted = null;
    return summary;
  }
}
