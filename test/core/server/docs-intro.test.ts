/**
 * The API reference's introduction (docs-intro/): English by default, German with
 * `?lang=de` on /api/v1/openapi.json, /api/docs/json and the page itself; its examples
 * name the address the server answers on, never a port it is not bound to.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTRO_DE } from '../../../main/core/server/docs-intro/de.js';
import { INTRO_EN } from '../../../main/core/server/docs-intro/en.js';
import { createHarness, errorOf, listen, type Harness } from '../../support/server.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ port: 5123 });
});
afterEach(() => h.close());

const description = async (url: string, headers: Record<string, string> = {}): Promise<string> => {
  const res = await h.app.inject({ method: 'GET', url, headers });
  expect(res.statusCode, url).toBe(200);
  return (res.json() as { info: { description: string } }).info.description;
};

const headings = (text: string) => text.split('\n').filter((line) => /^#+ /.test(line));

describe('the introduction in English and German', () => {
  it('has the same sections, in the same order, with the same examples in both languages', () => {
    expect(headings(INTRO_EN)).toHaveLength(5);
    expect(headings(INTRO_DE)).toHaveLength(headings(INTRO_EN).length);
    expect(headings(INTRO_DE).map((h) => h.split(' ')[0])).toEqual(
      headings(INTRO_EN).map((h) => h.split(' ')[0]),
    );
    for (const text of [INTRO_EN, INTRO_DE]) {
      expect(text.split('{server}').length - 1).toBe(2);
      for (const literal of [
        'curl -X POST',
        'Idempotency-Key',
        '{{ $json.subject }}',
        'details.limit',
        'Allow',
        '%25',
      ])
        expect(text).toContain(literal);
    }
    expect(headings(INTRO_DE)).toContain('## Fehler');
  });

  it('is English on /api/v1/openapi.json and /api/docs/json by default, whatever the Accept-Language', async () => {
    for (const url of ['/api/v1/openapi.json', '/api/docs/json', '/api/v1/openapi.json?lang=en']) {
      const text = await description(url, { 'accept-language': 'de-DE,de;q=0.9' });
      expect(text, url).toContain('## Authentication');
      expect(text, url).not.toContain('## Authentifizierung');
    }
  });

  it('is German with ?lang=de, on both documents; only the introduction changes', async () => {
    for (const url of ['/api/v1/openapi.json?lang=de', '/api/docs/json?lang=de']) {
      const text = await description(url);
      expect(text, url).toContain('## Authentifizierung');
      expect(text, url).toContain('## Fehler');
    }
    const en = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      info: object;
    };
    const de = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json?lang=de' })).json() as {
      info: object;
    };
    expect({ ...de, info: {} }).toEqual({ ...en, info: {} });
  });

  it('names the rules of issue 19: 405 with Allow, 400 query.<name> for a bad escape, 422 for unknown list parameters', async () => {
    const en = await description('/api/v1/openapi.json');
    expect(en).toContain('is a 405 whose `Allow` header lists the methods');
    expect(en).toContain('is a 400 naming the\nparameter as `query.<name>`');
    expect(en).toContain('refuse query parameters they do not know with a 422');
    const de = await description('/api/v1/openapi.json?lang=de');
    expect(de).toContain('ist ein 405, dessen Header `Allow`');
    expect(de).toContain('ist ein 400, der den Parameter in `details.fields` als `query.<name>` nennt');
    expect(de).toContain('mit einem\n422 ab');
  });

  it('refuses another language, a repeated or a hostile lang with a 422 naming query.lang', async () => {
    const huge = 'x'.repeat(5000);
    for (const path of ['/api/v1/openapi.json', '/api/docs/json', '/api/docs']) {
      for (const value of ['fr', '..%2F..%2Fetc%2Fpasswd', 'de&lang=en', huge, 'DE', '']) {
        const res = await h.app.inject({ method: 'GET', url: `${path}?lang=${value}` });
        expect(res.statusCode, `${path} ${value.slice(0, 20)}`).toBe(422);
        const error = errorOf(res);
        expect(error.code).toBe('validation_failed');
        expect(error.message).toBe('Query parameter lang: choose one of en, de');
        expect(error.details).toEqual({
          fields: [{ path: 'query.lang', message: 'Query parameter lang: choose one of en, de' }],
        });
        expect(res.body).not.toContain('passwd');
        expect(res.body.length).toBeLessThan(2000);
      }
    }
  });

  it("/api/v1/openapi.json refuses a parameter it does not take, as the lists do; the page ignores Swagger UI's own", async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json?lnag=de' });
    expect(res.statusCode).toBe(422);
    expect(errorOf(res).details).toEqual({
      fields: [{ path: 'query.lnag', message: expect.stringContaining('lnag') }],
    });
    for (const url of ['/api/docs?urls.primaryName=Deutsch', '/api/docs/json?lang=de&v=1'])
      expect((await h.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
  });

  it('the page /api/docs?lang=de opens the German definition in Swagger UI', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/docs?lang=de' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/api/docs?urls.primaryName=Deutsch');
    const en = await h.app.inject({ method: 'GET', url: '/api/docs?lang=en' });
    expect(en.headers.location).toBe('/api/docs?urls.primaryName=English');
    const page = await h.app.inject({ method: 'GET', url: '/api/docs?urls.primaryName=Deutsch' });
    expect(page.statusCode).toBe(200);
    const init = await h.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(init.body).toContain('"name":"Deutsch"');
    expect(init.body).toContain('/api/docs/json?lang=de');
  });
});

describe('the examples name the address the server answers on', () => {
  it('names the configured port before listening, and none shows 4317', async () => {
    for (const url of ['/api/v1/openapi.json', '/api/docs/json', '/api/v1/openapi.json?lang=de']) {
      const text = await description(url);
      expect(text, url).toContain('curl -X POST http://127.0.0.1:5123/api/v1/webhooks/incoming/tasks');
      expect(text, url).toContain('`http://127.0.0.1:5123/api/v1/webhooks/incoming/tasks`');
      expect(text, url).not.toContain('4317');
      expect(text, url).not.toContain('{server}');
    }
  });

  it('names the bound port once the server listens', async () => {
    const base = await listen(h.app);
    const port = new URL(base).port;
    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as {
      info: { description: string };
    };
    expect(doc.info.description).toContain(`curl -X POST ${base}/api/v1/webhooks/incoming/tasks`);
    if (port !== '4317') expect(doc.info.description).not.toContain('4317');
  });

  it('names the public address first when one is set, and follows its change at once', async () => {
    await h.admin(
      'settings.update',
      { publicUrl: 'https://dversum.example.com/' },
      { host: '127.0.0.1:5123' },
    );
    for (const url of ['/api/v1/openapi.json', '/api/docs/json?lang=de']) {
      const text = await description(url);
      expect(text, url).toContain('curl -X POST https://dversum.example.com/api/v1/webhooks/incoming/tasks');
      expect(text, url).not.toContain('127.0.0.1');
    }
    await h.admin('settings.update', { publicUrl: null }, { host: '127.0.0.1:5123' });
    expect(await description('/api/v1/openapi.json')).toContain('curl -X POST http://127.0.0.1:5123/');
  });
});
