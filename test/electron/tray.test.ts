import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Notice } from '../../contract/index.js';
import { ManualClock, systemClock } from '../../main/core/clock.js';
import type { Core } from '../../main/core/core.js';
import { createHandlers } from '../../main/core/handlers/index.js';
import {
  forwardNotices,
  refreshAfterChanges,
  TRAY_CHANGING_OPERATIONS,
} from '../../main/electron/notices.js';
import {
  TrayController,
  trayIconName,
  trayMenuTemplate,
  trayTooltip,
  type TrayActions,
  type TrayLike,
  type TrayState,
} from '../../main/electron/tray.js';
import { openCore } from '../support/core.js';
import { bareHost } from '../support/host.js';

type Template = MenuItemConstructorOptions[];

/** The tray factory's product: records what the controller asked of it. */
class RecordingTray implements TrayLike<Template> {
  menus: Template[] = [];
  tooltips: string[] = [];
  images: string[] = [];
  clickListeners: (() => void)[] = [];
  destroyed = false;
  constructor(readonly icon: string) {}
  setContextMenu(menu: Template) {
    this.menus.push(menu);
  }
  setToolTip(text: string) {
    this.tooltips.push(text);
  }
  setImage(image: string) {
    this.images.push(image);
  }
  on(_event: 'click', listener: () => void) {
    this.clickListeners.push(listener);
  }
  destroy() {
    this.destroyed = true;
  }
  get menu(): Template {
    return this.menus[this.menus.length - 1];
  }
}

const labels = (template: Template) => template.filter((i) => i.type !== 'separator').map((i) => i.label);
const item = (template: Template, id: string) => template.find((i) => i.id === id)!;
const click = (template: Template, id: string) => (item(template, id).click as () => void)();

function noActions(calls: string[] = []): TrayActions {
  return {
    setPaused: (paused) => calls.push(`setPaused:${paused}`),
    openWindow: () => calls.push('open'),
    copyServerAddress: () => calls.push('copy'),
    quit: () => calls.push('quit'),
  };
}

describe('the tray menu, from state', () => {
  it('running: offers Pause webhooks and shows the counts', () => {
    const template = trayMenuTemplate({ paused: false, held: 3, failing: 2 }, noActions());
    expect(labels(template)).toEqual([
      'Webhooks running',
      '2 failing webhooks',
      '3 held deliveries',
      'Pause webhooks',
      'Open dVersum',
      'Copy server address',
      'Quit',
    ]);
    expect(item(template, 'failing').enabled).toBe(false);
    expect(item(template, 'held').enabled).toBe(false);
  });

  it('paused: offers Resume webhooks; singular counts read as such', () => {
    const template = trayMenuTemplate({ paused: true, held: 1, failing: 1 }, noActions());
    expect(labels(template)).toEqual([
      'Webhooks paused',
      '1 failing webhook',
      '1 held delivery',
      'Resume webhooks',
      'Open dVersum',
      'Copy server address',
      'Quit',
    ]);
  });

  it('a delivery sent but not saved (dispatch.status stuckCount) gets its own line, in English and German', () => {
    const template = trayMenuTemplate({ paused: false, held: 2, failing: 0, stuckCount: 2 }, noActions());
    expect(labels(template).slice(0, 4)).toEqual([
      'Webhooks running',
      '0 failing webhooks',
      '2 held deliveries',
      '2 deliveries sent but not saved',
    ]);
    expect(item(template, 'stuck').enabled).toBe(false);
    const de = trayMenuTemplate(
      { paused: false, held: 1, failing: 0, stuckCount: 1, language: 'de' },
      noActions(),
    );
    expect(labels(de)[3]).toBe('1 Zustellung gesendet, aber nicht gespeichert');
  });

  it('each item calls its action', () => {
    const calls: string[] = [];
    const running = trayMenuTemplate({ paused: false, held: 0, failing: 0 }, noActions(calls));
    click(running, 'pause');
    click(running, 'open');
    click(running, 'copy-address');
    click(running, 'quit');
    click(trayMenuTemplate({ paused: true, held: 0, failing: 0 }, noActions(calls)), 'pause');
    expect(calls).toEqual(['setPaused:true', 'open', 'copy', 'quit', 'setPaused:false']);
  });

  it('the tooltip says what matters most', () => {
    expect(trayTooltip({ paused: true, held: 12, failing: 3 })).toBe(
      'dVersum — webhooks paused, 12 deliveries held',
    );
    expect(trayTooltip({ paused: false, held: 0, failing: 1 })).toBe('dVersum — 1 webhook failing');
    expect(trayTooltip({ paused: false, held: 4, failing: 0 })).toBe('dVersum — webhooks running');
  });

  it('speaks the owner’s language: German menu, counts and tooltip', () => {
    const template = trayMenuTemplate({ paused: true, held: 1, failing: 2, language: 'de' }, noActions());
    expect(labels(template)).toEqual([
      'Webhooks pausiert',
      '2 fehlschlagende Webhooks',
      '1 zurückgehaltene Zustellung',
      'Webhooks fortsetzen',
      'dVersum öffnen',
      'Serveradresse kopieren',
      'Beenden',
    ]);
    expect(trayTooltip({ paused: true, held: 12, failing: 0, language: 'de' })).toBe(
      'dVersum — Webhooks pausiert, 12 Zustellungen zurückgehalten',
    );
  });

  it('icons: a template image on macOS, dark or light glyphs elsewhere', () => {
    expect(trayIconName('darwin', true)).toBe('trayTemplate.png');
    expect(trayIconName('linux', true)).toBe('tray-dark.png');
    expect(trayIconName('win32', false)).toBe('tray-light.png');
  });
});

