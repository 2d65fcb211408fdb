/** renderer/src/screens/settings/use-api-address.ts: the API docs link speaks the window's language. */
import { describe, expect, it } from 'vitest';
import { docsInLanguage } from '../../../../renderer/src/screens/settings/use-api-address.js';

describe('docsInLanguage', () => {
  it('asks the German docs with ?lang=de and leaves the English address as it is', () => {
    expect(docsInLanguage('http://127.0.0.1:4399/api/docs', 'de')).toBe(
      'http://127.0.0.1:4399/api/docs?lang=de',
    );
    expect(docsInLanguage('http://127.0.0.1:4399/api/docs', 'en')).toBe('http://127.0.0.1:4399/api/docs');
    expect(docsInLanguage('https://dversum.example.com/sub/api/docs', 'de')).toBe(
      'https://dversum.example.com/sub/api/docs?lang=de',
    );
  });

  it('keeps no address while it is unknown', () => {
    expect(docsInLanguage('', 'de')).toBe('');
  });
});
