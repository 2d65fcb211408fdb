/**
 * The dispatcher: outbox → deliveries → signed POSTs.
 *
 * - Woken by the outbox (no polling): new events are fanned out and sent at once.
 * - One timer serves the earliest `next_attempt_at`, re-armed at least every
 *   minute against the wall clock (timers stop while a laptop sleeps); on start
 *   everything due is sent.
 * - At most `maxInFlightPerWebhook` requests per webhook, so one slow receiver
 *   never holds up the others; at most `maxInFlight` in all.
 * - A delivery stays due in its row while in flight: a crash mid-request means
 *   it is sent again after the restart (at least once, never lost).
 */
import { setMaxListeners } from 'node:events';
import type { EventType, WebhookEvent } from '../../../contract/index.js';
import { toIso } from '../clock.js';
import type { CoreContext, Startable } from '../context.js';
import { newId } from '../ids.js';
import { outbox } from '../store/schema.js';
import { storageError } from '../store/storage-errors.js';
import { DeliveryStore, type AttemptResult, type DeliveryRow } from './delivery-store.js';
import { HttpSender, USER_AGENT, type SendResult } from './http-sender.js';
import { OutgoingRateLimit } from './outgoing-rate-limit.js';
import { planAfterFailure } from './retry-policy.js';
import { sampleData } from './sample-events.js';
import { signedHeaders } from './signing.js';
import { hostIsIpLiteral } from './url-policy.js';
import type { WebhookRow, WebhooksService } from './webhooks-service.js';
import { attemptEvents, DispatchEvents, type DispatchListener } from './dispatch-events.js';

export const PAUSED_KEY = 'dispatch.paused';
const MAX_TIMER_MS = 60_000;
/** After a storage fault (a full disk, a read-only file) the dispatcher waits this long before trying again. */
export const STORAGE_FAULT_BACKOFF_MS = 5_000;

export interface DispatcherOptions {
  maxInFlightPerWebhook?: number;
  maxInFlight?: number;
}

export interface DispatchStatus {
  paused: boolean;
  held: number;
  failing: number;
}

/** A custom header's value is a credential: the log shows that it was sent, not what it was. */
const HIDDEN = '(hidden)';

export class Dispatcher implements Startable {
  readonly store: DeliveryStore;
  private sender: HttpSender;
  private readonly rateLimit: OutgoingRateLimit;
  private readonly maxPerWebhook: number;
  private readonly maxInFlight: number;
  /** delivery id → webhook id, for what is being sent right now. */
  private readonly inFlight = new Map<string, string>();
  private readonly events = new DispatchEvents();
  private readonly running = new Set<Promise<void>>();
  private idleWaiters: (() => void)[] = [];
  private paused: boolean;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopController = new AbortController();
  private stopped = false;
  /** Clock time until which nothing is sent after a storage fault; 0 when there is none. */
  private storageFaultUntil = 0;
  private rotation = 0;

  constructor(
    private readonly ctx: CoreContext,
    private readonly webhooks: WebhooksService,
    options: DispatcherOptions = {},
  ) {
    this.store = new DeliveryStore(ctx);
    this.maxPerWebhook = options.maxInFlightPerWebhook ?? 4;
    this.maxInFlight = options.maxInFlight ?? 64;
    // Each send in flight listens on the stop signal: up to maxInFlight of them is no leak.
    setMaxListeners(this.maxInFlight, this.stopController.signal);
    this.sender = new HttpSender({ connectionsPerOrigin: this.maxPerWebhook * 2 });
    this.rateLimit = new OutgoingRateLimit((id, since) => this.store.recentAttemptTimes(id, since));
    this.paused = ctx.settings.readJson<boolean>(PAUSED_KEY) === true;
  }

  start(): void {
    this.stopped = false;
    this.stopController = new AbortController();
    setMaxListeners(this.maxInFlight, this.stopController.signal);
    this.unsubscribe ??= this.ctx.outbox.onRecorded(() => this.wake());
    this.wake();
  }

  /** Stops taking work; requests in flight are abandoned unrecorded and stay due in their rows. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.timer);
    this.stopController.abort();
    await Promise.allSettled([...this.running]);
    await this.sender.close();
    this.sender = new HttpSender({ connectionsPerOrigin: this.maxPerWebhook * 2 });
  }

  /** New events or deliveries exist: fan out and send what is due. */
  wake(): void {
    if (this.stopped) return;
    this.pump();
  }

  /** Sends everything due now and resolves when nothing is in flight (tests move a ManualClock, then call this). */
  async runDue(): Promise<void> {
    this.pump();
    await this.idle();
  }

