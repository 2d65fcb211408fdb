/**
 * DNS-rebinding protection for /admin: a page on evil.example that rebinds its
 * name to 127.0.0.1 reaches this server with `Host: evil.example:4317`, so
 * only the server's own names are accepted: 127.0.0.1, localhost and [::1] on
 * its port, the address it is bound to, every local interface address when it
 * is bound to all of them, the machine's own name when it listens beyond
 * loopback, and names the owner adds (DVERSUM_ADMIN_HOSTS). /api/v1 is not guarded
 * (a LAN address or a tunnel may bring any Host); its keys protect it.
 * `settings.publicUrl`'s host is deliberately not one of them: that name is the one the
 * internet reaches, so accepting it would open /admin through the tunnel or proxy
 * (docs/remote-access.md; test/core/server/host-check.test.ts).
 */
import { hostname, networkInterfaces } from 'node:os';
import type { FastifyInstance } from 'fastify';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const UNSPECIFIED = new Set(['0.0.0.0', '::', '']);

const hostForm = (address: string): string =>
  (address.includes(':') ? `[${address}]` : address).toLowerCase();

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((info) => info !== undefined)
    .map((info) => (info.family === 'IPv6' && info.scopeid ? info.address.split('%')[0] : info.address));
}

const isLoopback = (address: string): boolean => address.startsWith('127.') || address === '::1';

function machineNames(): string[] {
  const name = hostname().toLowerCase();
  const short = name.split('.')[0];
  return [...new Set([name, short, `${short}.local`])].filter((n) => n.length > 0);
}

export interface HostCheckOptions {
  /** The port to expect when the server is not listening (fastify.inject in tests). */
  port?: number;
  /** Extra host names (without port) that are this server, such as a LAN name. */
  extraHosts?: string[];
}

export function createHostCheck(
  app: FastifyInstance,
  options: HostCheckOptions,
): (host: string | undefined) => boolean {
  return (host) => {
    if (!host) return false;
    const address = app.server.address();
    const bound = typeof address === 'object' && address !== null ? address : undefined;
    const port = bound?.port ?? options.port;
    if (port === undefined) return false;
    const names = new Set([...LOOPBACK_NAMES, ...(options.extraHosts ?? []).map((h) => h.toLowerCase())]);
    if (bound) {
      if (UNSPECIFIED.has(bound.address)) for (const a of interfaceAddresses()) names.add(hostForm(a));
      else names.add(hostForm(bound.address));
      // Reachable from the LAN: the machine's own name (`nas`, `nas.local`) is its own too; an
      // attacker cannot make that name resolve to it for someone else's browser.
      if (!isLoopback(bound.address)) for (const name of machineNames()) names.add(name);
    }
    const given = host.trim().toLowerCase();
    for (const name of names) {
      if (given === `${name}:${port}`) return true;
      // Browsers leave out the port when it is the scheme's default.
      if (port === 80 && given === name) return true;
    }
    return false;
  };
}
