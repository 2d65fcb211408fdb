/** A label inside a sentence: English lowers it ("Choose a client…"), German keeps its capital noun. */
import { describe, expect, it } from 'vitest';
import { i18n } from '../../../renderer/src/i18n/i18n.js';

describe('the `lower` format', () => {
  it('lowers the label in English and leaves the German noun as it is', () => {
    expect(i18n.getFixedT('en', 'editor')('form.choose', { label: 'Client' })).toBe('Choose a client…');
    expect(i18n.getFixedT('de', 'editor')('form.choose', { label: 'Kunde' })).toBe('Kunde wählen…');
  });
});
