/**
 * The dispatcher: only the loop, its fairness and its limits. Each round
 * reads `prepare → send → record`, as Svix's worker does:
 *
 * - fan-out (`fan-out.ts`) turns new outbox events into deliveries;
 * - each due delivery gets a slot: at most `maxInFlightPerWebhook` per webhook
 *   (one for an `ordered` webhook, its oldest waiting delivery first),
 *   so one slow receiver never holds up the others, `maxInFlight` in all,
 *   an API key's subscriptions together their share (`key-share.ts`), so one
 *   key's slow receivers never hold up the owner's webhooks or other keys;
 *   webhooks taken round-robin so none is always last when the bound is hit;
 *   the outgoing rate limit moves the excess to when a slot frees (never dropped);
 * - `prepare.ts` admits each due delivery in the round (a disabled webhook's,
 *   or a key's subscription whose key may no longer read the event, is
 *   `skipped` with the reason, taking no slot), then opens the secrets and
 *   builds the signed request (`attempt.ts`);
 * - `record.ts` classifies the answer and writes it in this turn's group commit (`work.commitWithOthers`):
 *   an answer waits (at most 2 ms) for its webhook's other sends in flight (`record-batch.ts`), so
 *   that their attempts share one commit. A slot is freed only once its attempt is committed, so
 *   after a storage fault (or any failure to record) at most one round of sends is unrecorded
 *   (`storage-backoff.ts` then holds sending for a while; `unrecorded-sends.ts` holds a delivery
 *   whose record keeps failing on the retry schedule).
 *
 * Offline (`online.ts`), due sends to receivers off this machine are held:
 * not made, not counted, still due in their rows; the return of the network
 * wakes the loop, and they go out in due-time order.
 *
 * Woken by the outbox after each commit that recorded an event (no polling);
 * one timer serves the earliest `next_attempt_at`, re-armed at least every
 * minute against the wall clock (timers stop while a laptop sleeps). A
 * delivery stays due in its row while in flight: a crash mid-request means it
 * is sent again after the restart (at least once, never lost).
 */
import { setMaxListeners } from 'node:events';
import type { EventType } from '../../../contract/index.js';
import type { Startable } from '../context.js';
import type { DueDelivery } from '../store/repositories/deliveries.js';
import type { DispatchListener } from './dispatch-events.js';
import type { DispatcherDeps, DispatcherOptions, DispatchStatus } from './dispatcher-deps.js';
import type { FanOut } from './fan-out.js';
import { DuePicks } from './due-picks.js';
import { settleWithin } from './grace.js';
import { HttpSender } from './http-sender.js';
import { Slots } from './key-share.js';
import { OutgoingRateLimit } from './outgoing-rate-limit.js';
import { NetworkHold } from './network-hold.js';
import { pausedFields } from './pause.js';
import { StorageBackoff } from './storage-backoff.js';
import { RecordBatch } from './record-batch.js';
import { UnrecordedSends } from './unrecorded-sends.js';
import type { WebhookRow } from './webhooks-service.js';

const MAX_TIMER_MS = 60_000;

export type { DispatcherDeps, DispatcherOptions, DispatchStatus } from './dispatcher-deps.js';

export class Dispatcher implements Startable {
  readonly fanOut: FanOut;
  private sender: HttpSender;
  private readonly rateLimit: OutgoingRateLimit;
  private readonly backoff: StorageBackoff;
  private readonly hold: NetworkHold;
  private readonly picks: DuePicks;
  private readonly stuck = new UnrecordedSends();
  /** Answers waiting for their webhook's other answers, to share one commit. */
  private readonly batch = new RecordBatch();
  private readonly maxInFlight: number;
  /** What is being sent or recorded right now, per webhook, per key and in all. */
  private readonly inFlight: Slots;
  private readonly running = new Set<Promise<void>>();
  private idleWaiters: (() => void)[] = [];
  private pumpQueued = false;
  /** Whether events may wait to be fanned out: set by every wake and timer, cleared by a fan-out that ran. */
  private eventsMayWait = true;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private unsubscribeOnline: (() => void) | undefined;
  private stopController = new AbortController();
  private stopped = false;
  private rotation = 0;

