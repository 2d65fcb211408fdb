/**
 * The outgoing path put together, in stage order, on its repositories: the one
 * `disable`, the webhooks and their key subscriptions, fan-out, test events,
 * prepare, record (with the events it tells), pause, the dispatcher's loop,
 * the log and retention.
 * `core.ts` calls this once; nothing else builds these.
 */
import type { Clock } from '../clock.js';
import type { Outbox } from '../store/outbox.js';
import type { SecretCipher } from '../secret-cipher.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { OutgoingStore } from '../store/outgoing-store.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { DeliveryLog } from './delivery-log.js';
import { WebhookDisabler } from './disable.js';
import { DispatchEvents } from './dispatch-events.js';
import { Dispatcher, type DispatcherOptions } from './dispatcher.js';
import { FailingWatch } from './failing.js';
import { FanOut } from './fan-out.js';
import { HealthEvents } from './health-events.js';
import { KeySubscriptions } from './key-subscriptions.js';
import type { OnlineSource } from './online.js';
import { PauseState } from './pause.js';
import { Prepare } from './prepare.js';
import { AttemptRecorder, RecordStage } from './record.js';
import { LogRetention } from './retention.js';
import { TestEvents } from './test-events.js';
import { WebhooksService } from './webhooks-service.js';

export interface OutgoingContext {
  /** The outgoing path's repositories (`store/outgoing-store.ts`). */
  store: OutgoingStore;
  work: UnitOfWork;
  clock: Clock;
  settings: SettingsStore;
  outbox: Outbox;
  secretCipher: SecretCipher;
  /** Whether the machine is online (`online.ts`). */
  online: OnlineSource;
  /** Where the core says what it found at start (`CoreOptions.log`). */
  log?: (line: string) => void;
}

export interface Outgoing {
  webhooks: WebhooksService;
  keySubscriptions: KeySubscriptions;
  dispatcher: Dispatcher;
  deliveryLog: DeliveryLog;
  logRetention: LogRetention;
}

export function createOutgoing(ctx: OutgoingContext, options: DispatcherOptions = {}): Outgoing {
  const { store, work, clock, settings, outbox, secretCipher, online, log } = ctx;
  const disabler = new WebhookDisabler(store.webhooks, store.deliveries, work, clock);
  const keySubscriptions = new KeySubscriptions(store.webhooks, disabler);
  const health = new HealthEvents({
    webhooks: store.webhooks,
    attempts: store.attempts,
    outbox,
    target: () => settings.get().healthEventsTo,
  });
  const failing = new FailingWatch(
    store.webhooks,
    disabler,
    () => settings.get().autoDisable.afterDays,
    health,
  );
  const webhooks = new WebhooksService({
    webhooks: store.webhooks,
    disabler,
    keySubscriptions,
    failing,
    work,
    clock,
    settings,
    secretCipher,
    log,
  });
  const fanOut = new FanOut(store, work, clock, () => settings.get().healthEventsTo);
  const events = new DispatchEvents();
  const recorder = new AttemptRecorder(store.deliveries, store.attempts, disabler, failing, health);
  const dispatcher = new Dispatcher(
    {
      store,
      work,
      clock,
      settings,
      onRecorded: (listener) => outbox.onRecorded(listener),
      webhooks,
      fanOut,
      prepare: new Prepare({
        webhooks,
        deliveries: store.deliveries,
        keyOf: (keyId) => store.webhooks.key(keyId),
      }),
      record: new RecordStage({
        recorder,
        work,
        clock,
        settings,
        events,
        random: options.random ?? Math.random,
      }),
      events,
      pause: new PauseState(settings),
      testEvents: new TestEvents(webhooks, outbox, fanOut, store.deliveries, work, clock),
      online,
    },
    options,
  );
  const deliveryLog = new DeliveryLog({
    store,
    webhooks,
    work,
    clock,
    wake: () => dispatcher.wake(),
    online: () => online.isOnline(),
  });
  const logRetention = new LogRetention({ store, work, clock, settings }, log ? { log } : {});
  return { webhooks, keySubscriptions, dispatcher, deliveryLog, logRetention };
}
