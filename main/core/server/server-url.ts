/**
 * The address of the embedded server as the window shows it, the tray copies it
 * and headless mode prints it: where a browser or a local n8n reaches it. A
 * wildcard bind is answered on loopback, so loopback is shown: 127.0.0.1 for
 * 0.0.0.0, and ::1 for `::`, which is IPv6-only where the system says so
 * (bindv6only, the BSDs), so 127.0.0.1 may not answer there. IPv6 is bracketed.
 */

/** A bind to every interface of its family. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

export function serverUrlFor(host: string, port: number): string {
  const reachable = !isWildcardHost(host) ? host : host === '0.0.0.0' ? '127.0.0.1' : '::1';
  const bracketed = reachable.includes(':') && !reachable.startsWith('[') ? `[${reachable}]` : reachable;
  return `http://${bracketed}:${port}`;
}
