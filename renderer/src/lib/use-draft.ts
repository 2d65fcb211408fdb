/**
 * A half-filled form that survives a reload: `useDraft(key, initial)` is
 * useState whose value is also kept in the window's sessionStorage under
 * `dversum.draft.<key>` (this window only, gone when it closes). `clear()`
 * forgets it: call it on a successful save and on Cancel.
 *
 * Secrets are never written: any property named like a secret (apiKey,
 * secret, signingSecret, password, token) is left out, and so is the value of
 * any object marked `secret: true` (a header value marked secret). A draft
 * that comes back therefore lacks them; the person types them again.
 */
import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';

export const DRAFT_PREFIX = 'dversum.draft.';

const SECRET_NAME = /secret|api[-_]?key|password|token/i;

/** What a draft holds: what JSON keeps of a form's state. */
export type DraftValue =
  string | number | boolean | null | undefined | DraftValue[] | { [name: string]: DraftValue };

/** The value without its secrets (see the module comment); what JSON would not keep is undefined. */
export function withoutSecrets(value: unknown): DraftValue {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (typeof value !== 'object') return undefined;
  const marked = 'secret' in value && value.secret === true;
  const kept: { [name: string]: DraftValue } = {};
  for (const [name, inner] of Object.entries(value)) {
    if (SECRET_NAME.test(name) && name !== 'secret') continue;
    if (marked && name === 'value') continue;
    kept[name] = name === 'secret' ? inner === true : withoutSecrets(inner);
  }
  return kept;
}

function storage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

/** The draft kept under `key`, else `initial` (also when it cannot be read). */
export function readDraft<T>(key: string, initial: T, store: Storage | undefined = storage()): T {
  try {
    const text = store?.getItem(DRAFT_PREFIX + key);
    if (!text) return initial;
    const parsed = JSON.parse(text) as unknown;
    // A draft of another shape (an older form) is not this form's draft.
    if (typeof parsed !== typeof initial || Array.isArray(parsed) !== Array.isArray(initial)) return initial;
    return parsed !== null && typeof parsed === 'object'
      ? ({ ...initial, ...(parsed as object) } as T)
      : (parsed as T);
  } catch {
    return initial;
  }
}

export function hasDraft(key: string, store: Storage | undefined = storage()): boolean {
  try {
    return !!store?.getItem(DRAFT_PREFIX + key);
  } catch {
    return false;
  }
}

export function writeDraft(key: string, value: unknown, store: Storage | undefined = storage()): void {
  try {
    store?.setItem(DRAFT_PREFIX + key, JSON.stringify(withoutSecrets(value)));
  } catch {
    // Full or unavailable storage: the form still works, it only does not survive a reload.
  }
}

export function clearDraft(key: string, store: Storage | undefined = storage()): void {
  try {
    store?.removeItem(DRAFT_PREFIX + key);
  } catch {
    // Nothing kept, nothing to forget.
  }
}

/**
 * State kept as a draft under `key` (undefined: plain state, nothing kept,
 * e.g. when editing an existing object). Only values changed since the form
 * opened are written, so opening a form and leaving it keeps no draft.
 */
export function useDraft<T>(
  key: string | undefined,
  initial: T,
): [T, Dispatch<SetStateAction<T>>, { clear: () => void; restored: boolean }] {
  const [restored] = useState(() => key !== undefined && hasDraft(key));
  const [value, setValue] = useState<T>(() => (key === undefined ? initial : readDraft(key, initial)));
  const cleared = useRef(false);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      if (!restored) return;
    }
    if (key !== undefined && !cleared.current) writeDraft(key, value);
  }, [key, value, restored]);
  const clear = useCallback(() => {
    if (key === undefined) return;
    cleared.current = true;
    clearDraft(key);
  }, [key]);
  return [value, setValue, { clear, restored }];
}
