/**
 * The one main window: created on demand, hidden rather than closed (see
 * close-to-tray.ts), focused when a second launch or the tray asks for it.
 * The BrowserWindow itself comes from an injected factory, so the logic is
 * tested without Electron.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { NOTICE_CHANNEL, type Notice } from '../../contract/notices.js';
import type { CloseToTray } from './close-to-tray.js';

export function mainWindowOptions(preloadPath: string, icon?: string): BrowserWindowConstructorOptions {
  return {
    title: 'dVersum',
    width: 1200,
    height: 800,
    minWidth: 820,
    minHeight: 560,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    ...(icon ? { icon } : {}),
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  };
}

export type WindowLike = Pick<
  BrowserWindow,
  'show' | 'hide' | 'focus' | 'restore' | 'isMinimized' | 'isDestroyed' | 'on' | 'once' | 'loadURL'
> & { webContents: Pick<BrowserWindow['webContents'], 'send' | 'isDestroyed' | 'getURL'> };

export interface MainWindowDeps {
  create(options: BrowserWindowConstructorOptions): WindowLike;
  options: BrowserWindowConstructorOptions;
  url: string;
  closeToTray: CloseToTray;
  /** Our own page (isAppUrl in app-protocol.ts): notices go to nothing else. */
  isAppUrl(url: string): boolean;
}

export class MainWindow {
  #window: WindowLike | null = null;

  constructor(private readonly deps: MainWindowDeps) {}

  /** Shows the window, creating it the first time (or after it was really closed). */
  open(): WindowLike {
    const existing = this.current();
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    const window = this.deps.create(this.deps.options);
    this.#window = window;
    window.on('close', (event) => this.deps.closeToTray.onClose(event, window));
    window.on('closed', () => {
      if (this.#window === window) this.#window = null;
    });
    window.once('ready-to-show', () => window.show());
    void window.loadURL(this.deps.url);
    return window;
  }

  current(): WindowLike | null {
    return this.#window && !this.#window.isDestroyed() ? this.#window : null;
  }

  /** A notice to the page (see DversumBridge.on); dropped when there is no window or it shows another page. */
  send(notice: Notice): void {
    const window = this.current();
    if (!window || window.webContents.isDestroyed()) return;
    if (!this.deps.isAppUrl(window.webContents.getURL())) return;
    window.webContents.send(NOTICE_CHANNEL, notice);
  }
}