  constructor(
    private readonly deps: DispatcherDeps,
    private readonly options: DispatcherOptions = {},
  ) {
    this.fanOut = deps.fanOut;
    this.maxInFlight = options.maxInFlight ?? 64;
    const perKey = options.maxInFlightPerKey ?? 4;
    this.inFlight = new Slots({
      perWebhook: options.maxInFlightPerWebhook ?? 4,
      inAll: this.maxInFlight,
      perKey,
      allKeys: Math.max(perKey, Math.floor(this.maxInFlight / 2)),
    });
    // Each send in flight listens on the stop signal: up to maxInFlight of them is no leak.
    setMaxListeners(this.maxInFlight, this.stopController.signal);
    this.sender = this.newSender();
    this.rateLimit = new OutgoingRateLimit({
      loadRecent: (id, since) => deps.store.attempts.recentStarts(id, since),
      deliveries: deps.store.deliveries,
      work: deps.work,
      inFlight: this.inFlight,
    });
    this.backoff = new StorageBackoff(deps.clock);
    this.hold = new NetworkHold(deps.online);
    this.picks = new DuePicks(deps.store.deliveries);
  }

  start(): void {
    this.stopped = false;
    this.stopController = new AbortController();
    setMaxListeners(this.maxInFlight, this.stopController.signal);
    // Says whether a send started: the callers whose events these are are answered after it (unit-of-work.ts).
    this.unsubscribe ??= this.deps.onRecorded(() => {
      const running = this.running.size;
      this.wake();
      return this.running.size > running;
    });
    // Back online: what was held goes out at once, in due-time order.
    this.unsubscribeOnline ??= this.hold.onReturn(() => this.wake());
    this.wake();
  }

  /** Stops taking work; sends in flight get `graceMs` to finish (recorded), then are abandoned unrecorded, still due. */
  async stop(graceMs = 0): Promise<void> {
    this.stopped = true;
    for (const unsubscribe of [this.unsubscribe, this.unsubscribeOnline]) unsubscribe?.();
    this.unsubscribe = this.unsubscribeOnline = undefined;
    clearTimeout(this.timer);
    this.batch.release();
    await settleWithin(this.running, graceMs);
    this.stopController.abort();
    await Promise.allSettled([...this.running]);
    await this.sender.close();
    this.sender = this.newSender();
  }

  /** New events or deliveries exist: fan out and send what is due. */
  wake(): void {
    if (this.stopped) return;
    this.eventsMayWait = true;
    this.pump();
  }

  /** Sends everything due now and resolves when nothing is in flight (tests move a ManualClock, then call this). */
  async runDue(): Promise<void> {
    this.eventsMayWait = true;
    this.pump();
    await this.idle();
  }

