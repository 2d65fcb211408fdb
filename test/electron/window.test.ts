import type { BrowserWindowConstructorOptions } from 'electron';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { NOTICE_CHANNEL, type Notice } from '../../contract/index.js';
import { createCore, type Core } from '../../main/core/core.js';
import { APP_URL, handleAppProtocol, isAppUrl, resolveAppAsset } from '../../main/electron/app-protocol.js';
import { CLOSE_NOTICE, CloseToTray } from '../../main/electron/close-to-tray.js';
import { MainWindow, mainWindowOptions, type WindowLike } from '../../main/electron/window.js';

describe('the window options', () => {
  it('are the secure ones: sandbox, isolation, no node, no webview', () => {
    const options = mainWindowOptions('/app/out/preload/index.cjs', '/app/icon.png');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(options.show).toBe(false);
    expect(options.icon).toBe('/app/icon.png');
  });
});

const paused: Notice = { type: 'dispatch.changed', paused: true };

type Listener = (event: { preventDefault(): void; prevented?: boolean }) => void;

/** What the window factory hands out: records calls, lets the test fire its events. */
class RecordingWindow {
  calls: string[] = [];
  listeners = new Map<string, Listener[]>();
  destroyed = false;
  minimized = false;
  sent: unknown[][] = [];
  url = '';
  webContents = {
    send: (channel: string, ...args: unknown[]) => void this.sent.push([channel, ...args]),
    isDestroyed: () => this.destroyed,
    getURL: () => this.url,
  };
  show() {
    this.calls.push('show');
  }
  hide() {
    this.calls.push('hide');
  }
  focus() {
    this.calls.push('focus');
  }
  restore() {
    this.calls.push('restore');
    this.minimized = false;
  }
  isMinimized() {
    return this.minimized;
  }
  isDestroyed() {
    return this.destroyed;
  }
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener) {
    return this.on(event, listener);
  }
  async loadURL(url: string) {
    this.calls.push(`load ${url}`);
    this.url = url;
  }
  /** Fires `close`; returns whether a listener prevented it. */
  fire(event: string): boolean {
    const e = { prevented: false, preventDefault() {} } as { prevented: boolean; preventDefault(): void };
    e.preventDefault = () => void (e.prevented = true);
    for (const l of this.listeners.get(event) ?? []) l(e);
    return e.prevented;
  }
}

