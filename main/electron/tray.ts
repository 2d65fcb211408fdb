/**
 * The tray icon and its menu. The state lives in private fields; the menu is
 * rebuilt from it whenever it changes. Tray and Menu come from injected
 * factories, so the menu is tested as plain data (as Signal Desktop tests its
 * tray) without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface TrayState {
  paused: boolean;
  /** Deliveries waiting (held by the pause, or due later). */
  held: number;
  /** Enabled webhooks whose latest delivery failed or is retrying. */
  failing: number;
}

export interface TrayActions {
  setPaused(paused: boolean): void;
  openWindow(): void;
  copyServerAddress(): void;
  quit(): void;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function trayTooltip(state: TrayState): string {
  if (state.paused) return `dVersum — webhooks paused, ${plural(state.held, 'delivery', 'deliveries')} held`;
  if (state.failing > 0) return `dVersum — ${plural(state.failing, 'webhook', 'webhooks')} failing`;
  return 'dVersum — webhooks running';
}

export function trayMenuTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { id: 'status', label: state.paused ? 'Webhooks paused' : 'Webhooks running', enabled: false },
    { id: 'failing', label: plural(state.failing, 'failing webhook', 'failing webhooks'), enabled: false },
    { id: 'held', label: plural(state.held, 'held delivery', 'held deliveries'), enabled: false },
    { type: 'separator' },
    state.paused
      ? { id: 'pause', label: 'Resume webhooks', click: () => actions.setPaused(false) }
      : { id: 'pause', label: 'Pause webhooks', click: () => actions.setPaused(true) },
    { type: 'separator' },
    { id: 'open', label: 'Open dVersum', click: () => actions.openWindow() },
    { id: 'copy-address', label: 'Copy server address', click: () => actions.copyServerAddress() },
    { type: 'separator' },
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
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
      previous.failing === next.failing
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
