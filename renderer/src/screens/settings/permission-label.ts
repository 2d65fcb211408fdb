/**
 * A permission's words in the window's language: the `keys` catalog's, keyed by the permission id
 * (`tasks:write` → `permissions.tasks.write`); in English they are the contract's (the seed's)
 * labels, which test/renderer/i18n/screen-words.test.ts holds equal. An unknown id shows as itself.
 */
import { permissionLabel as contractLabel } from '../../../../contract/integrations.js';
import { i18n } from '../../i18n/i18n.js';

export const permissionKey = (id: string): string => `permissions.${id.replace(':', '.')}`;

export function permissionLabel(id: string): string {
  const key = `keys:${permissionKey(id)}`;
  return i18n.exists(key) ? String(i18n.t(key as never)) : contractLabel(id);
}
