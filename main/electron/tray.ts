/**
 * The tray icon and its menu. The state lives in private fields; the menu is
 * rebuilt from it whenever it changes. Tray and Menu come from injected
 * factories, so the menu is tested as plain data (as Signal Desktop tests its
 * tray) without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Language } from '../../contract/language.js';
import { desktopText } from './i18n.js';

export interface TrayState {
  paused: boolean;
  /** Deliveries waiting (held by the pause, or due later). */
  held: number;
  /** Enabled webhooks whose latest delivery failed or is retrying. */
  failing: number;
  /** Deliveries sent whose outcome could not be saved (`dispatch.status`'s `stuckCount`); absent when none. */
  stuckCount?: number;
  /** The language of the menu and tooltip (the owner's setting, else the system's); English when absent. */
  language?: Language;
}

export interface TrayActions {
  setPaused(paused: boolean): void;
  openWindow(): void;
  copyServerAddress(): void;
  quit(): void;
}

export function trayTooltip(state: TrayState): string {
  const t = desktopText(state.language ?? 'en');
  if (state.paused) return t('tray.tooltipPaused', { count: state.held });
  if (state.failing > 0) return t('tray.tooltipFailing', { count: state.failing });
  return t('tray.tooltipRunning');
}

export function trayMenuTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const t = desktopText(state.language ?? 'en');
  return [
    { id: 'status', label: state.paused ? t('tray.statusPaused') : t('tray.statusRunning'), enabled: false },
    { id: 'failing', label: t('tray.failing', { count: state.failing }), enabled: false },
    { id: 'held', label: t('tray.held', { count: state.held }), enabled: false },
    ...(state.stuckCount
      ? [{ id: 'stuck', label: t('tray.stuck', { count: state.stuckCount }), enabled: false }]
      : []),
    { type: 'separator' },
    state.paused
      ? { id: 'pause', label: t('tray.resume'), click: () => actions.setPaused(false) }
      : { id: 'pause', label: t('tray.pause'), click: () => actions.setPaused(true) },
    { type: 'separator' },
    { id: 'open', label: t('tray.open'), click: () => actions.openWindow() },
    { id: 'copy-address', label: t('tray.copyAddress'), click: () => actions.copyServerAddress() },
    { type: 'separator' },
    { id: 'quit', label: t('tray.quit'), click: () => actions.quit() },
  ];
}

/** The image for the menu bar: a template image on macOS (the system tints it), else dark or light. */
export function trayIconName(platform: NodeJS.Platform, darkMenus: boolean): string {
  if (platform === 'darwin') return 'trayTemplate.png';
  return darkMenus ? 'tray-dark.png' : 'tray-light.png';
}

export interface TrayLike<M> {
  setContextMenu(menu: M): void;
  setToolTip(text: string): void;
  setImage(image: string): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface TrayDeps<M> {
  createTray(icon: string): TrayLike<M>;
  buildMenu(template: MenuItemConstructorOptions[]): M;
  readState(): TrayState;
  icon(): string;
  actions: TrayActions;
  /** Called after the shown state changed (the window learns it from core.notices, not from here). */
  onChange?(state: TrayState): void;
}

export class TrayController<M> {
  #tray: TrayLike<M> | null = null;
  #state: TrayState | null = null;
  #icon: string | null = null;

  constructor(private readonly deps: TrayDeps<M>) {}

  show(): void {
    if (this.#tray) return;
    this.#icon = this.deps.icon();
    this.#tray = this.deps.createTray(this.#icon);
    this.#tray.on('click', () => this.deps.actions.openWindow());
    this.refresh();
  }

  /** Re-reads the state; rebuilds the menu only when something shown changed. */
  refresh(): void {
    const tray = this.#tray;
    if (!tray) return;
    const next = this.deps.readState();
    const previous = this.#state;
    if (
      previous &&
      previous.paused === next.paused &&
      previous.held === next.held &&
      previous.failing === next.failing &&
      previous.stuckCount === next.stuckCount &&
      previous.language === next.language
    ) {
      return;
    }
    this.#state = { ...next };
    tray.setContextMenu(this.deps.buildMenu(trayMenuTemplate(next, this.#guardedActions())));
    tray.setToolTip(trayTooltip(next));
    if (previous) this.deps.onChange?.({ ...next });
  }

  /** The system switched between light and dark menus. */
  updateIcon(): void {
    const icon = this.deps.icon();
    if (!this.#tray || icon === this.#icon) return;
    this.#icon = icon;
    this.#tray.setImage(icon);
  }

  get state(): TrayState | null {
    return this.#state ? { ...this.#state } : null;
  }

  destroy(): void {
    this.#tray?.destroy();
    this.#tray = null;
    this.#state = null;
  }

  /** Pausing from the menu shows at once, without waiting for the next refresh. */
  #guardedActions(): TrayActions {
    const { actions } = this.deps;
    return {
      ...actions,
      setPaused: (paused) => {
        actions.setPaused(paused);
        this.refresh();
      },
    };
  }
}
