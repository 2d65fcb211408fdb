/** Where the desktop's embedded server listens; its URL is `serverUrlFor` (core/server/server-url.ts). */
/** Environment over settings, as in headless mode (DVERSUM_HOST, DVERSUM_PORT). */
export function listenAddress(
  settings: { host: string; port: number },
  env: { host?: string; port?: number },
): { host: string; port: number } {
  return { host: env.host ?? settings.host, port: env.port ?? settings.port };
}
