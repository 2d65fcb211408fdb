/**
 * Webhooks: the owner's subscriptions (and those an API key makes through REST
 * hooks). Each has a Standard Webhooks signing secret; rotating it keeps the
 * previous secret signing too for `secretRotationGraceHours`. The secret and
 * the static header's value are credentials: both are sealed with the
 * secret cipher at rest and opened only to show or send them. Disabling goes
 * through the one `disable` (`disable.ts`); enabling a key's subscription asks
 * `key-subscriptions.ts` whether its key allows it.
 */
import type { z } from 'zod';
import {
  filterPathProblem,
  filterShapeProblem,
  isEmptyFilter,
  isHealthEvent,
  type Webhook,
  type WebhookFilter,
  type webhookCreate,
  type webhookUpdate,
} from '../../../contract/index.js';
import { toIso, type Clock } from '../clock.js';
import { AppError, invalid, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { isSealed, type SecretCipher } from '../secret-cipher.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { WebhookRow, WebhooksRepository } from '../store/repositories/webhooks.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import type { WebhookDisabler } from './disable.js';
import type { FailingWatch } from './failing.js';
import type { KeySubscriptions } from './key-subscriptions.js';
import { headerNameProblem, headerValueProblem, unsendableHeader } from './header-rules.js';
import { newSigningSecret } from './signing.js';
import { checkWebhookUrl } from './url-policy.js';
import { codedFields } from '../../../contract/reasons.js';

export type { WebhookRow };
export type WebhookCreateInput = z.output<typeof webhookCreate>;
export type WebhookUpdateInput = z.output<typeof webhookUpdate>;

export interface CreateOptions {
  source?: 'app' | 'api';
  createdByKeyId?: string;
  /** REST hooks check the URL with their own, stricter rule first. */
  urlChecked?: boolean;
}

/**
 * `"*"` stays alone but for the webhook health events named beside it (`*` does not take them);
 * otherwise the events, without repeats, in the order of entry.
 */
export function normalizeEvents(events: string[]): string[] {
  const unique = [...new Set(events)];
  return unique.includes('*') ? ['*', ...unique.filter(isHealthEvent)] : unique;
}

function checkHeader(name: string | null | undefined, value: string | null | undefined): void {
  const hasName = name != null && name !== '';
  const hasValue = value != null && value !== '';
  if (hasName !== hasValue) {
    // Named at the field that was given: a caller is told about what it sent.
    const path = hasName ? 'headerName' : 'headerValue';
    throw invalid([{ path, message: 'give both the header name and its value, or neither' }]);
  }
  if (!hasName) return;
  const nameProblem = headerNameProblem(name);
  if (nameProblem) throw invalid([{ path: 'headerName', message: nameProblem }]);
  // A stored value is sealed: only a new one (plain) can be read here.
  const valueProblem = value != null && !isSealed(value) ? headerValueProblem(value) : null;
  if (valueProblem) throw invalid([{ path: 'headerValue', message: valueProblem }]);
}

/**
 * The filter as stored (JSON text; null for none or `{}`), after its shape and its paths are
 * checked against the events it will judge: a 422 at `filter` naming what is wrong.
 */
export function storedFilter(filter: unknown, events: readonly string[]): string | null {
  if (isEmptyFilter(filter)) return null;
  const problem = filterShapeProblem(filter) ?? filterPathProblem(filter as WebhookFilter, events);
  if (problem) throw invalid([{ path: 'filter', message: problem }]);
  return JSON.stringify(filter);
}

/** What the webhooks service is built from. */
export interface WebhooksDeps {
  webhooks: WebhooksRepository;
  disabler: WebhookDisabler;
  keySubscriptions: KeySubscriptions;
  failing: Pick<FailingWatch, 'clear'>;
  work: UnitOfWork;
  clock: Clock;
  settings: Pick<SettingsStore, 'get' | 'update'>;
  secretCipher: SecretCipher;
  /** Where the core says what it found at start (`CoreOptions.log`). */
  log?: (line: string) => void;
}

export class WebhooksService {
  private readonly repo: WebhooksRepository;
  private readonly cipher: SecretCipher;

  constructor(private readonly deps: WebhooksDeps) {
    this.repo = deps.webhooks;
    this.cipher = deps.secretCipher;
    this.sealPlainHeaderValues();
    this.reportUnsendableHeaders();
  }

  /** Static headers an older version stored that the HTTP client cannot send: said once at start (attempt.ts leaves them out). */
  private reportUnsendableHeaders(): void {
    if (!this.deps.log) return;
    const found: string[] = [];
    for (const row of this.repo.all()) {
      if (!row.headerName || row.headerValue === null) continue;
      let value: string;
      try {
        value = this.cipher.open(row.headerValue);
      } catch {
        value = ''; // sealed by another host's keychain: only the name can be judged
      }
      const why = unsendableHeader(row.headerName, value);
      if (why) found.push(`${row.name} (${row.id}): ${why.replace(/\.$/, '')}`);
    }
    if (found.length === 0) return;
    this.deps.log(
      `dVersum leaves out the custom header of ${found.length} webhook${found.length === 1 ? '' : 's'}, ` +
        `which HTTP cannot send, and delivers without it: ${found.join('; ')}. ` +
        'Edit the webhook in Settings > Webhooks to rename or remove the header.',
    );
  }

  /** Header values stored plain (before they were sealed, or without a keychain) are sealed once one is at hand. */
  private sealPlainHeaderValues(): void {
    if (this.cipher.kind === 'plain') return;
    const plain = this.repo.headerValues().filter((row) => !isSealed(row.value));
    if (plain.length === 0) return;
    this.deps.work.transaction(() => {
      for (const row of plain) this.repo.setHeaderValue(row.id, this.cipher.seal(row.value));
    });
  }

  toApi(row: WebhookRow): Webhook {
    return {
      id: row.id,
      name: row.name,
      url: row.url,
      events: JSON.parse(row.events) as string[],
      enabled: row.enabled,
      secret: this.readableSecret(row.secret),
      headerName: row.headerName,
      headerValue:
        row.headerValue === null
          ? null
          : this.readable(row.headerValue, 'set the header value again to use it here'),
      disabledReason: row.disabledReason,
      ...codedFields('disabledReason', row.disabledReason),
      failing:
        row.failingSince !== null && row.failingMarkedAt !== null
          ? {
              since: toIso(row.failingSince),
              markedAt: toIso(row.failingMarkedAt),
              lastError: row.failingError,
            }
          : null,
      ordered: row.ordered,
      filter: row.filter === null ? null : (JSON.parse(row.filter) as WebhookFilter),
      filteredOut: row.filteredOut,
      source: row.source as 'app' | 'api',
      createdAt: toIso(row.createdAt),
      updatedAt: toIso(row.updatedAt),
    };
  }

  /** A secret sealed by a keychain this host cannot use (a database moved from the desktop) is listed, not thrown. */
  private readableSecret(stored: string): string {
    return this.readable(stored, 'rotate the secret to use it here');
  }

  private readable(stored: string, remedy: string): string {
    try {
      return this.cipher.open(stored);
    } catch {
      return `(sealed by the system keychain; ${remedy})`;
    }
  }

  /** The static header's value as sent; throws (the attempt fails) when this host cannot open it. */
  openHeaderValue(stored: string): string {
    return this.cipher.open(stored);
  }

  rows(): WebhookRow[] {
    return this.repo.all();
  }

  list(): Webhook[] {
    return this.rows().map((row) => this.toApi(row));
  }

  row(id: string): WebhookRow {
    const row = this.repo.get(id);
    if (!row) throw notFound('webhook', id);
    return row;
  }

  get(id: string): Webhook {
    return this.toApi(this.row(id));
  }

  create(input: WebhookCreateInput, options: CreateOptions = {}): Webhook {
    const url = options.urlChecked ? input.url : checkWebhookUrl(input.url).toString();
    checkHeader(input.headerName, input.headerValue);
    const events = normalizeEvents(input.events);
    const filter = storedFilter(input.filter, events);
    const now = this.deps.clock.now();
    const row: WebhookRow = {
      id: newId('webhook', now),
      name: input.name,
      url,
      events: JSON.stringify(events),
      enabled: true,
      secret: this.cipher.seal(newSigningSecret()),
      previousSecret: null,
      previousSecretExpiresAt: null,
      headerName: input.headerName || null,
      headerValue: input.headerName && input.headerValue ? this.cipher.seal(input.headerValue) : null,
      disabledReason: null,
      source: options.source ?? 'app',
      createdByKeyId: options.createdByKeyId ?? null,
      failingSince: null,
      failingMarkedAt: null,
      failingError: null,
      ordered: input.ordered ?? false,
      filter,
      filteredOut: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.repo.insert(row);
    return this.toApi(row);
  }

  update(input: WebhookUpdateInput): Webhook {
    const current = this.row(input.id);
    const headerName = input.headerName !== undefined ? input.headerName : current.headerName;
    // The stored value is sealed: checked as it is (one line), sealed again only when a new one is given.
    const keepValue = input.headerValue === undefined;
    const headerValue = keepValue ? current.headerValue : input.headerValue;
    checkHeader(headerName, headerValue);
    const events =
      input.events !== undefined ? JSON.stringify(normalizeEvents(input.events)) : current.events;
    // New events judge the stored filter again: a path they lack is refused as when it was written.
    const filter = storedFilter(
      input.filter !== undefined ? input.filter : current.filter === null ? null : JSON.parse(current.filter),
      JSON.parse(events) as string[],
    );
    this.repo.update(input.id, {
      name: input.name ?? current.name,
      url: input.url !== undefined ? checkWebhookUrl(input.url).toString() : current.url,
      events,
      secret: current.secret,
      previousSecret: current.previousSecret,
      previousSecretExpiresAt: current.previousSecretExpiresAt,
      headerName: headerName || null,
      headerValue:
        headerName && headerValue ? (keepValue ? headerValue : this.cipher.seal(headerValue)) : null,
      ordered: input.ordered ?? current.ordered,
      filter,
      updatedAt: this.deps.clock.now(),
    });
    return this.get(input.id);
  }

  /** Deleting the webhook the health events go to switches them off (`healthEventsTo`). */
  delete(id: string): void {
    this.row(id);
    this.repo.delete(id);
    if (this.deps.settings.get().healthEventsTo === id) this.deps.settings.update({ healthEventsTo: null });
  }

  /**
   * Refuses a `healthEventsTo` that names none of the owner's webhooks (a key's REST-hook
   * subscription is not the owner's: it goes when its Zap or workflow is switched off).
   */
  checkHealthTarget(id: string): void {
    const row = this.repo.get(id);
    if (row && row.source === 'app') return;
    throw invalid([
      {
        path: 'healthEventsTo',
        message: `none of your webhooks has the id ${id}: choose one from Settings > Webhooks, or none to send no health events`,
      },
    ]);
  }

  /**
   * Disabling stops deliveries at once: what was waiting is marked `skipped`
   * (replayable), and so is every later event until it is enabled again.
   */
  setEnabled(id: string, enabled: boolean, disabledReason: string | null = null): Webhook {
    const current = this.row(id);
    if (!enabled) {
      this.deps.disabler.disable(id, disabledReason);
      return this.get(id);
    }
    if (!current.enabled) this.deps.keySubscriptions.assertAllowsEnable(current);
    this.deps.work.transaction(() => {
      this.repo.setEnabled(id, true, null, this.deps.clock.now());
      // Enabled again (after a fix, say): a failing streak starts afresh.
      if (!current.enabled) this.deps.failing.clear(id);
    });
    return this.get(id);
  }

  rotateSecret(id: string): { secret: string } {
    const current = this.row(id);
    const now = this.deps.clock.now();
    const graceMs = this.deps.settings.get().secretRotationGraceHours * 3_600_000;
    const secret = newSigningSecret();
    this.repo.update(id, {
      ...current,
      // Both stay sealed as stored; only signing opens them.
      secret: this.cipher.seal(secret),
      previousSecret: graceMs > 0 ? current.secret : null,
      previousSecretExpiresAt: graceMs > 0 ? now + graceMs : null,
      updatedAt: now,
    });
    return { secret };
  }

  /** The secrets that sign now: the current one, then the previous one during its grace period. */
  signingSecrets(row: WebhookRow, nowMs: number): string[] {
    const secrets = [this.cipher.open(row.secret)];
    if (row.previousSecret && row.previousSecretExpiresAt != null && row.previousSecretExpiresAt > nowMs) {
      // A previous secret this host cannot open is left out rather than stopping the delivery.
      const previous = this.readableSecret(row.previousSecret);
      if (previous.startsWith('whsec_')) secrets.push(previous);
    }
    return secrets;
  }

  /** REST hooks: the subscription this key already made for the same URL, events and filter, if any. */
  findSubscription(url: string, events: string[], keyId: string, filter?: unknown): Webhook | undefined {
    const wanted = JSON.stringify([...normalizeEvents(events)].sort());
    const wantedFilter = isEmptyFilter(filter) ? null : JSON.stringify(filter);
    const rows = this.repo.forUrlAndKey(url, keyId);
    const match = rows.find(
      (row) =>
        JSON.stringify([...(JSON.parse(row.events) as string[])].sort()) === wanted &&
        row.filter === wantedFilter,
    );
    return match ? this.toApi(match) : undefined;
  }

  /** REST hooks: how many subscriptions this key holds (enabled or not). */
  countForKey(keyId: string): number {
    return this.repo.countForKey(keyId);
  }

  /** REST hooks: only the subscriptions this key made. */
  listForKey(keyId: string): Webhook[] {
    return this.repo.listForKey(keyId).map((row) => this.toApi(row));
  }

  assertExists(id: string): void {
    if (!this.repo.exists(id)) throw notFound('webhook', id);
  }

  assertEnabled(row: WebhookRow, action: string): void {
    if (!row.enabled) {
      throw new AppError('conflict', `Webhook ${row.name} is disabled: enable it first, then ${action}`);
    }
  }
}
