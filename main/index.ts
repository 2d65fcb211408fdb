/**
 * The Electron entry: wires main/electron/ to the shared host wiring
 * (main/host/compose.ts: the core, the server, the restore's hand-over).
 * What stays here is the desktop's own: window, tray, IPC, dialogs,
 * notifications, login item, quit. Nothing here decides anything the modules
 * it wires do not already decide and test.
 */
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  Tray,
} from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnvConfig } from './core/config.js';
import { createCore, type Core } from './core/core.js';
import { appSchemePrivileges, APP_URL, handleAppProtocol, isAppUrl } from './electron/app-protocol.js';
import { CloseToTray } from './electron/close-to-tray.js';
import { registerContractIpc } from './electron/ipc.js';
import { saveDocumentToFile } from './electron/document-save.js';
import { exportLogToFile } from './electron/log-export.js';
import { applyOpenAtLogin, startedHidden } from './electron/login-item.js';
import { forwardNotices, refreshAfterChanges } from './electron/notices.js';
import { AlertNotifier, isDeliveryAlert } from './electron/notifications.js';
import { appPaths } from './electron/paths.js';
import { safeStorageCipher } from './electron/secret-cipher.js';
import { contentSecurityPolicy, hardenSession, hardenWebContents } from './electron/security.js';
import { listenAddress } from './electron/server-address.js';
import { electronOnline } from './electron/online.js';
import { QuitSequence, shutdownSteps } from './electron/shutdown.js';
import { claimSingleInstance } from './electron/single-instance.js';
import { explainStartError } from './electron/start-errors.js';
import { TrayController, trayIconName } from './electron/tray.js';
import { MainWindow, mainWindowOptions } from './electron/window.js';
import { HostWiring } from './host/compose.js';
import { resolveLanguage, type Language } from '../contract/language.js';

const CLOSE_NOTICE_KEY = 'desktop.closeToTrayNoticeShown';
/** The tray follows the core's notices; this slow re-read only catches what raises none (a REST-hook subscription deleted through the API). */
const TRAY_FALLBACK_MS = 60_000;

const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const ownPage = (url: string): boolean => isAppUrl(url, devServerUrl);
let mainWindow: MainWindow | undefined;

protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
app.setAppUserModelId('com.dversum.desktop');
// One data folder whether packaged (productName) or run from the sources (package name).
app.setPath('userData', join(app.getPath('appData'), 'dVersum'));

if (!claimSingleInstance(app, process.env, () => mainWindow?.open())) {
  app.quit();
} else {
  app
    .whenReady()
    .then(startDesktop)
    .catch((err: unknown) => {
      const hasSqliteBinding = !!process.env.DVERSUM_SQLITE_BINDING;
      dialog.showErrorBox(
        'dVersum could not start',
        explainStartError(err, { isPackaged: app.isPackaged, hasSqliteBinding }),
      );
      app.exit(1);
    });
}

