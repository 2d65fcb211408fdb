/**
 * The window's i18next instance: the catalogs are bundled, so it is ready before the first
 * render. The language is the one last used in this window (kept in localStorage so a reload
 * does not flash English), else the system's, until settings.get says the owner's choice.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { formattingLocale, resolveLanguage, type Language } from '../../../contract/language.js';
import { CATALOGS, NAMESPACES } from './resources.js';

const STORAGE_KEY = 'dversum.language';

const systemLanguages = (): readonly string[] =>
  typeof navigator === 'undefined'
    ? []
    : navigator.languages?.length
      ? navigator.languages
      : [navigator.language];

function storedLanguage(): Language | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' || value === 'de' ? value : undefined;
  } catch {
    return undefined;
  }
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: CATALOGS,
  lng: storedLanguage() ?? resolveLanguage('system', systemLanguages()),
  fallbackLng: 'en',
  ns: NAMESPACES,
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  initAsync: false,
});
// `{{label, lower}}`: English writes a field's label in lower case inside a sentence ("Choose a client…");
// German keeps its capital nouns ("Kunde wählen…"), so the catalog decides, not the component.
i18n.services.formatter?.add('lower', (value: unknown, lng?: string) => String(value).toLocaleLowerCase(lng));

export const currentLanguage = (): Language => (i18n.language === 'de' ? 'de' : 'en');

/** The locale for Intl: dates, times, numbers and money in the window. */
export const currentLocale = (): string => formattingLocale(currentLanguage(), systemLanguages());

/** The language the system asks for, named in its own language (for "System language (Deutsch)"). */
export const systemLanguage = (): Language => resolveLanguage('system', systemLanguages());

/** Speaks `language` from now on, and marks the page for screen readers. */
export function applyLanguage(language: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // A window without storage still switches; it only starts in the system language next time.
  }
  if (i18n.language !== language) void i18n.changeLanguage(language);
}

export { resolveLanguage, systemLanguages };