describe('TrayController with the real dispatcher', () => {
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  function controller(c: Core, calls: string[] = [], changes: TrayState[] = []) {
    const trays: RecordingTray[] = [];
    const tray = new TrayController<Template>({
      createTray: (icon) => {
        const t = new RecordingTray(icon);
        trays.push(t);
        return t;
      },
      buildMenu: (template) => template,
      readState: () => c.dispatcher.status(),
      icon: () => '/icons/tray-light.png',
      actions: { ...noActions(calls), setPaused: (paused) => void c.dispatcher.setPaused(paused) },
      onChange: (state) => changes.push(state),
    });
    return { tray, trays };
  }

  it('Pause webhooks pauses the dispatcher (the persisted state the window shows) and the menu turns to Resume', () => {
    core = openCore({ clock: systemClock }).core;
    const changes: TrayState[] = [];
    const { tray, trays } = controller(core, [], changes);
    tray.show();
    expect(trays).toHaveLength(1);
    expect(trays[0].icon).toBe('/icons/tray-light.png');
    expect(item(trays[0].menu, 'pause').label).toBe('Pause webhooks');

    click(trays[0].menu, 'pause');
    expect(core.dispatcher.status().paused).toBe(true);
    expect(core.settings.readJson<boolean>('dispatch.paused')).toBe(true);
    expect(item(trays[0].menu, 'pause').label).toBe('Resume webhooks');
    expect(trays[0].tooltips.at(-1)).toBe('dVersum — webhooks paused, 0 deliveries held');
    expect(changes).toEqual([{ paused: true, held: 0, failing: 0 }]);

    click(trays[0].menu, 'pause');
    expect(core.dispatcher.status().paused).toBe(false);
    expect(item(trays[0].menu, 'pause').label).toBe('Pause webhooks');
  });

  it('held deliveries are counted while paused, and a refresh without change builds no new menu', async () => {
    core = openCore({ clock: systemClock }).core;
    const { tray, trays } = controller(core);
    core.dispatcher.setPaused(true);
    tray.show();
    const hook = core.webhooks.create({ name: 'n8n', url: 'http://127.0.0.1:9/hook', events: ['*'] });
    core.dispatcher.sendTest(hook.id);
    tray.refresh();
    expect(item(trays[0].menu, 'held').label).toBe('1 held delivery');
    const menus = trays[0].menus.length;
    tray.refresh();
    expect(trays[0].menus).toHaveLength(menus);
  });

  it('a pause made elsewhere (the window) shows at the next refresh; a click on the icon opens the window', () => {
    core = openCore({ clock: systemClock }).core;
    const calls: string[] = [];
    const { tray, trays } = controller(core, calls);
    tray.show();
    core.dispatcher.setPaused(true);
    tray.refresh();
    expect(item(trays[0].menu, 'status').label).toBe('Webhooks paused');
    trays[0].clickListeners.forEach((l) => l());
    expect(calls).toEqual(['open']);
    tray.show();
    expect(trays).toHaveLength(1);
    tray.destroy();
    expect(trays[0].destroyed).toBe(true);
  });
});

