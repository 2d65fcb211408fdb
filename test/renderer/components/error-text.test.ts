/**
 * A failed call's message in the owner's language: English keeps the server's message (it names
 * what failed); German shows the errors catalog's message for a known code, and the server's
 * message for a code the catalog does not know. Every code the core can answer is in the catalog.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ContractError } from '../../../contract/operations.js';
import { ERROR_STATUS } from '../../../main/core/errors.js';
import { errorMessage } from '../../../renderer/src/components/ErrorText.js';
import { applyLanguage } from '../../../renderer/src/i18n/i18n.js';
import { CATALOGS } from '../../../renderer/src/i18n/resources.js';

describe('errorMessage', () => {
  afterEach(() => applyLanguage('en'));

  it('English: the server’s own message, whatever the code', () => {
    applyLanguage('en');
    expect(errorMessage(new ContractError(409, 'conflict', 'Webhook A is disabled: enable it first'))).toBe(
      'Webhook A is disabled: enable it first',
    );
  });

  it('German: the catalog’s message for a known code, the server’s for an unknown one', () => {
    applyLanguage('de');
    expect(errorMessage(new ContractError(429, 'rate_limited', 'Too many requests'))).toBe(
      'Zu viele Anfragen. Warten Sie einen Moment und versuchen Sie es erneut.',
    );
    expect(errorMessage(new ContractError(0, 'network', 'Failed to fetch'))).toBe(CATALOGS.de.errors.network);
    expect(errorMessage(new ContractError(418, 'teapot', 'I am a teapot'))).toBe('I am a teapot');
    expect(errorMessage({ message: 'no code at all' })).toBe('no code at all');
  });

  it('every code the core answers with has its message in every language', () => {
    for (const code of Object.keys(ERROR_STATUS)) {
      expect(CATALOGS.en.errors, code).toHaveProperty(code);
      expect(CATALOGS.de.errors, code).toHaveProperty(code);
    }
  });
});
