/**
 * The words the screens take from the catalogs by name: every column, field, hint and row action
 * of each business object's screen has its key in every language, and the English catalog says
 * exactly what the screen module declares (the seed's labels stay word for word); every permission
 * has its words in every language, made from the object's plural (in English the seed's labels).
 */
import { fieldLabel } from '../../../contract/field-labels.js';
import { describe, expect, it } from 'vitest';
import { HEALTH_EVENT_GROUP_LABEL } from '../../../contract/health-events.js';
import { EVENT_GROUPS, PERMISSIONS } from '../../../contract/integrations.js';
import { RESOURCES, type ResourceKey } from '../../../contract/resources.js';
import { permissionWords, type Translate } from '../../../renderer/src/screens/settings/permission-label.js';
import { i18n } from '../../../renderer/src/i18n/i18n.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LANGUAGES } from '../../../contract/language.js';
import type { ObjectScreenConfig } from '../../../renderer/src/components/ObjectScreen.js';
import { CATALOGS } from '../../../renderer/src/i18n/resources.js';
/** Every business screen module's `config` (`<Name>Screen.tsx`), found on disk, not listed by hand. */
const SCREEN_DIR = fileURLToPath(new URL('../../../renderer/src/screens/business/', import.meta.url));
const SCREENS: ObjectScreenConfig[] = await Promise.all(
  readdirSync(SCREEN_DIR)
    .filter((file) => /^[A-Z]\w*Screen\.tsx$/.test(file))
    .sort()
    .map(async (file) => {
      const module = (await import(pathToFileURL(join(SCREEN_DIR, file)).href)) as {
        config?: ObjectScreenConfig;
      };
      if (!module.config) throw new Error(`${file} exports no config`);
      return module.config;
    }),
);

type Tree = { [key: string]: string | Tree };
const at = (tree: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Tree | undefined)?.[key], tree);

/** What each screen declares, as catalog path → its English. */
function declared(config: ObjectScreenConfig): Map<string, string> {
  const out = new Map<string, string>();
  const r = config.resource;
  for (const c of config.columns) out.set(`${r}.columns.${c.key}`, c.header);
  for (const f of config.fields) {
    out.set(`${r}.fields.${f.name}`, f.label ?? fieldLabel(f.name));
    if (f.hint) out.set(`${r}.hints.${f.name}`, f.hint);
  }
  for (const a of config.actions ?? []) {
    out.set(`${r}.actions.${String(a.action)}`, a.label);
    if (a.confirm) out.set(`${r}.confirm.${String(a.action)}`, a.confirm.replace('{name}', '{{name}}'));
  }
  return out;
}

describe('the business screens’ words', () => {
  it('one screen per object of the resource table', () => {
    expect(SCREENS.map((s) => s.resource).sort()).toEqual(Object.keys(RESOURCES).sort());
  });

  for (const config of SCREENS) {
    it(`${config.resource}: every column, field, hint and action in every language, English as declared`, () => {
      for (const [path, english] of declared(config)) {
        expect(at(CATALOGS.en.business, path), `en ${path}`).toBe(english);
        for (const lang of LANGUAGES)
          expect(typeof at(CATALOGS[lang].business, path), `${lang} ${path}`).toBe('string');
      }
      expect(at(CATALOGS.en.business, `${config.resource}.plural`), 'en plural').toBe(
        RESOURCES[config.resource].plural,
      );
      for (const word of ['singular', 'plural', 'new', 'search', 'empty', 'noMatch', 'deleteQuestion'])
        for (const lang of LANGUAGES)
          expect(typeof at(CATALOGS[lang].business, `${config.resource}.${word}`), `${lang} ${word}`).toBe(
            'string',
          );
    });
  }

  it('the create buttons are Title Case in English: "New" and the singular, each word capitalised', () => {
    for (const key of Object.keys(RESOURCES) as ResourceKey[]) {
      const label = CATALOGS.en.business[key].new;
      expect(label).toBe(`New ${CATALOGS.en.business[key].singular}`);
      expect(
        label.split(' ').every((w) => /^[A-Z]/.test(w)),
        label,
      ).toBe(true);
    }
  });

  const translate =
    (lang: string): Translate =>
    (key, options) =>
      String(i18n.getFixedT(lang)(key as never, options as never));

  it('every permission of the contract has its words in every language, in English the contract’s (seed’s) own', () => {
    for (const p of PERMISSIONS) {
      expect(permissionWords(p.id, translate('en')), p.id).toBe(p.label);
      for (const lang of LANGUAGES) {
        const words = permissionWords(p.id, translate(lang));
        expect(words, `${lang} ${p.id}`).not.toMatch(/\{\{|permissionWords|business:|keys:/);
        if (lang !== 'en') expect(words, `${lang} ${p.id}`).not.toBe(p.label);
      }
    }
  });

  it('an object’s permissions are worded from its plural; a language words one its own way by an override', () => {
    const de = translate('de');
    expect(permissionWords('tasks:write', de)).toBe('Aufgaben anlegen, bearbeiten und löschen');
    expect(permissionWords('projects:write', de)).toBe('Projekte anlegen und bearbeiten');
    expect(permissionWords('invoices:create', de)).toBe('Rechnungen anlegen');
    expect(permissionWords('clients:read', de)).toBe('Kunden lesen');
    expect(permissionWords('time_entries:create', de)).toBe('Zeiten erfassen');
    expect(permissionWords('time_entries:read', de)).toBe('Zeiten lesen');
    expect(permissionWords('webhooks:manage', de)).toBe('Webhook-Abonnements verwalten');
    expect(permissionWords('tasks:create', de)).toBe('tasks:create');
    expect(permissionWords('nothing:read', de)).toBe('nothing:read');
  });

  it('every event group is an object of the resource table (or the webhook health events), named in every language, in English as the contract does', () => {
    for (const group of EVENT_GROUPS) {
      if (group.label === HEALTH_EVENT_GROUP_LABEL) {
        expect(CATALOGS.en.common.eventGroups.webhookHealth).toBe(group.label);
        for (const lang of LANGUAGES)
          expect(typeof CATALOGS[lang].common.eventGroups.webhookHealth).toBe('string');
        continue;
      }
      const key = (Object.keys(RESOURCES) as ResourceKey[]).find((k) => RESOURCES[k].label === group.label);
      expect(key, group.label).toBeDefined();
      expect(CATALOGS.en.common.objects[key!]).toBe(group.label);
      for (const lang of LANGUAGES) expect(typeof CATALOGS[lang].common.objects[key!]).toBe('string');
    }
  });
});
