/**
 * The languages the window, the tray and the desktop notifications speak. The API's own
 * messages stay English with stable codes; the window shows each code in the owner's language.
 */
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The setting: follow the system, or a language chosen in Settings > General. */
export const LANGUAGE_CHOICES = ['system', ...LANGUAGES] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

const isLanguage = (tag: string): tag is Language => (LANGUAGES as readonly string[]).includes(tag);

/** The language to speak: the owner's choice, else the first system language we have, else English. */
export function resolveLanguage(choice: LanguageChoice, systemLanguages: readonly string[]): Language {
  if (choice !== 'system') return choice;
  for (const tag of systemLanguages) {
    const base = tag.toLowerCase().split(/[-_]/)[0] ?? '';
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/**
 * The locale for dates, times and numbers: the system's own when it speaks the chosen language
 * (en-GB keeps its day-month order), else the language's usual one.
 */
export function formattingLocale(language: Language, systemLanguages: readonly string[]): string {
  const own = systemLanguages.find((tag) => tag.toLowerCase().split(/[-_]/)[0] === language);
  return own ?? (language === 'de' ? 'de-DE' : 'en-US');
}
