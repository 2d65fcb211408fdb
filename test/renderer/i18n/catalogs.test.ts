/**
 * The catalogs: every key in one language is in the other, with the same placeholders and tags,
 * and the object names follow the resource table. A missing key fails here by name.
 */
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../../contract/resources.js';
import { LANGUAGES } from '../../../contract/language.js';
import { CATALOGS } from '../../../renderer/src/i18n/resources.js';
import { DESKTOP_CATALOGS } from '../../../main/electron/i18n.js';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [p, v] of leaves(value, path)) out.set(p, v);
  }
  return out;
}

const markers = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}|<\/?(\w+)\s*\/?>/g)].map((m) => m[1] ?? `<${m[2]}>`).sort();

export function catalogProblems(catalogs: Record<string, Tree>): string[] {
  const [first, ...others] = Object.keys(catalogs);
  const base = leaves(catalogs[first]);
  const problems: string[] = [];
  for (const lang of Object.keys(catalogs)) {
    for (const [path, text] of leaves(catalogs[lang])) {
      if (text.trim() === '') problems.push(`${lang}: ${path} is empty`);
    }
  }
  for (const lang of others) {
    const other = leaves(catalogs[lang]);
    for (const path of base.keys()) if (!other.has(path)) problems.push(`${lang} lacks ${path}`);
    for (const path of other.keys()) if (!base.has(path)) problems.push(`${first} lacks ${path}`);
    for (const [path, text] of base) {
      const translated = other.get(path);
      if (translated !== undefined && markers(text).join() !== markers(translated).join()) {
        problems.push(
          `${lang}: ${path} has placeholders ${markers(translated).join()} instead of ${markers(text).join()}`,
        );
      }
    }
  }
  return problems;
}

describe('the window’s catalogs', () => {
  it('have the same keys, placeholders and tags in every language, and no empty message', () => {
    expect(Object.keys(CATALOGS).sort()).toEqual([...LANGUAGES].sort());
    expect(catalogProblems(CATALOGS as unknown as Record<string, Tree>)).toEqual([]);
  });

  it('the desktop shell’s (tray, notifications) likewise', () => {
    expect(Object.keys(DESKTOP_CATALOGS).sort()).toEqual([...LANGUAGES].sort());
    expect(catalogProblems(DESKTOP_CATALOGS as unknown as Record<string, Tree>)).toEqual([]);
  });

  it('name every object of the resource table, in English as the table does', () => {
    for (const lang of LANGUAGES) {
      expect(Object.keys(CATALOGS[lang].common.objects).sort()).toEqual(Object.keys(RESOURCES).sort());
    }
    for (const [key, resource] of Object.entries(RESOURCES)) {
      expect(CATALOGS.en.common.objects[key as keyof typeof RESOURCES]).toBe(resource.label);
    }
  });

  it('the check itself names a missing key, an extra key and a changed placeholder', () => {
    expect(
      catalogProblems({
        en: { a: { b: 'Hello {{name}}', c: 'C' } },
        de: { a: { b: 'Hallo {{nom}}', d: 'D' } },
      }),
    ).toEqual(['de lacks a.c', 'en lacks a.d', 'de: a.b has placeholders nom instead of name']);
  });
});
