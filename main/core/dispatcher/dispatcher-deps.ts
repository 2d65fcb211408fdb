/** What the dispatcher (`dispatcher.ts`) is built from, its options, and what its status says. */
import type { Clock } from '../clock.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { OutgoingStore } from '../store/outgoing-store.js';
import type { AfterCommitListener, UnitOfWork } from '../store/unit-of-work.js';
import type { DispatchEvents } from './dispatch-events.js';
import type { FanOut } from './fan-out.js';
import type { DnsLookup } from './http-sender.js';
import type { OnlineSource } from './online.js';
import type { PausedFields, PauseState } from './pause.js';
import type { Prepare } from './prepare.js';
import type { RecordStage } from './record.js';
import type { TestEvents } from './test-events.js';
import type { StuckDelivery } from './unrecorded-sends.js';
import type { WebhooksService } from './webhooks-service.js';

export interface DispatcherOptions {
  maxInFlightPerWebhook?: number;
  maxInFlight?: number;
  /** One API key's subscriptions together (default 4); all keys' together: half of `maxInFlight`. */
  maxInFlightPerKey?: number;
  /** How a key's subscription's name is resolved (tests choose the DNS answer). */
  dnsLookup?: DnsLookup;
  /** The retries' jitter source, [0, 1) (`Math.random`; tests pass their own, 0.5 is no jitter). */
  random?: () => number;
}

export interface DispatchStatus extends PausedFields {
  paused: boolean;
  held: number;
  failing: number;
  /** Sent, but their attempts could not be recorded (`unrecorded-sends.ts`): the oldest, and how many; absent when none. */
  stuck?: StuckDelivery[];
  stuckCount?: number;
}

/** What the dispatcher is built from: the stages and what they share. */
export interface DispatcherDeps {
  store: Pick<OutgoingStore, 'deliveries' | 'attempts' | 'isOpen'>;
  work: UnitOfWork;
  clock: Clock;
  settings: Pick<SettingsStore, 'get'>;
  /** Wakes the dispatcher after each commit that recorded an event (true: it started a send). */
  onRecorded(listener: AfterCommitListener): () => void;
  webhooks: WebhooksService;
  fanOut: FanOut;
  prepare: Prepare;
  record: RecordStage;
  /** Where recorded outcomes and pause changes are told (shared with the record stage). */
  events: DispatchEvents;
  pause: PauseState;
  testEvents: TestEvents;
  /** Whether the machine is online (`online.ts`): while not, sends off this machine are held. */
  online: OnlineSource;
}
