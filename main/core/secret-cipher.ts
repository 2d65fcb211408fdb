/**
 * How secrets at rest (outgoing webhooks' signing secrets) are sealed before
 * they reach the database. The core never imports electron: the desktop shell
 * injects a cipher backed by the system keychain (Electron's safeStorage);
 * headless mode and the tests use the plain one.
 *
 * Sealed values carry a prefix, so rows written before a cipher was available
 * (plain `whsec_…`) still read back, and a sealed value is never mistaken for
 * a secret.
 */
export interface SecretCipher {
  /** What `seal` produces; `open` accepts it and plain values alike. */
  readonly kind: 'plain' | 'os-keychain';
  seal(plain: string): string;
  open(stored: string): string;
}

export const SEALED_PREFIX = 'sealed:v1:';

export const isSealed = (stored: string): boolean => stored.startsWith(SEALED_PREFIX);

/** Stores secrets as they are; reads plain values and refuses sealed ones it cannot open. */
export const plainCipher: SecretCipher = {
  kind: 'plain',
  seal: (plain) => plain,
  open(stored) {
    if (isSealed(stored)) {
      throw new Error('This secret was sealed by the system keychain, which is not available here');
    }
    return stored;
  },
};