async function startDesktop(): Promise<void> {
  const paths = appPaths({
    mainDir: fileURLToPath(new URL('.', import.meta.url)),
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    isPackaged: app.isPackaged,
    env: process.env,
  });
  const env = readEnvConfig();
  const online = electronOnline(net);
  // The core, the server and the restore's hand-over (main/host/compose.ts): everything below reads
  // `core()` when it runs, and what is wired to a core is wired again to the restored one (`eachCore`).
  // The save dialogs (the log's export, a document) open over the window when there is one.
  const showSaveDialog = (options: Electron.SaveDialogOptions) => {
    const parent = window.current();
    return parent ? dialog.showSaveDialog(parent as BrowserWindow, options) : dialog.showSaveDialog(options);
  };
  const wiring = new HostWiring({
    mode: 'desktop',
    openCore: () =>
      createCore({
        online,
        dataDir: process.env.DVERSUM_DATA_DIR || app.getPath('userData'),
        migrationsFolder: paths.migrationsFolder,
        nativeBinding: paths.sqliteBinding,
        secretCipher: safeStorageCipher(safeStorage, process.platform),
      }),
    exportLog: (input) =>
      exportLogToFile(
        {
          showSaveDialog,
          exportStream: (format, filters) => core().deliveryLog.export(format, filters ?? {}),
          defaultFolder: () => app.getPath('downloads'),
          now: () => core().clock.now(),
        },
        input,
      ),
    saveDocument: (file) =>
      saveDocumentToFile(
        {
          showSaveDialog,
          defaultFolder: () => app.getPath('downloads'),
        },
        file,
      ),
  });
  const core = (): Core => wiring.core;

  // The window: app:// with its CSP, every webContents hardened.
  const csp = contentSecurityPolicy(devServerUrl);
  hardenSession(session.defaultSession, csp, ownPage);
  handleAppProtocol(protocol, paths.rendererDir, (url) => net.fetch(url), csp);
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, { isAppUrl: ownPage, openExternal: (url) => void shell.openExternal(url) }),
  );

  /** The owner's language (Settings > General), else the system's: the tray's and the notifications'. */
  const language = (): Language =>
    resolveLanguage(core().settings.get().language, [app.getLocale(), ...app.getPreferredSystemLanguages()]);
  const notify = (title: string, body: string): void => {
    if (!Notification.isSupported()) return;
    const notice = new Notification({ title, body });
    notice.on('click', () => mainWindow?.open());
    notice.show();
  };
  const closeToTray = new CloseToTray({
    noticeShown: () => core().settings.readJson<boolean>(CLOSE_NOTICE_KEY) === true,
    markNoticeShown: () => core().settings.writeJson(CLOSE_NOTICE_KEY, true),
    notify,
    language,
  });
  const window = new MainWindow({
    create: (options) => new BrowserWindow(options),
    options: mainWindowOptions(paths.preload, join(paths.iconsDir, 'icon.png')),
    url: devServerUrl ?? APP_URL,
    closeToTray,
    isAppUrl: ownPage,
  });
  mainWindow = window;

  // The embedded server first: the address is part of what the window shows.
  await wiring.serve({});
  const address = listenAddress(core().settings.get().server, env);
  try {
    await wiring.listen(address.host, address.port);
  } catch (err) {
    // The window still works over IPC; the owner learns why the API is not answering.
    notify(
      'The API server did not start',
      `${wiring.url}: ${err instanceof Error ? err.message : String(err)}. Change the port in Settings and restart dVersum.`,
    );
  }

  const unwireIpc = wiring.eachCore((on) =>
    registerContractIpc({
      ipcMain,
      handlers: refreshAfterChanges(wiring.handlers(on), () => refreshTray()),
      isAppUrl: ownPage,
      logError: (name, err) => console.error(`dVersum: ${name} failed`, err),
    }),
  );

  let trayMenu: Menu | undefined;
  const tray = new TrayController({
    createTray: (icon) => new Tray(icon),
    buildMenu: (template) => (trayMenu = Menu.buildFromTemplate(template)),
    readState: () => ({ ...core().dispatcher.status(), language: language() }),
    icon: () => join(paths.iconsDir, 'tray', trayIconName(process.platform, nativeTheme.shouldUseDarkColors)),
    actions: {
      setPaused: (paused) => void core().dispatcher.setPaused(paused),
      openWindow: () => window.open(),
      copyServerAddress: () => clipboard.writeText(wiring.url),
      quit: () => app.quit(),
    },
  });

  // From Quit on, the database is about to close: nothing reads it for the tray any more.
  let quitting = false;
  const refreshTray = (): void => {
    if (!quitting) tray.refresh();
  };

  await wiring.start();
  tray.show();
  const unwireNotices = wiring.eachCore((on) =>
    forwardNotices(on.notices, {
      toWindow: (notice) => window.send(notice),
      refreshTray,
    }),
  );
  const refreshTimer = setInterval(refreshTray, TRAY_FALLBACK_MS);
  nativeTheme.on('updated', () => tray.updateIcon());

  const alerts = new AlertNotifier({ clock: core().clock, notify: (n) => notify(n.title, n.body), language });
  const unwireAlerts = wiring.eachCore((on) =>
    on.dispatcher.onEvent((event) => {
      if (isDeliveryAlert(event)) alerts.handle(event);
    }),
  );

  // What fell due while the machine slept is sent on wake-up.
  powerMonitor.on('resume', () => {
    online.check();
    core().dispatcher.wake();
    refreshTray();
  });

  const loginItem = (open: boolean): void => {
    if (!app.isPackaged) return; // a development build would register the bare Electron binary
    applyOpenAtLogin(open, {
      platform: process.platform,
      env: process.env,
      execPath: process.execPath,
      setLoginItemSettings: (s) => app.setLoginItemSettings(s),
    });
  };
  // The restored database may hold another "open at login" than the one it replaced.
  wiring.eachCore((on) => {
    loginItem(on.settings.get().openAtLogin);
    return on.settings.onChange((next, previous) => {
      if (next.openAtLogin !== previous.openAtLogin) loginItem(next.openAtLogin);
      if (next.language !== previous.language) refreshTray();
    });
  });
  // After a restore: the same window, tray and port, wired to the restored database.
  wiring.onReplaced(() => refreshTray());

  const quit = new QuitSequence({
    steps: shutdownSteps({
      server: { server: wiring.server, close: () => wiring.closeServer(false) },
      deliveries: { idle: () => core().dispatcher.idle() },
      core: { close: () => core().close() },
      ui: () => {
        clearInterval(refreshTimer);
        unwireNotices();
        unwireAlerts();
        online.close();
        unwireIpc();
        tray.destroy();
        for (const open of BrowserWindow.getAllWindows()) open.destroy();
      },
    }),
    exit: (code) => app.exit(code),
    logError: (step, err) => console.error(`dVersum: while quitting, "${step}" failed`, err),
  });
  // Ctrl+C in the terminal (npm start forwards it) and a system shutdown quit in order too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  // Every Quit waits for the one sequence, which ends in app.exit (no second before-quit).
  app.on('before-quit', (event) => {
    quitting = true;
    closeToTray.markQuitting();
    event.preventDefault();
    void quit.run();
  });
  // The tray keeps the app alive: no window is not a reason to quit.
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => window.open());

  if (!startedHidden(process.argv)) window.open();
  if (process.env.DVERSUM_TEST_HOOKS === '1') {
    // For the Playwright smoke test: the tray's menu as built, and the server's address.
    (globalThis as { dversumTestHooks?: unknown }).dversumTestHooks = {
      trayMenu: () => trayMenu,
      serverUrl: () => wiring.url,
    };
  }
}
