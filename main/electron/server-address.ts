/**
 * The address the tray copies and the window shows: where a local n8n reaches
 * the embedded server. A wildcard bind (0.0.0.0, ::) is answered on loopback
 * too, so loopback is what is copied; an IPv6 host is bracketed.
 */
export function serverUrlFor(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' || host === '[::]' ? '::1' : host;
  const bracketed = reachable.includes(':') && !reachable.startsWith('[') ? `[${reachable}]` : reachable;
  return `http://${bracketed}:${port}`;
}

/** Environment over settings, as in headless mode (DVERSUM_HOST, DVERSUM_PORT). */
export function listenAddress(
  settings: { host: string; port: number },
  env: { host?: string; port?: number },
): { host: string; port: number } {
  return { host: env.host ?? settings.host, port: env.port ?? settings.port };
}
