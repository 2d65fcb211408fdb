/**
 * The served OpenAPI document through the two linters integrators run on it:
 * Redocly's `recommended` rules (configured by redocly.yaml) and Spectral's
 * `spectral:oas` (configured by .spectral.yaml). Both must report nothing at
 * all, warnings included; a rule may be turned off only in those files, with
 * its reason. Each problem is printed when they do not.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lintFromString, loadConfig } from '@redocly/openapi-core';
import { Document, Spectral, type RulesetDefinition } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createHarness, type Harness } from '../../support/server.js';

const root = (file: string) => fileURLToPath(new URL(`../../../${file}`, import.meta.url));

let h: Harness;
let text: string;
beforeAll(async () => {
  h = await createHarness();
  const res = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  text = res.body;
});
afterAll(() => h.close());

/** .spectral.yaml as a ruleset: `spectral:oas` is the imported ruleset, the rules as written. */
function spectralRuleset(): RulesetDefinition {
  const config = parse(readFileSync(root('.spectral.yaml'), 'utf8')) as {
    extends: string[];
    rules?: Record<string, unknown>;
  };
  expect(config.extends).toEqual(['spectral:oas']);
  return { extends: [oas], rules: config.rules ?? {} } as RulesetDefinition;
}

describe('the served OpenAPI document, linted', () => {
  it("has no problem in Redocly's recommended rules (redocly.yaml)", async () => {
    const config = await loadConfig({ configPath: root('redocly.yaml') });
    const problems = await lintFromString({
      source: text,
      absoluteRef: 'http://127.0.0.1:4317/api/v1/openapi.json',
      config,
    });
    const lines = problems.map(
      (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`,
    );
    expect(lines).toEqual([]);
  });

  it("has no problem in Spectral's spectral:oas (.spectral.yaml)", async () => {
    const spectral = new Spectral();
    spectral.setRuleset(spectralRuleset());
    const results = await spectral.run(new Document(text, Json, 'openapi.json'));
    const lines = results.map((r) => `${r.severity} ${String(r.code)}: ${r.message} at ${r.path.join('.')}`);
    expect(lines).toEqual([]);
  });

  it('is what /api/docs shows too (/api/docs/json)', async () => {
    const docs = await h.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(docs.statusCode).toBe(200);
    expect(docs.json()).toEqual(JSON.parse(text));
  });
});
