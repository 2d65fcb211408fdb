/**
 * What the desktop shell says outside the window — the tray menu and the system notifications —
 * in the owner's language (contract/language.ts): `main/electron/locales/<language>.json`.
 */
import i18next from 'i18next';
import type { Language } from '../../contract/language.js';
import de from './locales/de.json';
import en from './locales/en.json';

type DesktopCatalog = typeof en;
export const DESKTOP_CATALOGS: Record<Language, DesktopCatalog> = { en, de: de satisfies DesktopCatalog };

const instance = i18next.createInstance();
void instance.init({
  resources: { en: { desktop: en }, de: { desktop: de } },
  fallbackLng: 'en',
  defaultNS: 'desktop',
  interpolation: { escapeValue: false },
  initAsync: false,
});

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
/** A key as written in code: plural forms (`_one`, `_other`) are chosen by `count`. */
type DesktopKey =
  Leaves<DesktopCatalog> extends infer K ? (K extends `${infer B}_${'one' | 'other'}` ? B : K) : never;

/** The window's catalogs type i18next's own `t` (renderer/src/i18n), so the shell's is typed here. */
export type DesktopText = (key: DesktopKey, options?: Record<string, string | number>) => string;

/** The shell's messages in one language. */
export const desktopText = (language: Language): DesktopText => {
  const t = instance.getFixedT(language);
  const translate = t as unknown as (key: string, options?: object) => unknown;
  return (key, options) => String(translate(key, options));
};
