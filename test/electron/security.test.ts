import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  hardenSession,
  hardenWebContents,
  isExternalLink,
} from '../../main/electron/security.js';

type Handler = (...args: never[]) => unknown;

/** The session and webContents parts security.ts touches; it records what was installed. */
function session() {
  const installed: Record<string, Handler> = {};
  return {
    installed,
    webRequest: { onHeadersReceived: (h: Handler) => void (installed.headers = h) },
    setPermissionRequestHandler: (h: Handler) => void (installed.request = h),
    setPermissionCheckHandler: (h: Handler) => void (installed.check = h),
  };
}

function contents() {
  const listeners: Record<string, Handler> = {};
  let openHandler: Handler | undefined;
  return {
    listeners,
    open: (url: string) => openHandler!({ url } as never),
    on: (event: string, l: Handler) => void (listeners[event] = l),
    setWindowOpenHandler: (h: Handler) => void (openHandler = h),
  };
}

function navigate(c: ReturnType<typeof contents>, event: string, url: string): boolean {
  let prevented = false;
  (c.listeners[event] as (e: unknown, url: string) => void)(
    { preventDefault: () => (prevented = true) },
    url,
  );
  return prevented;
}

describe('the session', () => {
  it("puts default-src 'self' on every response, replacing whatever the response said", () => {
    const s = session();
    hardenSession(s as never, contentSecurityPolicy(), (url) => url.startsWith('app://dversum'));
    let answer: { responseHeaders?: Record<string, string[]> } = {};
    (s.installed.headers as (d: unknown, cb: (r: typeof answer) => void) => void)(
      { responseHeaders: { 'content-type': ['text/html'], 'content-security-policy': ['default-src *'] } },
      (r) => (answer = r),
    );
    expect(answer.responseHeaders).toEqual({
      'content-type': ['text/html'],
      'Content-Security-Policy': ["default-src 'self'"],
    });
  });

  it('refuses every permission but the clipboard write, and that one only to our page', () => {
    const s = session();
    hardenSession(s as never, contentSecurityPolicy(), (url) => url.startsWith('app://dversum'));
    const request = (permission: string, requestingUrl: string) =>
      new Promise<boolean>((resolve) =>
        (s.installed.request as (c: unknown, p: string, cb: (ok: boolean) => void, d: unknown) => void)(
          {},
          permission,
          resolve,
          { requestingUrl },
        ),
      );
    const check = (permission: string, origin: string) =>
      (s.installed.check as (c: unknown, p: string, origin: string) => boolean)({}, permission, origin);
    return Promise.all([
      request('media', 'app://dversum/index.html'),
      request('notifications', 'app://dversum/index.html'),
      request('geolocation', 'app://dversum/index.html'),
      request('clipboard-sanitized-write', 'app://dversum/index.html'),
      request('clipboard-sanitized-write', 'https://evil.example/'),
      request('clipboard-read', 'app://dversum/index.html'),
    ]).then((answers) => {
      expect(answers).toEqual([false, false, false, true, false, false]);
      expect(check('clipboard-sanitized-write', 'app://dversum')).toBe(true);
      expect(check('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
      expect(check('media', 'app://dversum')).toBe(false);
    });
  });

  it('the dev server policy adds only what Vite needs', () => {
    expect(contentSecurityPolicy('http://localhost:5173')).toBe(
      "default-src 'self'; script-src 'self' 'unsafe-inline'; connect-src 'self' ws://localhost:5173",
    );
  });
});

describe('web contents', () => {
  const setup = () => {
    const c = contents();
    const opened: string[] = [];
    hardenWebContents(c as never, {
      isAppUrl: (url) => url.startsWith('app://dversum/'),
      openExternal: (url) => void opened.push(url),
    });
    return { c, opened };
  };

  it('stays on our page: navigation away is refused, and a web link goes to the system browser', () => {
    const { c, opened } = setup();
    expect(navigate(c, 'will-navigate', 'app://dversum/settings')).toBe(false);
    expect(navigate(c, 'will-navigate', 'https://n8n.io/docs')).toBe(true);
    expect(navigate(c, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate(c, 'will-redirect', 'https://elsewhere.example/')).toBe(true);
    expect(opened).toEqual(['https://n8n.io/docs']);
  });

  it('new windows are denied; http(s) and mailto links open outside, other schemes nowhere', () => {
    const { c, opened } = setup();
    expect(c.open('https://docs.example/')).toEqual({ action: 'deny' });
    expect(c.open('mailto:owner@example.com')).toEqual({ action: 'deny' });
    expect(c.open('smb://nas/share')).toEqual({ action: 'deny' });
    expect(c.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.example/', 'mailto:owner@example.com']);
  });

  it('webviews are never attached', () => {
    const { c } = setup();
    expect(navigate(c, 'will-attach-webview', 'app://dversum/')).toBe(true);
  });

  it('isExternalLink', () => {
    expect(isExternalLink('http://127.0.0.1:4317/api/docs')).toBe(true);
    expect(isExternalLink('file:///C:/Windows/calc.exe')).toBe(false);
    expect(isExternalLink('::')).toBe(false);
  });
});
