/**
 * The core's Prometheus metrics (prom-client), in a Registry of its own per
 * core, so two cores in one process (tests, a restore's next core) never share
 * a series. Two kinds:
 *
 * - Counters of what happened since this core started (Prometheus' `rate()`
 *   and `increase()` read a restart's reset as one): deliveries by outcome and
 *   attempts, from the dispatcher's after-commit events (`onDispatchEvent`, the
 *   stream the notices and the desktop notifications read: the rows are
 *   already committed, and the dispatcher's loop is not touched); incoming
 *   calls by status, rate-limit refusals and request durations, told by the
 *   server's hook (`server/routes/metrics.ts`).
 * - Gauges read from the store at scrape time (`store/repositories/metrics-readings.ts`,
 *   bounded queries): deliveries held, the oldest waiting delivery's age, the
 *   outbox backlog, the database size.
 *
 * Cardinality: the `webhook` label is a webhook's id, and only an existing
 * webhook's: each scrape drops the series of webhooks deleted since, and starts
 * every existing one's at 0, so the series are webhooks × a closed set of
 * outcomes. `status` is an HTTP status code, `route` a registered route's
 * pattern (`unmatched` for anything else), `method` one of the methods Node's
 * parser accepts.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../clock.js';
import type { DispatchEvent, DispatchListener } from '../dispatcher/dispatch-events.js';
import type { MetricsReadings } from '../store/repositories/metrics-readings.js';

const DELIVERY_OUTCOMES = ['delivered', 'failed'] as const;
const ATTEMPT_OUTCOMES = ['succeeded', 'retrying', 'failed'] as const;
type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

const ATTEMPT_OF: Partial<Record<DispatchEvent['type'], AttemptOutcome>> = {
  'delivery.succeeded': 'succeeded',
  'delivery.retrying': 'retrying',
  'delivery.failed': 'failed',
};

/** Seconds: from a local receiver's few milliseconds to a slow PDF or export. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface CoreMetricsDeps {
  clock: Clock;
  readings: MetricsReadings;
  onDispatchEvent(listener: DispatchListener): () => void;
}

/** One answered HTTP request, as the server's hook tells it. */
export interface ObservedRequest {
  method: string;
  /** The matched route's pattern (`/api/v1/tasks/:id`), or undefined when no route matched. */
  route: string | undefined;
  status: number;
  seconds: number;
  /** A call under /api/v1 (what the incoming log records). */
  incoming: boolean;
  /** Refused by a rate limit (429 `rate_limited`). */
  rateLimited: boolean;
}

export class CoreMetrics {
  readonly registry = new Registry();
  readonly #webhooks = new Set<string>();
  readonly #deliveries: Counter<'webhook' | 'outcome'>;
  readonly #attempts: Counter<'webhook' | 'outcome'>;
  readonly #incoming: Counter<'status'>;
  readonly #rateLimited: Counter;
  readonly #durations: Histogram<'method' | 'route'>;
  readonly #unsubscribe: () => void;

