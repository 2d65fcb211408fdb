/**
 * The window's security, in the spirit of Actual Budget's security.ts: a
 * Content-Security-Policy on every response, no navigation away from our own
 * page, no new windows, no webviews, no permissions but the clipboard write;
 * http(s) and mailto links open in the system browser instead.
 */
import type { Session, WebContents } from 'electron';

/** The production policy; the dev server (Vite's HMR) also needs its websocket and inline preamble. */
export function contentSecurityPolicy(devServerUrl?: string): string {
  if (!devServerUrl) return "default-src 'self'";
  const ws = devServerUrl.replace(/^http/, 'ws');
  return `default-src 'self'; script-src 'self' 'unsafe-inline'; connect-src 'self' ${ws}`;
}

/** Links the system browser may open: web pages and e-mail, nothing that runs locally (file:, smb:, …). */
export function isExternalLink(url: string): boolean {
  try {
    return ['https:', 'http:', 'mailto:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

type SessionLike = {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
} & Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/**
 * The one permission our page may use: writing text to the clipboard (the
 * Copy buttons, such as the API key shown once). Camera, microphone,
 * notifications from pages, geolocation and the rest are refused.
 */
export const ALLOWED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

/** Adds the CSP header to every response; refuses every permission but ALLOWED_PERMISSIONS for our own page. */
export function hardenSession(session: SessionLike, csp: string, isAppUrl: (url: string) => boolean): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
  const allowed = (permission: string, url: string | undefined): boolean =>
    ALLOWED_PERMISSIONS.includes(permission) && !!url && isAppUrl(url);
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowed(permission, details?.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    allowed(permission, requestingOrigin),
  );
}

type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export interface ContentsPolicy {
  /** Our own page (the app:// scheme, or the dev server). */
  isAppUrl(url: string): boolean;
  openExternal(url: string): void;
}

/** Every webContents (window) gets this on creation ('web-contents-created'). */
export function hardenWebContents(contents: ContentsLike, policy: ContentsPolicy): void {
  contents.on('will-navigate', (event, url) => {
    if (policy.isAppUrl(url)) return;
    event.preventDefault();
    if (isExternalLink(url)) policy.openExternal(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!policy.isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) policy.openExternal(url);
    return { action: 'deny' };
  });
}
