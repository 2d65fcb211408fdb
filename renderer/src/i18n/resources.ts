/**
 * The window's message catalogs: one JSON file per namespace and language under `locales/`.
 * German is typed as English's shape, so a key missing in one catalog fails the typecheck,
 * and test/renderer/i18n/catalogs.test.ts names it.
 */
import type { Language } from '../../../contract/language.js';
import deBusiness from './locales/de/business.json';
import deCommon from './locales/de/common.json';
import deEditor from './locales/de/editor.json';
import deErrors from './locales/de/errors.json';
import deIntegrations from './locales/de/integrations.json';
import deKeys from './locales/de/keys.json';
import deWebhooks from './locales/de/webhooks.json';
import deGeneral from './locales/de/general.json';
import deLog from './locales/de/log.json';
import deReasons from './locales/de/reasons.json';
import deSettings from './locales/de/settings.json';
import enBusiness from './locales/en/business.json';
import enCommon from './locales/en/common.json';
import enEditor from './locales/en/editor.json';
import enErrors from './locales/en/errors.json';
import enIntegrations from './locales/en/integrations.json';
import enKeys from './locales/en/keys.json';
import enWebhooks from './locales/en/webhooks.json';
import enGeneral from './locales/en/general.json';
import enLog from './locales/en/log.json';
import enReasons from './locales/en/reasons.json';
import enSettings from './locales/en/settings.json';

const en = {
  business: enBusiness,
  common: enCommon,
  editor: enEditor,
  errors: enErrors,
  general: enGeneral,
  integrations: enIntegrations,
  keys: enKeys,
  log: enLog,
  reasons: enReasons,
  settings: enSettings,
  webhooks: enWebhooks,
};

type Catalog = typeof en;

const de: Catalog = {
  business: deBusiness,
  common: deCommon,
  editor: deEditor,
  errors: deErrors,
  general: deGeneral,
  integrations: deIntegrations,
  keys: deKeys,
  log: deLog,
  reasons: deReasons,
  settings: deSettings,
  webhooks: deWebhooks,
};

export const CATALOGS: Record<Language, Catalog> = { en, de };
export const NAMESPACES = Object.keys(en) as (keyof Catalog)[];
export type { Catalog };
