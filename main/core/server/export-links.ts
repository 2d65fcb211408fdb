/**
 * One-time links for `log.export` in headless mode: the browser cannot send the
 * admin token with a plain download, so the export is fetched once, within a
 * few minutes, through an unguessable link.
 */
import { randomBytes } from 'node:crypto';
import type { OpParsedInput } from '../../../contract/index.js';
import type { Clock } from '../clock.js';

export type ExportRequest = OpParsedInput<'log.export'>;

export const EXPORT_LINK_TTL_MS = 10 * 60_000;
export const EXPORT_PATH = '/admin/export/';

export class ExportLinks {
  private readonly links = new Map<string, { request: ExportRequest; expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  /** A new link token for this export. */
  create(request: ExportRequest): string {
    this.dropExpired();
    const token = randomBytes(24).toString('base64url');
    this.links.set(token, { request, expiresAt: this.clock.now() + EXPORT_LINK_TTL_MS });
    return token;
  }

  /**
   * The link for this export: a path, so the browser resolves it against the
   * address it opened the window at (a NAS's name, not the 127.0.0.1 the server
   * may know itself by).
   */
  link(request: ExportRequest): string {
    return `${EXPORT_PATH}${this.create(request)}`;
  }

  /** The export behind the token, once; undefined when unknown, used or expired. */
  consume(token: string): ExportRequest | undefined {
    const link = this.links.get(token);
    this.links.delete(token);
    if (!link || link.expiresAt <= this.clock.now()) return undefined;
    return link.request;
  }

  private dropExpired(): void {
    const now = this.clock.now();
    for (const [token, link] of this.links) if (link.expiresAt <= now) this.links.delete(token);
  }
}
