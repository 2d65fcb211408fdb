/**
 * The API reference's introduction (`info.description`) in the language asked for,
 * with the examples naming the address the server answers on: the first of the
 * document's `servers` (the public address when set, else the bound host and port).
 * English unless `?lang=de`: integrators' tools read the document as it comes.
 */
import { z } from 'zod';
import { INTRO_DE } from './de.js';
import { INTRO_EN } from './en.js';

export const DOC_LANGUAGES = ['en', 'de'] as const;
export type DocLanguage = (typeof DOC_LANGUAGES)[number];

const INTROS: Readonly<Record<DocLanguage, string>> = { en: INTRO_EN, de: INTRO_DE };

const lang = z
  .enum(DOC_LANGUAGES)
  .optional()
  .describe('The language of the introduction (`info.description`): `en` (the default) or `de`');

/**
 * The query of /api/v1/openapi.json: a wrong, repeated or overlong `lang` is a 422 naming
 * `query.lang`, and so is any other parameter (`?lnag=de` must not quietly give English).
 */
export const docsQuery = z.strictObject({ lang });

/** The query of /api/docs and /api/docs/json: Swagger UI adds its own (`urls.primaryName`). */
export const docsPageQuery = z.object({ lang });

/** The introduction in `lang`, its examples naming `server` (an address without a trailing slash). */
export function introduction(lang: DocLanguage, server: string): string {
  return INTROS[lang].split('{server}').join(server);
}
