/**
 * The window's message catalogs: one JSON file per namespace and language under `locales/`.
 * German is typed as English's shape, so a key missing in one catalog fails the typecheck,
 * and test/renderer/i18n/catalogs.test.ts names it.
 */
import type { Language } from '../../../contract/language.js';
import deCommon from './locales/de/common.json';
import deEditor from './locales/de/editor.json';
import deErrors from './locales/de/errors.json';
import deGeneral from './locales/de/general.json';
import deLog from './locales/de/log.json';
import enCommon from './locales/en/common.json';
import enEditor from './locales/en/editor.json';
import enErrors from './locales/en/errors.json';
import enGeneral from './locales/en/general.json';
import enLog from './locales/en/log.json';

const en = { common: enCommon, editor: enEditor, errors: enErrors, general: enGeneral, log: enLog };

type Catalog = typeof en;

const de: Catalog = { common: deCommon, editor: deEditor, errors: deErrors, general: deGeneral, log: deLog };

export const CATALOGS: Record<Language, Catalog> = { en, de };
export const NAMESPACES = Object.keys(en) as (keyof Catalog)[];
export type { Catalog };