describe('the tray and the window follow the core’s notices (no polling)', () => {
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  const host = bareHost('desktop', () => 'http://127.0.0.1:4317');

  function wired(c: Core) {
    const trays: RecordingTray[] = [];
    const tray = new TrayController<Template>({
      createTray: (icon) => {
        const t = new RecordingTray(icon);
        trays.push(t);
        return t;
      },
      buildMenu: (template) => template,
      readState: () => c.dispatcher.status(),
      icon: () => '/icons/tray-light.png',
      actions: noActions(),
    });
    const toWindow: Notice[] = [];
    const stop = forwardNotices(c.notices, {
      toWindow: (n) => void toWindow.push(n),
      refreshTray: () => tray.refresh(),
    });
    tray.show();
    return { tray, trays, toWindow, stop };
  }

  it('a pause made elsewhere shows in the tray at once, and the window is told', () => {
    core = openCore({ clock: new ManualClock() }).core;
    const { trays, toWindow } = wired(core);
    core.dispatcher.setPaused(true);
    expect(item(trays[0].menu, 'status').label).toBe('Webhooks paused');
    expect(toWindow).toEqual([{ type: 'dispatch.changed', paused: true }]);
  });

  it('a failed attempt updates the failing count; a key used goes to the window only; unsubscribed, nothing more', async () => {
    core = openCore({ clock: new ManualClock() }).core;
    await core.start();
    const { trays, toWindow, stop } = wired(core);
    const hook = core.webhooks.create({ name: 'closed port', url: 'http://127.0.0.1:9/hook', events: ['*'] });
    core.dispatcher.sendTest(hook.id);
    await core.dispatcher.runDue();
    // The test event is itself a recorded event (it goes through the outbox), whose notice opened the
    // window: the attempt's notice follows when that window ends.
    await vi.waitFor(() => expect(item(trays[0].menu, 'failing').label).toBe('1 failing webhook'));
    expect(toWindow).toContainEqual({ type: 'deliveries.recorded', webhookIds: [hook.id] });
    const menus = trays[0].menus.length;
    const keyId = core.keys.create({ name: 'k', permissions: ['tasks:read'] }).id;
    core.notices.notify({ type: 'keys.used', keyId });
    expect(toWindow.at(-1)).toEqual({ type: 'keys.used', keyId });
    expect(trays[0].menus).toHaveLength(menus);
    stop();
    core.notices.notify({ type: 'dispatch.changed', paused: true });
    expect(toWindow.at(-1)).toEqual({ type: 'keys.used', keyId });
  });

  it('the window’s changes that raise no notice (a test while paused, deleting the webhook) re-read the tray', async () => {
    core = openCore({ clock: new ManualClock() }).core;
    await core.start();
    const { tray, trays } = wired(core);
    core.dispatcher.setPaused(true);
    const handlers = refreshAfterChanges(createHandlers(core, host), () => tray.refresh());
    const hook = await handlers['webhooks.create']!({
      name: 'n8n',
      url: 'http://127.0.0.1:9/hook',
      events: ['*'],
    });
    await handlers['webhooks.sendTest']!({ id: hook.id });
    expect(item(trays[0].menu, 'held').label).toBe('1 held delivery');
    await handlers['webhooks.delete']!({ id: hook.id });
    expect(item(trays[0].menu, 'held').label).toBe('0 held deliveries');
    expect(TRAY_CHANGING_OPERATIONS.every((name) => name in handlers)).toBe(true);
  });
});
