/**
 * A small hash router: `#/settings/integrations/webhooks`. Hash routes work
 * the same from file:// (Electron) and from the headless server's `/`.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type ReactNode } from 'react';

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

const currentPath = () => {
  const raw = window.location.hash.replace(/^#/, '');
  return raw.startsWith('/') ? raw : '/';
};

/** The current path, such as '/settings/webhooks/log'. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

export function navigate(path: string): void {
  window.location.hash = path;
}

/** Matches a pattern such as '/clients/:id' and returns its parameters, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(have[i]);
    else if (want[i] !== have[i]) return null;
  }
  return params;
}

/** A link to a route; `section` marks it current on the pages below it too. */
export function Link({
  to,
  children,
  section,
  ...rest
}: { to: string; children: ReactNode; section?: boolean } & Omit<
  AnchorHTMLAttributes<HTMLAnchorElement>,
  'href'
>) {
  const path = usePath();
  const active = path === to || (!!section && path.startsWith(`${to}/`));
  // An explicit aria-current in `rest` (a menu that knows its sections) wins over the path's.
  return (
    <a href={`#${to}`} aria-current={active ? 'page' : undefined} {...rest}>
      {children}
    </a>
  );
}