  /** Resolves when nothing is in flight. */
  idle(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  isPaused(): boolean {
    return this.paused;
  }

  /** Outcomes as they are recorded, and pause changes (the desktop's notifications and tray). Returns the unsubscribe. */
  onEvent(listener: DispatchListener): () => void {
    return this.events.on(listener);
  }

  setPaused(paused: boolean): DispatchStatus {
    this.ctx.settings.writeJson(PAUSED_KEY, paused);
    const changed = this.paused !== paused;
    this.paused = paused;
    if (!paused) this.wake();
    if (changed) this.events.emit({ type: 'paused', paused });
    return this.status();
  }

  status(): DispatchStatus {
    return {
      paused: this.paused,
      held: this.store.countWaiting(),
      failing: this.store.countFailingWebhooks(),
    };
  }

  /** A realistic sample event of `eventType` to this one webhook, delivered like any other. */
  sendTest(webhookId: string, eventType: EventType = 'webhook.test'): { deliveryId: string } {
    const hook = this.webhooks.row(webhookId);
    this.webhooks.assertEnabled(hook, 'send a test event');
    const now = this.ctx.clock.now();
    const event: WebhookEvent = {
      id: newId('event', now),
      type: eventType,
      timestamp: toIso(now),
      data: sampleData(eventType, now, hook),
    };
    const deliveryId = this.ctx.sqlite.transaction(() => {
      // Already fanned out: a test goes to this webhook only.
      this.ctx.db
        .insert(outbox)
        .values({
          id: event.id,
          type: event.type,
          payload: JSON.stringify(event),
          createdAt: now,
          fannedOutAt: now,
        })
        .run();
      return this.store.insertDelivery(hook.id, event.id, event.type, now);
    })();
    this.wake();
    return { deliveryId };
  }

  // ------------------------------------------------------------------ the loop

  private pump(): void {
    if (this.stopped || !this.ctx.sqlite.open) return;
    try {
      this.store.fanOut();
      if (!this.paused && this.ctx.clock.now() >= this.storageFaultUntil) this.startDue();
    } catch (err) {
      // Nothing is lost: events wait in the outbox, deliveries in their rows. Anything else is a bug, thrown as before.
      if (!storageError(err)) throw err;
      this.onStorageFault(err);
    }
    this.arm();
  }

  /**
   * A full disk or a read-only file: stop sending for a few seconds (a send whose
   * attempt cannot be recorded would be sent again at once, over and over), say
   * so once, and try again when the timer fires.
   */
  private onStorageFault(err: unknown): void {
    const first = this.storageFaultUntil === 0;
    this.storageFaultUntil = this.ctx.clock.now() + STORAGE_FAULT_BACKOFF_MS;
    if (first) {
      console.error(
        `dVersum dispatcher: ${storageError(err)?.message ?? String(err)} Deliveries wait; trying again every ${STORAGE_FAULT_BACKOFF_MS / 1000} s.`,
      );
    }
  }

  private startDue(): void {
    const now = this.ctx.clock.now();
    const limit = this.ctx.settings.get().rateLimits.outgoingPerHour;
    const hooks = this.webhooks.rows();
    // Round-robin start, so that when the global bound is reached no webhook is always last in line.
    const first = hooks.length > 0 ? this.rotation++ % hooks.length : 0;
    for (const hook of [...hooks.slice(first), ...hooks.slice(0, first)]) {
      if (this.inFlight.size >= this.maxInFlight) return;
      const busy = [...this.inFlight].filter(([, w]) => w === hook.id).map(([d]) => d);
      const free = Math.min(this.maxPerWebhook - busy.length, this.maxInFlight - this.inFlight.size);
      if (free <= 0) continue;
      const due = this.store.dueForWebhook(hook.id, now, free, busy);
      for (const delivery of due) {
        if (!hook.enabled) {
          this.store.skip(delivery.id, now, hook.disabledReason ?? 'the webhook was disabled');
          continue;
        }
        const slot = this.rateLimit.nextSlot(hook.id, now, limit);
        if (slot > now) {
          const sending = [...this.inFlight].filter(([, w]) => w === hook.id).map(([d]) => d);
          this.store.deferDue(hook.id, now, sending, this.rateLimit.planner(hook.id, now, limit));
          break;
        }
        this.rateLimit.take(hook.id, now, limit);
        this.launch(delivery, hook);
      }
    }
  }

  private launch(delivery: DeliveryRow, hook: WebhookRow): void {
    this.inFlight.set(delivery.id, hook.id);
    const task = this.deliver(delivery, hook)
      .catch((err: unknown) => {
        if (this.stopped || !this.ctx.sqlite.open) return; // parked: still due in its row
        if (storageError(err)) return this.onStorageFault(err); // still due in its row; sent again after the pause
        console.error(`dVersum dispatcher: delivery ${delivery.id} could not be sent`, err);
        // Recorded as a failed attempt so the schedule applies (a row left due would be picked again at once).
        const message = err instanceof Error ? err.message : String(err);
        const result = { statusCode: null, body: null, retryAfter: null, location: null, durationMs: 0 };
        const failed = { ...result, error: `could not send: ${message}` };
        const startedAt = this.ctx.clock.now();
        try {
          this.store.recordAttempt(
            delivery,
            this.outcome(delivery, delivery.attempt + 1, startedAt, {}, failed),
          );
        } catch (recordErr) {
          console.error(`dVersum dispatcher: delivery ${delivery.id} could not be recorded`, recordErr);
        }
      })
      .finally(() => {
        this.inFlight.delete(delivery.id);
        this.running.delete(task);
        this.pump();
        if (this.inFlight.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    this.running.add(task);
  }

  private async deliver(delivery: DeliveryRow, hook: WebhookRow): Promise<void> {
    const startedAt = this.ctx.clock.now();
    const attempt = delivery.attempt + 1;
    const body = this.store.payload(delivery.eventId);
    const settings = this.ctx.settings.get();
    let result: SendResult;
    let sentHeaders: Record<string, string> = {};
    if (body === undefined) {
      result = {
        statusCode: null,
        body: null,
        error: 'the event is no longer stored',
        retryAfter: null,
        location: null,
        durationMs: 0,
      };
    } else {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        ...signedHeaders(this.webhooks.signingSecrets(hook, startedAt), delivery.eventId, startedAt, body),
      };
      if (hook.headerName && hook.headerValue)
        headers[hook.headerName] = this.webhooks.openHeaderValue(hook.headerValue);
      sentHeaders = { ...headers, ...(hook.headerName ? { [hook.headerName]: HIDDEN } : {}) };
      result = await this.sender.post(
        hook.url,
        headers,
        body,
        settings.deliveryTimeoutMs,
        this.stopController.signal,
        // A key's subscription to a name was checked as public: keep DNS from pointing it at the LAN.
        hook.source === 'api' && !hostIsIpLiteral(hook.url),
      );
    }
    if (this.stopped || !this.ctx.sqlite.open) return; // parked: still due in its row
    const outcome = this.outcome(delivery, attempt, startedAt, sentHeaders, result);
    if (!this.store.recordAttempt(delivery, outcome)) return; // the webhook was deleted meanwhile
    for (const event of attemptEvents(delivery, hook, attempt, outcome.next, outcome.disableWebhook))
      this.events.emit(event);
  }

  private outcome(
    delivery: DeliveryRow,
    attempt: number,
    startedAt: number,
    requestHeaders: Record<string, string>,
    result: SendResult,
  ): AttemptResult {
    const finishedAt = this.ctx.clock.now();
    const code = result.statusCode;
    const ok = code !== null && code >= 200 && code < 300;
    let error = result.error;
    if (!ok && error === null && code !== null) {
      error =
        code >= 300 && code < 400
          ? `HTTP ${code}: redirect${result.location ? ` to ${result.location}` : ''} not followed`
          : `HTTP ${code}`;
    }
    const base = {
      attempt,
      startedAt,
      finishedAt,
      requestHeaders,
      responseCode: code,
      responseBody: result.body,
      durationMs: result.durationMs,
      error,
      outcome: ok ? ('success' as const) : ('error' as const),
    };
    if (ok) return { ...base, next: { status: 'success', nextAttemptAt: null } };
    if (code === 410) {
      return {
        ...base,
        next: { status: 'failed', nextAttemptAt: null },
        disableWebhook: `The receiver answered 410 Gone on ${toIso(finishedAt)} (delivery ${delivery.id}): it no longer wants these events`,
      };
    }
    const next = planAfterFailure({
      attempt,
      schedule: this.ctx.settings.get().retrySchedule,
      nowMs: finishedAt,
      statusCode: code,
      retryAfter: result.retryAfter,
    });
    return { ...base, next };
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || this.paused || !this.ctx.sqlite.open) return;
    const now = this.ctx.clock.now();
    if (this.storageFaultUntil > now) {
      this.timer = setTimeout(() => this.pump(), this.storageFaultUntil - now);
      this.timer.unref();
      return;
    }
    this.storageFaultUntil = 0;
    const next = this.store.earliestAfter(now);
    const delay = next === null ? MAX_TIMER_MS : Math.min(Math.max(next - now, 0), MAX_TIMER_MS);
    this.timer = setTimeout(() => this.pump(), delay);
    this.timer.unref();
  }
}
