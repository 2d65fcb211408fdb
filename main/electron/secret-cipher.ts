/**
 * A SecretCipher backed by Electron's safeStorage (Keychain on macOS, DPAPI on
 * Windows, libsecret/kwallet on Linux). Where the system offers no real key
 * store — on Linux safeStorage then falls back to a hard-coded password
 * ("basic_text") — secrets stay plain rather than pretend to be protected.
 */
import type { SafeStorage } from 'electron';
import { isSealed, plainCipher, SEALED_PREFIX, type SecretCipher } from '../core/secret-cipher.js';

type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: () => string;
};

export function keychainAvailable(safeStorage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend) {
    const backend = safeStorage.getSelectedStorageBackend();
    return backend !== 'basic_text' && backend !== 'unknown';
  }
  return true;
}

export function safeStorageCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretCipher {
  if (!keychainAvailable(safeStorage, platform)) return plainCipher;
  return {
    kind: 'os-keychain',
    seal: (plain) => SEALED_PREFIX + safeStorage.encryptString(plain).toString('base64'),
    open: (stored) =>
      isSealed(stored)
        ? safeStorage.decryptString(Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64'))
        : stored,
  };
}
