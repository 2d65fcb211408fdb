import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../support/core.js';
import { ManualClock } from '../../main/core/clock.js';
import { createCore, type Core } from '../../main/core/core.js';
import type { DispatchEvent } from '../../main/core/dispatcher/dispatch-events.js';
import { isSealed, plainCipher, SEALED_PREFIX } from '../../main/core/secret-cipher.js';
import {
  applyOpenAtLogin,
  autostartEntry,
  autostartFile,
  startedHidden,
} from '../../main/electron/login-item.js';
import {
  AlertNotifier,
  alertNotice,
  isDeliveryAlert,
  FAILURE_QUIET_MS,
  type Notice,
} from '../../main/electron/notifications.js';
import { closeNotice } from '../../main/electron/close-to-tray.js';
import { keychainAvailable, safeStorageCipher } from '../../main/electron/secret-cipher.js';
import { claimSingleInstance } from '../../main/electron/single-instance.js';
import { answer, Receiver } from '../support/receiver.js';
import { storeOf } from '../../main/core/store/database.js';

const scratch = mkdtempSync(join(tmpdir(), 'dversum-desktop-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** safeStorage's contract: encryptString gives bytes only decryptString turns back. */
function keychain(backend: string, available = true) {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend as never,
    encryptString: (plain: string) => Buffer.from(`k1:${[...plain].reverse().join('')}`),
    decryptString: (sealed: Buffer) => [...sealed.toString().replace(/^k1:/, '')].reverse().join(''),
  };
}

describe('webhook secrets sealed with safeStorage', () => {
  it('seals with a prefix and opens both sealed and older plain values', () => {
    const cipher = safeStorageCipher(keychain('gnome_libsecret'), 'linux');
    expect(cipher.kind).toBe('os-keychain');
    const sealed = cipher.seal('whsec_abc');
    expect(sealed.startsWith(SEALED_PREFIX)).toBe(true);
    expect(sealed).not.toContain('whsec_abc');
    expect(cipher.open(sealed)).toBe('whsec_abc');
    expect(cipher.open('whsec_plain_from_before')).toBe('whsec_plain_from_before');
  });

  it('no real key store (Linux basic_text, or none at all): secrets stay plain rather than pretend', () => {
    expect(keychainAvailable(keychain('basic_text'), 'linux')).toBe(false);
    expect(keychainAvailable(keychain('kwallet5'), 'linux')).toBe(true);
    expect(keychainAvailable(keychain('unknown', false), 'darwin')).toBe(false);
    expect(keychainAvailable(keychain('basic_text'), 'win32')).toBe(true);
    expect(safeStorageCipher(keychain('basic_text'), 'linux')).toBe(plainCipher);
  });

  it('the plain cipher refuses a sealed value instead of sending it as a secret', () => {
    expect(isSealed(`${SEALED_PREFIX}xyz`)).toBe(true);
    expect(() => plainCipher.open(`${SEALED_PREFIX}xyz`)).toThrow('sealed by the system keychain');
    expect(plainCipher.seal('whsec_x')).toBe('whsec_x');
  });

  it('with the core: the database holds the sealed secret, the owner sees and the receiver verifies the plain one', async () => {
    const receiver = await Receiver.start();
    receiver.respond = answer(204);
    const core = createCore({ secretCipher: safeStorageCipher(keychain('gnome_libsecret'), 'linux') });
    await core.start();
    try {
      const hook = core.webhooks.create({ name: 'n8n', url: receiver.url, events: ['*'] });
      expect(hook.secret).toMatch(/^whsec_/);
      const stored = storeOf(core.store)
        .sqlite.prepare('SELECT secret FROM webhooks WHERE id = ?')
        .get(hook.id) as {
        secret: string;
      };
      expect(isSealed(stored.secret)).toBe(true);
      expect(stored.secret).not.toContain(hook.secret.slice(6));
      // The receiver checks the signature against the current time (5-minute tolerance): the system clock here.
      core.dispatcher.sendTest(hook.id);
      await core.dispatcher.runDue();
      const { headers, body } = receiver.received[0];
      expect(() => new Webhook(hook.secret).verify(body, headers as Record<string, string>)).not.toThrow();
    } finally {
      await core.close();
      await receiver.close();
    }
  });

  it('the core carries the cipher it is given, the plain one by default', async () => {
    const cipher = safeStorageCipher(keychain('kwallet6'), 'linux');
    const core = createCore({ secretCipher: cipher });
    expect(core.secretCipher).toBe(cipher);
    await core.close();
    const plain = createCore();
    expect(plain.secretCipher).toBe(plainCipher);
    await plain.close();
  });
});

describe('Open at login', () => {
  it('Linux: an XDG autostart entry that starts hidden, removed again when turned off', () => {
    const env = { XDG_CONFIG_HOME: scratch, APPIMAGE: '/home/o/Apps/dVersum.AppImage' };
    const calls: unknown[] = [];
    const deps = {
      platform: 'linux' as const,
      env,
      execPath: '/tmp/.mount/dversum',
      setLoginItemSettings: (s: unknown) => void calls.push(s),
    };
    applyOpenAtLogin(true, deps);
    const file = autostartFile(env);
    expect(file).toBe(join(scratch, 'autostart', 'dversum.desktop'));
    expect(readFileSync(file, 'utf8')).toContain('Exec="/home/o/Apps/dVersum.AppImage" --hidden');
    applyOpenAtLogin(false, deps);
    expect(existsSync(file)).toBe(false);
    expect(calls).toEqual([]);
  });

  it('Windows and macOS: app.setLoginItemSettings', () => {
    const calls: unknown[] = [];
    applyOpenAtLogin(true, {
      platform: 'win32',
      env: {},
      execPath: 'C:\\dVersum.exe',
      setLoginItemSettings: (s) => void calls.push(s),
    });
    applyOpenAtLogin(false, {
      platform: 'darwin',
      env: {},
      execPath: '/A',
      setLoginItemSettings: (s) => void calls.push(s),
    });
    expect(calls).toEqual([
      { openAtLogin: true, args: ['--hidden'] },
      { openAtLogin: false, args: ['--hidden'] },
    ]);
  });

  it('quotes the command for the desktop entry; --hidden means start in the tray', () => {
    expect(autostartEntry('/opt/d "v"/$x')).toContain('Exec="/opt/d \\"v\\"/\\$x" --hidden');
    expect(startedHidden(['/opt/dVersum', '--hidden'])).toBe(true);
    expect(startedHidden(['/opt/dVersum'])).toBe(false);
  });
});

describe('single instance', () => {
  function app(lock: boolean) {
    const listeners: (() => void)[] = [];
    return {
      listeners,
      requested: 0,
      requestSingleInstanceLock() {
        this.requested++;
        return lock;
      },
      on: (_event: 'second-instance', l: () => void) => void listeners.push(l),
    };
  }

  it('the first instance goes on; a second launch focuses its window', () => {
    const first = app(true);
    const focused: string[] = [];
    expect(claimSingleInstance(first, {}, () => focused.push('focus'))).toBe(true);
    first.listeners.forEach((l) => l());
    expect(focused).toEqual(['focus']);
  });

  it('a second instance stops; DVERSUM_NO_SINGLE_INSTANCE=1 does not even ask for the lock', () => {
    expect(claimSingleInstance(app(false), {}, () => undefined)).toBe(false);
    const free = app(false);
    expect(claimSingleInstance(free, { DVERSUM_NO_SINGLE_INSTANCE: '1' }, () => undefined)).toBe(true);
    expect(free.requested).toBe(0);
  });
});

describe('notifications', () => {
  const failed = (webhookId: string) =>
    ({
      type: 'delivery.failed',
      webhookId,
      webhookName: 'n8n',
      eventType: 'invoice.paid',
      attempts: 5,
    }) as const;

  it('say what failed and what to do', () => {
    expect(alertNotice(failed('whk_1'))).toEqual({
      title: 'Webhook "n8n" failed',
      body: 'invoice.paid was not delivered after 5 attempts. See the delivery log to redeliver it.',
    });
    expect(
      alertNotice({
        type: 'webhook.disabled',
        webhookId: 'whk_1',
        webhookName: 'Zapier',
        reason: 'The receiver answered 410 Gone.',
      }),
    ).toEqual({
      title: 'Webhook "Zapier" was disabled',
      body: 'The receiver answered 410 Gone. Its events are kept as skipped; enable it again in Settings > Integrations.',
    });
  });

  it('speak the owner’s language: a notifier set to German says it in German, held-back counts too', () => {
    const clock = new ManualClock();
    const shown: Notice[] = [];
    const notifier = new AlertNotifier({ clock, notify: (n) => void shown.push(n), language: () => 'de' });
    notifier.handle(failed('whk_1'));
    notifier.handle(failed('whk_1'));
    clock.advance(FAILURE_QUIET_MS);
    notifier.handle(failed('whk_1'));
    expect(shown).toEqual([
      {
        title: 'Webhook „n8n“ fehlgeschlagen',
        body: 'invoice.paid wurde nach 5 Versuchen nicht zugestellt. Im Zustellprotokoll können Sie es erneut senden.',
      },
      {
        title: 'Webhook „n8n“ fehlgeschlagen',
        body: 'invoice.paid wurde nach 5 Versuchen nicht zugestellt (und 1 weitere seit der letzten Meldung). Im Zustellprotokoll können Sie es erneut senden.',
      },
    ]);
    expect(closeNotice('de').title).toBe('dVersum läuft weiter');
  });

  it('a webhook marked failing (24 h of failures) is told at once, with since when and the last error', () => {
    const shown: Notice[] = [];
    const notifier = new AlertNotifier({ clock: new ManualClock(), notify: (n) => void shown.push(n) });
    const since = Date.parse('2026-03-01T08:00:00.000Z');
    notifier.handle(failed('whk_1'));
    notifier.handle({
      type: 'webhook.failing',
      webhookId: 'whk_1',
      webhookName: 'n8n',
      since,
      lastError: 'HTTP 500',
    });
    expect(shown[1]).toEqual({
      title: 'Webhook "n8n" is failing',
      body: 'Every delivery has failed since 2026-03-01T08:00:00.000Z (last error: HTTP 500). Check the receiver; see its card in Settings > Integrations.',
    });
  });

  it('a webhook marked failing that recovers is told at once, in the owner’s language', () => {
    const recovered = {
      type: 'webhook.recovered',
      webhookId: 'whk_1',
      webhookName: 'n8n',
      since: Date.parse('2026-03-01T08:00:00.000Z'),
    } as const;
    expect(isDeliveryAlert(recovered)).toBe(true);
    expect(isDeliveryAlert({ ...failed('whk_1'), type: 'delivery.succeeded', deliveryId: 'dlv_1' })).toBe(
      false,
    );
    const shown: Notice[] = [];
    const notifier = new AlertNotifier({ clock: new ManualClock(), notify: (n) => void shown.push(n) });
    notifier.handle(failed('whk_1'));
    notifier.handle(recovered);
    expect(shown[1]).toEqual({
      title: 'Webhook "n8n" works again',
      body: 'It was failing since 2026-03-01T08:00:00.000Z; a delivery just got through. Deliveries that failed meanwhile can be replayed from the delivery log.',
    });
    expect(alertNotice(recovered, 0, 'de')).toEqual({
      title: 'Webhook „n8n“ funktioniert wieder',
      body: 'Er schlug seit 2026-03-01T08:00:00.000Z fehl; eben ist eine Zustellung angekommen. Was in der Zwischenzeit fehlschlug, können Sie im Zustellprotokoll erneut senden.',
    });
  });

  it('a receiver that is down fails many deliveries: one notice per webhook per quiet period, the next counts the rest', () => {
    const clock = new ManualClock();
    const shown: Notice[] = [];
    const notifier = new AlertNotifier({ clock, notify: (n) => void shown.push(n) });
    notifier.handle(failed('whk_1'));
    notifier.handle(failed('whk_1'));
    notifier.handle(failed('whk_1'));
    notifier.handle(failed('whk_2'));
    expect(shown).toHaveLength(2);
    clock.advance(FAILURE_QUIET_MS);
    notifier.handle(failed('whk_1'));
    expect(shown).toHaveLength(3);
    expect(shown[2].body).toContain('(and 2 more since the last notice)');
  });
});

describe('the dispatcher tells the shell what happened (onEvent)', () => {
  let core: Core | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
    await receiver?.close();
    receiver = undefined;
  });

  async function receiverAnswering(status: number): Promise<string> {
    receiver = await Receiver.start();
    receiver.respond = answer(status);
    return receiver.url;
  }

  it('410 Gone: the delivery failed and the webhook was disabled', async () => {
    const url = await receiverAnswering(410);
    core = openCore({ clock: new ManualClock() }).core;
    const events: DispatchEvent[] = [];
    core.dispatcher.onEvent((e) => void events.push(e));
    await core.start();
    const hook = core.webhooks.create({ name: 'Old n8n', url, events: ['*'] });
    const { deliveryId } = core.dispatcher.sendTest(hook.id);
    await core.dispatcher.runDue();
    expect(events.map((e) => e.type)).toEqual(['delivery.failed', 'webhook.disabled']);
    expect(events[0]).toEqual({
      type: 'delivery.failed',
      deliveryId,
      webhookId: hook.id,
      webhookName: 'Old n8n',
      eventType: 'webhook.test',
      attempts: 1,
      webhookDisabled: true,
    });
    // The owner hears it once: the webhook was disabled.
    const shown: Notice[] = [];
    const notifier = new AlertNotifier({ clock: core.clock, notify: (n) => void shown.push(n) });
    for (const e of events)
      if (e.type === 'delivery.failed' || e.type === 'webhook.disabled') notifier.handle(e);
    expect(shown.map((n) => n.title)).toEqual(['Webhook "Old n8n" was disabled']);
    expect(events[1]).toMatchObject({ type: 'webhook.disabled', webhookId: hook.id, webhookName: 'Old n8n' });
    expect((events[1] as { reason: string }).reason).toContain('410 Gone');
  });

  it('the last retry fails: retrying first, then failed; pausing is told once', async () => {
    const url = await receiverAnswering(500);
    const clock = new ManualClock();
    core = openCore({ clock }).core;
    core.settings.update({ retrySchedule: [60] });
    const events: DispatchEvent[] = [];
    const off = core.dispatcher.onEvent((e) => void events.push(e));
    await core.start();
    const hook = core.webhooks.create({ name: 'n8n', url, events: ['*'] });
    core.dispatcher.sendTest(hook.id);
    await core.dispatcher.runDue();
    clock.advance(60_000);
    await core.dispatcher.runDue();
    core.dispatcher.setPaused(true);
    core.dispatcher.setPaused(true);
    expect(events.map((e) => e.type)).toEqual(['delivery.retrying', 'delivery.failed', 'paused']);
    off();
    core.dispatcher.setPaused(false);
    expect(events).toHaveLength(3);
  });
});
