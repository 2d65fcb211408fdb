/**
 * Links to a document that need no key, as Stripe's `invoice_pdf`: the path
 * names the document and its version, the query when the link expires and an
 * HMAC-SHA256 over the three with a secret of the server's own (32 random
 * bytes in the `kv` table, sealed like the webhooks' secrets, made on first
 * use). Rotating the secret (Settings) invalidates every link handed out.
 *
 * A link that is expired, altered, signed with an old secret or for another
 * version is refused the same way (`verify` says only no), so a caller learns
 * nothing about which part was wrong.
 *
 * The base is the server's real address: `settings.publicUrl`, else where it
 * listens (`useLocalAddress`, set by the server when it is built; the
 * configured host and port until then).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DOCUMENT_LINK_DAYS } from '../../../contract/index.js';
import type { Clock } from '../clock.js';
import type { SecretCipher } from '../secret-cipher.js';
import { serverUrlFor } from '../server/server-url.js';
import type { SettingsStore } from '../settings/settings-store.js';

export const DOCUMENT_LINK_PATH = '/api/v1/documents';
const SECRET_KEY = 'documents.linkSecret';
const LINK_TTL_SECONDS = DOCUMENT_LINK_DAYS * 86_400;

const ID = /^(inv|quo)_[0-9a-z]{26}$/;
const VERSION = /^[0-9a-f]{16}$/;
const EXPIRES = /^[0-9]{1,12}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

export interface SignedLink {
  id: string;
  version: string;
  expires: string;
  signature: string;
}

export interface DocumentLinksDeps {
  clock: Clock;
  settings: Pick<SettingsStore, 'get' | 'readJson' | 'writeJson'>;
  cipher: SecretCipher;
}

export class DocumentLinks {
  private localUrl: () => string;

  constructor(private readonly deps: DocumentLinksDeps) {
    this.localUrl = () => {
      const { host, port } = deps.settings.get().server;
      return serverUrlFor(host, port);
    };
  }

  /** Where this server listens (the server sets it when it is built: the bound port may not be the configured one). */
  useLocalAddress(localUrl: () => string): void {
    this.localUrl = localUrl;
  }

  /** The base every link starts with: the public address, else this server's own. */
  baseUrl(): string {
    return this.deps.settings.get().publicUrl ?? this.localUrl();
  }

  /** The path and query of a link valid for 7 days from now (the window opens it on the address it uses). */
  path(id: string, version: string): string {
    const expires = String(Math.floor(this.deps.clock.now() / 1000) + LINK_TTL_SECONDS);
    const signature = this.sign(this.secretForSigning(), id, version, expires);
    return `${DOCUMENT_LINK_PATH}/${id}/${version}?expires=${expires}&signature=${signature}`;
  }

  url(id: string, version: string): string {
    return `${this.baseUrl()}${this.path(id, version)}`;
  }

  /** Whether the link is well formed, unexpired and signed with the current secret; nothing more is said. */
  verify(link: Partial<SignedLink>): link is SignedLink {
    const { id, version, expires, signature } = link;
    if (!id || !version || !expires || !signature) return false;
    if (!ID.test(id) || !VERSION.test(version) || !EXPIRES.test(expires) || !SIGNATURE.test(signature)) {
      return false;
    }
    const secret = this.storedSecret();
    if (!secret) return false;
    const expected = Buffer.from(this.sign(secret, id, version, expires));
    const given = Buffer.from(signature);
    const valid = given.length === expected.length && timingSafeEqual(given, expected);
    return valid && Number(expires) * 1000 > this.deps.clock.now();
  }

  /** A new secret: every link made so far stops working. */
  rotate(): void {
    this.store(randomBytes(32));
  }

  private sign(secret: Buffer, id: string, version: string, expires: string): string {
    return createHmac('sha256', secret).update(`${id}\n${version}\n${expires}`).digest('base64url');
  }

  /** Read each time, not cached: a secret made in a transaction that rolled back never signs anything. */
  private storedSecret(): Buffer | undefined {
    const sealed = this.deps.settings.readJson<string>(SECRET_KEY);
    return sealed === undefined ? undefined : Buffer.from(this.deps.cipher.open(sealed), 'base64');
  }

  private secretForSigning(): Buffer {
    return this.storedSecret() ?? this.store(randomBytes(32));
  }

  private store(secret: Buffer): Buffer {
    this.deps.settings.writeJson(SECRET_KEY, this.deps.cipher.seal(secret.toString('base64')));
    return secret;
  }
}
