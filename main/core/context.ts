/**
 * What the core's services are built from, and what background work looks
 * like. A leaf: it imports only the unit of work, clock, settings, outbox and cipher
 * types, never a service, so every service can import it while `core.ts`
 * builds them all (no import circle through the composition root).
 */
import type { Clock } from './clock.js';
import type { SecretCipher } from './secret-cipher.js';
import type { SettingsStore } from './settings/settings-store.js';
import type { Outbox } from './store/outbox.js';
import type { UnitOfWork } from './store/unit-of-work.js';

/**
 * What the core is built from. No database handle: services take their
 * repositories (`store/repositories/`) and the unit of work, so nothing
 * above `store/` sees SQLite.
 */
export interface CoreContext {
  /** The one way to run a change: a transaction, or this turn's group commit (store/unit-of-work.ts). */
  work: UnitOfWork;
  clock: Clock;
  settings: SettingsStore;
  outbox: Outbox;
  secretCipher: SecretCipher;
}

/** Background work the core starts in order and stops in reverse. */
export interface Startable {
  start(): void | Promise<void>;
  /** Stop taking work; finish or park what is in flight (given up to `graceMs` to finish, where that applies). */
  stop(graceMs?: number): void | Promise<void>;
}
