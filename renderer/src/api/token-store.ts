/** The admin token a browser signed in with, kept in localStorage. */
const KEY = 'dversum.adminToken';

export const tokenStore = {
  get(): string | null {
    try {
      return globalThis.localStorage?.getItem(KEY) ?? null;
    } catch {
      return null;
    }
  },
  set(token: string): void {
    globalThis.localStorage?.setItem(KEY, token);
  },
  clear(): void {
    globalThis.localStorage?.removeItem(KEY);
  },
};