  /** Resolves when nothing is in flight. */
  idle(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  isPaused(): boolean {
    return this.deps.pause.isPaused;
  }

  /** Outcomes as they are recorded, and pause changes (the desktop's notifications and tray). Returns the unsubscribe. */
  onEvent(listener: DispatchListener): () => void {
    return this.deps.events.on(listener);
  }

  /** `reason` says why dVersum paused by itself (a restore); the owner's pause has none. */
  setPaused(paused: boolean, reason?: string): DispatchStatus {
    const changed = this.deps.pause.set(paused, reason);
    if (!paused) this.wake();
    if (changed) this.deps.events.emit({ type: 'paused', paused });
    return this.status();
  }

  status(): DispatchStatus {
    const { deliveries } = this.deps.store;
    return {
      paused: this.deps.pause.isPaused,
      ...pausedFields(this.deps.pause.reason),
      held: deliveries.countWaiting(),
      failing: deliveries.countFailingWebhooks(),
      ...this.stuck.status((id) => ['pending', 'retrying'].includes(deliveries.get(id)?.status ?? '')),
    };
  }

  /** A realistic sample event of `eventType` to this one webhook, delivered like any other (`test-events.ts`). */
  sendTest(webhookId: string, eventType?: EventType): { deliveryId: string } {
    return this.deps.testEvents.send(webhookId, eventType);
  }

  // ------------------------------------------------------------------ the loop

  /** Webhooks share origins (one n8n): a pool smaller than the slots would queue one's sends behind another's. */
  private newSender(): HttpSender {
    return new HttpSender({ connectionsPerOrigin: this.maxInFlight, dnsLookup: this.options.dnsLookup });
  }

  /** One round: fan out, fill the free slots, arm the timer. */
  private pump(): void {
    this.pumpQueued = false;
    try {
      if (this.stopped || !this.deps.store.isOpen()) return;
      try {
        // Only the outbox records events, and it wakes the dispatcher after each commit that did:
        // the rounds that only refill freed slots skip the look.
        if (this.eventsMayWait) {
          this.picks.clear();
          this.fanOut.run();
          this.eventsMayWait = false;
        }
        if (!this.deps.pause.isPaused && this.backoff.allows(this.deps.clock.now())) this.startDue();
      } catch (err) {
        // Nothing is lost: events wait in the outbox, deliveries in their rows. Anything else is a bug, thrown as before.
        if (!this.backoff.caught(err)) throw err;
        this.picks.clear();
      }
      this.arm();
    } finally {
      if (this.inFlight.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** Slots freed by one commit are refilled in one round, after the commit's other attempts are settled. */
  private pumpSoon(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    queueMicrotask(() => this.pump());
  }

  private startDue(): void {
    const { clock, settings, prepare } = this.deps;
    const now = clock.now();
    const limit = settings.get().rateLimits.outgoingPerHour;
    const hooks = this.deps.webhooks.rows();
    // Offline, sends off this machine are held; headless lets one through now and then to see if the network is back.
    const hold = this.hold.turn(now);
    const admits = prepare.round(now);
    let skipped = false;
    // Round-robin start, so that when the global bound is reached no webhook is always last in line.
    const first = hooks.length > 0 ? this.rotation++ % hooks.length : 0;
    for (const hook of [...hooks.slice(first), ...hooks.slice(0, first)]) {
      if (this.inFlight.size >= this.maxInFlight) break;
      const held = hook.enabled && hold.holds(hook.url);
      if (held && !hold.mayProbe()) continue;
      const busy = this.inFlight.busy(hook.id) + this.stuck.heldOf(hook.id);
      const free = held ? this.inFlight.free(hook, 1) : this.inFlight.free(hook);
      if (free <= 0) continue;
      const due = hook.ordered
        ? this.orderedNext(hook.id, now)
        : this.picks.take(hook, now, free, busy, (id) => this.busyWith(id, now));
      if (held && due.length > 0) hold.probed();
      for (const delivery of due) {
        if (!admits(hook, delivery)) {
          skipped = true;
          continue;
        }
        // Over the outgoing limit, the rest of this webhook's due deliveries were moved to when slots free.
        if (!this.rateLimit.admit(hook.id, now, limit)) {
          this.picks.drop(hook.id);
          break;
        }
        this.launch(delivery, hook);
      }
    }
    // What was skipped took no slot: the next round fills it with what is due after it.
    if (skipped) this.pumpSoon();
  }

  /**
   * An ordered webhook sends only its oldest waiting delivery, once it is due and nothing of it
   * is in flight: the next waits until that one succeeded or finally failed (a retry keeps it first).
   */
  private orderedNext(webhookId: string, now: number): DueDelivery[] {
    if (this.inFlight.busy(webhookId) > 0) return [];
    const head = this.deps.store.deliveries.head(webhookId);
    return head && head.nextAttemptAt <= now && !this.stuck.holds(head.id, now) ? [head] : [];
  }

  /** Whether a due delivery is taken already: in flight (sent or recording), or stuck. */
  private busyWith(id: string, now: number): boolean {
    return this.inFlight.has(id) || this.stuck.holds(id, now);
  }

  private launch(delivery: DueDelivery, hook: WebhookRow): void {
    this.inFlight.take(delivery.id, hook);
    const task = this.deliver(delivery, hook)
      .catch((err: unknown) => this.onError(err, delivery, hook))
      .finally(() => {
        this.inFlight.release(delivery.id);
        this.running.delete(task);
        this.pumpSoon();
      });
    this.running.add(task);
  }

  /** prepare → send → record (with the webhook's other answers: `record-batch.ts`). */
  private async deliver(delivery: DueDelivery, hook: WebhookRow): Promise<void> {
    const { clock, prepare, record, settings } = this.deps;
    const startedAt = clock.now();
    const prepared = prepare.request(delivery, hook, startedAt);
    const result =
      prepared.kind === 'unsent'
        ? prepared.result
        : await this.sender.post(
            prepared.request.url,
            prepared.request.headers,
            prepared.request.body,
            settings.get().deliveryTimeoutMs,
            this.stopController.signal,
            prepared.request.publicOnly,
          );
    if (this.stopController.signal.aborted || !this.deps.store.isOpen()) return; // parked: still due in its row
    if (prepared.kind === 'send' && this.hold.heldAfter(hook.url, result, clock.now())) return;
    const attempt = record.classify(delivery, startedAt, prepared.loggedHeaders, result);
    if (attempt.verdict.kind === 'retry' && attempt.verdict.throttled) {
      this.rateLimit.slowDown(hook.id, attempt.verdict.at);
      this.picks.drop(hook.id); // its due deliveries wait until then now
    }
    await this.batch.join(hook.id, this.inFlight.busy(hook.id));
    if (!this.deps.store.isOpen()) return; // parked: still due in its row
    try {
      await record.record(delivery, hook, attempt);
    } catch (err) {
      // Still due in its row: sent again after the back-off, never at once.
      this.recordFailed(err, delivery, hook);
      return;
    }
    this.backoff.recorded();
    this.stuck.recorded(delivery.id);
  }

  /** Not a storage fault: the delivery is stuck, sent again on the schedule's steps and shown in the status. */
  private recordFailed(err: unknown, delivery: DueDelivery, hook: Pick<WebhookRow, 'name'>): void {
    if (!this.backoff.recordFailed(err, delivery.id)) return;
    const { clock, settings } = this.deps;
    this.stuck.add(delivery, hook.name, err, clock.now(), settings.get().retrySchedule);
  }

  private async onError(err: unknown, delivery: DueDelivery, hook: WebhookRow): Promise<void> {
    if (this.stopController.signal.aborted || !this.deps.store.isOpen()) return; // parked: still due in its row
    if (this.backoff.caught(err)) return; // still due in its row; sent again after the back-off
    try {
      await this.deps.record.failed(delivery, err);
    } catch (recordErr) {
      this.recordFailed(recordErr, delivery, hook);
      return;
    }
    this.stuck.recorded(delivery.id);
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || this.deps.pause.isPaused) return;
    const now = this.deps.clock.now();
    const wait = this.backoff.remaining(now);
    const due = wait === undefined ? this.deps.store.deliveries.earliestAfter(now) : null;
    const again = this.stuck.earliestAfter(now);
    const next = due === null ? again : again === null ? due : Math.min(due, again);
    const longest = this.hold.longestWait(MAX_TIMER_MS);
    const delay = wait ?? (next === null ? longest : Math.min(Math.max(next - now, 0), longest));
    this.timer = setTimeout(() => {
      this.eventsMayWait = true;
      this.pump();
    }, delay);
    this.timer.unref();
  }
}
