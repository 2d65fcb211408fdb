/**
 * A permission's words in the window's language. An object's permissions are made from the
 * object's own words in the catalogs (`business:<key>.plural`) and the `keys:permissionWords`
 * patterns ("Read {{plural}}" / "{{plural}} lesen"; the write verbs from the entry's incoming
 * methods, joined as the language joins a list), so a new object's permissions need no catalog
 * key. A `keys:permissions.<stem>.<access>` key overrides the pattern where a language words one
 * permission its own way (German "Zeiten erfassen"), and names the permissions of no object
 * (`webhooks:manage`). In English they are the contract's (the seed's) labels, which
 * test/renderer/i18n/screen-words.test.ts holds equal. An unknown id shows as itself.
 */
import {
  permissionLabel as contractLabel,
  RESOURCE_LIST,
  type ResourceEntry,
} from '../../../../contract/index.js';
import { i18n } from '../../i18n/i18n.js';

export const permissionKey = (id: string): string => `permissions.${id.replace(':', '.')}`;

/** A translation function as i18next gives it (`i18n.t`, or `getFixedT(lang)` for another language). */
export type Translate = (key: string, options?: Readonly<Record<string, string>>) => string;

const windowT: Translate = (key, options) => String(i18n.t(key as never, options as never));

/** `['Create', 'edit']` → "Create/edit" in English, `['anlegen', 'bearbeiten', 'löschen']` → "anlegen, bearbeiten und löschen". */
function joinVerbs(verbs: string[], t: Translate): string {
  if (verbs.length < 2) return verbs.join('');
  const separator = t('keys:permissionWords.verbSeparator');
  return `${verbs.slice(0, -1).join(separator)}${t('keys:permissionWords.verbLast')}${verbs[verbs.length - 1]}`;
}

/** The words of `id` in the language `t` speaks. */
export function permissionWords(id: string, t: Translate): string {
  const key = `keys:${permissionKey(id)}`;
  const own = t(key, { defaultValue: '' });
  if (own !== '') return own;
  const [stem, access] = id.split(':');
  const entry = (RESOURCE_LIST as readonly ResourceEntry[]).find((r) => r.permission === stem);
  if (!entry || (access !== 'read' && access !== entry.incoming.access)) return contractLabel(id);
  const plural = t(`business:${entry.key}.plural`);
  if (access === 'read') return t('keys:permissionWords.read', { plural });
  const verbs = entry.incoming.methods.map((m) => t(`keys:permissionWords.verbs.${m}`));
  return t('keys:permissionWords.write', { plural, verbs: joinVerbs(verbs, t) });
}

export const permissionLabel = (id: string): string => permissionWords(id, windowT);