  constructor(private readonly deps: CoreMetricsDeps) {
    const registers = [this.registry];
    this.#deliveries = new Counter({
      name: 'dversum_deliveries_total',
      help: 'Outgoing webhook deliveries finished since start, by webhook id and outcome (delivered, failed: its retries ran out or the receiver answered 410)',
      labelNames: ['webhook', 'outcome'],
      registers,
      // Runs first in a scrape (the first family registered): the label set then holds exactly the existing webhooks.
      collect: () => this.syncWebhooks(deps.readings.webhookIds()),
    });
    this.#attempts = new Counter({
      name: 'dversum_delivery_attempts_total',
      help: 'Attempts to send a delivery since start, by webhook id and outcome (succeeded, retrying: failed with a retry planned, failed: the last)',
      labelNames: ['webhook', 'outcome'],
      registers,
    });
    this.#incoming = new Counter({
      name: 'dversum_incoming_calls_total',
      help: 'Calls to /api/v1 (the REST API and the incoming webhooks) since start, by HTTP status',
      labelNames: ['status'],
      registers,
    });
    this.#rateLimited = new Counter({
      name: 'dversum_rate_limit_refusals_total',
      help: 'Calls to /api/v1 refused by a rate limit (429) since start',
      registers,
    });
    this.#durations = new Histogram({
      name: 'dversum_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.storeGauges(registers);
    this.#unsubscribe = deps.onDispatchEvent((event) => this.onDispatch(event));
  }

  observeRequest(request: ObservedRequest): void {
    this.#durations.observe({ method: request.method, route: request.route ?? 'unmatched' }, request.seconds);
    if (request.incoming) this.#incoming.inc({ status: String(request.status) });
    if (request.rateLimited) this.#rateLimited.inc();
  }

  /** The exposition text of every family (gauges read from the store now). */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  close(): void {
    this.#unsubscribe();
  }

  private onDispatch(event: DispatchEvent): void {
    const attempt = ATTEMPT_OF[event.type];
    if (attempt === undefined || !('deliveryId' in event)) return;
    const webhook = event.webhookId;
    // Known from now on, so the scrape after its deletion drops its series even if no scrape saw it before.
    this.#webhooks.add(webhook);
    this.#attempts.inc({ webhook, outcome: attempt });
    if (attempt === 'succeeded') this.#deliveries.inc({ webhook, outcome: 'delivered' });
    if (attempt === 'failed') this.#deliveries.inc({ webhook, outcome: 'failed' });
  }

  /** The label set follows the webhooks that exist: the deleted ones' series go, the new ones' start at 0. */
  private syncWebhooks(ids: readonly string[]): void {
    const current = new Set(ids);
    for (const id of this.#webhooks) {
      if (current.has(id)) continue;
      for (const outcome of DELIVERY_OUTCOMES) this.#deliveries.remove({ webhook: id, outcome });
      for (const outcome of ATTEMPT_OUTCOMES) this.#attempts.remove({ webhook: id, outcome });
      this.#webhooks.delete(id);
    }
    // Every existing webhook's series at 0 at least (a no-op for those already counted).
    for (const id of current) {
      for (const outcome of DELIVERY_OUTCOMES) this.#deliveries.inc({ webhook: id, outcome }, 0);
      for (const outcome of ATTEMPT_OUTCOMES) this.#attempts.inc({ webhook: id, outcome }, 0);
      this.#webhooks.add(id);
    }
  }

  private storeGauges(registers: Registry[]): void {
    const { readings, clock } = this.deps;
    new Gauge({
      name: 'dversum_oldest_waiting_delivery_age_seconds',
      help: 'Age of the oldest delivery still waiting to be sent (due later, retrying or held by the pause); 0 when none waits',
      registers,
      collect() {
        let oldest: number | undefined;
        for (const id of readings.webhookIds()) {
          const createdAt = readings.oldestWaitingCreatedAt(id);
          if (createdAt !== undefined && (oldest === undefined || createdAt < oldest)) oldest = createdAt;
        }
        this.set(oldest === undefined ? 0 : Math.max(0, clock.now() - oldest) / 1000);
      },
    });
    new Gauge({
      name: 'dversum_deliveries_held',
      help: 'Deliveries waiting to be sent: held by the pause, due later or retrying',
      registers,
      collect() {
        this.set(readings.heldCount());
      },
    });
    new Gauge({
      name: 'dversum_outbox_backlog_events',
      help: 'Events recorded but not yet fanned out to their webhooks',
      registers,
      collect() {
        this.set(readings.outboxBacklog());
      },
    });
    new Gauge({
      name: 'dversum_database_size_bytes',
      help: 'Size of the database (its pages; the write-ahead log not counted)',
      registers,
      collect() {
        this.set(readings.databaseBytes());
      },
    });
  }
}
