/**
 * The OpenAPI document's `servers`: the public address first when the owner set one
 * (`settings.publicUrl`, a tunnel or a reverse proxy: docs/remote-access.md), then this
 * server's own address. The document itself is built once and cached (@fastify/swagger);
 * the list is added per answer, so a changed setting shows at once.
 */
import type { AddressInfo } from 'node:net';
import { serverUrlFor } from './server-url.js';

export interface OpenApiServer {
  url: string;
  description: string;
}

/** Where this server answers: the bound socket when it listens, else the configured address. */
export function localServerUrl(
  bound: AddressInfo | string | null,
  configured: { host: string; port: number },
): string {
  if (bound && typeof bound === 'object') return serverUrlFor(bound.address, bound.port);
  return serverUrlFor(configured.host, configured.port);
}

export function openApiServers(publicUrl: string | null, localUrl: string): OpenApiServer[] {
  const local = { url: localUrl, description: 'This computer (the app itself, a local n8n)' };
  if (publicUrl === null || publicUrl === localUrl) return [local];
  return [{ url: publicUrl, description: 'Public address (tunnel or reverse proxy)' }, local];
}

/** The document with `servers` after `info`, where readers expect it; the cached original is not changed. */
export function withServers<T extends object>(document: T, servers: OpenApiServer[]): T {
  const { openapi, info, ...rest } = document as Record<string, unknown>;
  return { openapi, info, servers, ...rest } as T;
}