describe('the main window: one, hidden to the tray on close, the notice once', () => {
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  function setup() {
    core = createCore();
    const c = core;
    const notices: string[] = [];
    const created: RecordingWindow[] = [];
    const options: BrowserWindowConstructorOptions[] = [];
    const closeToTray = new CloseToTray({
      noticeShown: () => c.settings.readJson<boolean>('desktop.closeToTrayNoticeShown') === true,
      markNoticeShown: () => c.settings.writeJson('desktop.closeToTrayNoticeShown', true),
      notify: (title, body) => notices.push(`${title} | ${body}`),
    });
    const window = new MainWindow({
      create: (o) => {
        options.push(o);
        const w = new RecordingWindow();
        created.push(w);
        return w as unknown as WindowLike;
      },
      options: mainWindowOptions('/p.cjs'),
      url: APP_URL,
      closeToTray,
      isAppUrl: (url) => isAppUrl(url),
    });
    return { window, created, notices, closeToTray, options };
  }

  it('opens one window on the app page, shown when ready; opening again restores and focuses it', () => {
    const { window, created, options } = setup();
    window.open();
    expect(created).toHaveLength(1);
    expect(options[0].webPreferences?.sandbox).toBe(true);
    expect(created[0].calls).toEqual(['load app://dversum/index.html']);
    created[0].fire('ready-to-show');
    expect(created[0].calls.at(-1)).toBe('show');
    created[0].minimized = true;
    window.open();
    expect(created).toHaveLength(1);
    expect(created[0].calls.slice(-3)).toEqual(['restore', 'show', 'focus']);
  });

  it('closing hides the window; the notice is said once, and remembered across runs', () => {
    const { window, created, notices } = setup();
    window.open();
    expect(created[0].fire('close')).toBe(true);
    expect(created[0].calls.at(-1)).toBe('hide');
    expect(created[0].fire('close')).toBe(true);
    expect(notices).toEqual([`${CLOSE_NOTICE.title} | ${CLOSE_NOTICE.body}`]);
    expect(core!.settings.readJson('desktop.closeToTrayNoticeShown')).toBe(true);
  });

  it('when quitting, close closes; a closed window is made anew on the next open', () => {
    const { window, created, closeToTray } = setup();
    window.open();
    closeToTray.markQuitting();
    expect(created[0].fire('close')).toBe(false);
    created[0].destroyed = true;
    created[0].fire('closed');
    expect(window.current()).toBeNull();
    window.send(paused);
    expect(created[0].sent).toEqual([]);
    window.open();
    expect(created).toHaveLength(2);
    window.send(paused);
    expect(created[1].sent).toEqual([[NOTICE_CHANNEL, paused]]);
  });

  it('notices go on the one channel to our own page only, never to a window showing another', () => {
    const { window, created } = setup();
    window.open();
    window.send(paused);
    created[0].url = 'https://evil.example/';
    window.send({ type: 'keys.used', keyId: `key_${'0'.repeat(26)}` });
    created[0].url = 'app://dversum/index.html#/settings/webhooks';
    window.send({ type: 'deliveries.recorded' });
    expect(created[0].sent).toEqual([
      [NOTICE_CHANNEL, paused],
      [NOTICE_CHANNEL, { type: 'deliveries.recorded' }],
    ]);
  });
});

describe('app:// serves the renderer build and nothing else', () => {
  const root = mkdtempSync(join(tmpdir(), 'dversum-renderer-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>dVersum</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  afterEach(() => undefined);

  it('maps URLs to files under the build folder; routes without an extension are index.html', () => {
    expect(resolveAppAsset(root, 'app://dversum/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://dversum/')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://dversum/settings/integrations')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://dversum/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
  });

  it('refuses anything outside it, another host or another scheme', () => {
    const inside = (file: string | null) => file === null || file.startsWith(root + sep);
    // The URL parser folds dot segments (encoded or not) before we see them: still inside.
    expect(resolveAppAsset(root, 'app://dversum/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://dversum/../../etc/shadow.txt')).toBe(join(root, 'etc', 'shadow.txt'));
    // Encoded slashes survive the parser; decoded, they would climb out.
    expect(resolveAppAsset(root, 'app://dversum/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveAppAsset(root, 'app://dversum/assets/..%2F..%2F..%2Fsecret.txt')).toBeNull();
    expect(inside(resolveAppAsset(root, 'app://dversum/assets/..%5c..%5csecret.txt'))).toBe(true);
    expect(resolveAppAsset(root, 'app://dversum/a%00.js')).toBeNull();
    expect(resolveAppAsset(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppAsset(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveAppAsset(root, 'not a url')).toBeNull();
  });

  it('answers with the file and the CSP, or 404', async () => {
    let handler: ((request: Request) => Promise<Response>) | undefined;
    const fetchFile = async (url: string) => new Response(readFileSync(fileURLToPath(url)), { status: 200 });
    handleAppProtocol(
      { handle: (_scheme, h) => void (handler = h as typeof handler) },
      root,
      fetchFile,
      "default-src 'self'",
    );
    const ok = await handler!(new Request('app://dversum/assets/app.js'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(await ok.text()).toBe('console.log(1)');
    const refused = await handler!(new Request('app://dversum/..%2f..%2fx.txt'));
    expect(refused.status).toBe(404);
  });

  it('isAppUrl: our page, or the dev server when there is one', () => {
    expect(isAppUrl('app://dversum/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', undefined)).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });

  it('cleans up', () => rmSync(root, { recursive: true, force: true }));
});
