/** renderer/src/screens/settings/reason-text.ts: every reason code the server gives is said in English and German. */
import { afterEach, describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../../../contract/reasons.js';
import { applyLanguage } from '../../../../renderer/src/i18n/i18n.js';
import {
  reasonText,
  translateReason,
  waitingLabel,
} from '../../../../renderer/src/screens/settings/reason-text.js';

/** Params as the server gives them, every one any code names, with a count of `n`. */
const params = (n: number) => ({
  file: 'dversum-20261202-030405-daily.db',
  at: '2026-12-02T03:04:05.678Z',
  since: '2026-12-01T03:04:05.678Z',
  from: '2026-12-02T03:03:05.678Z',
  to: '2026-12-02T03:04:05.678Z',
  deliveryId: 'dlv_01ABC',
  days: String(n),
  lastError: 'HTTP 500',
  date: '2026-12-02',
  ip: '192.168.0.9',
  permission: 'clients:write',
  max: String(n),
  wait: '5 min',
  count: String(n),
  limit: '60',
});

describe('reason texts', () => {
  afterEach(() => applyLanguage('en'));

  it('every code has a catalog entry in English and German, for one and for many, filled in whole', () => {
    for (const code of REASON_CODES) {
      for (const language of ['en', 'de'] as const) {
        for (const n of [1, 2]) {
          const text = translateReason(code, params(n), language);
          expect(text, `${language} ${code} (${n})`).toBeTruthy();
          expect(text, `${language} ${code} (${n})`).not.toMatch(/\{\{|reasons:/);
        }
      }
      const withTaken = translateReason(code, { ...params(2), takenAt: '2026-12-02T03:04:05.000Z' }, 'de');
      expect(withTaken, code).toBeTruthy();
    }
  });

  it('German says the code with its params in German; English keeps the server’s text; an unknown code keeps it too', () => {
    const english = 'This key may not Create/edit clients (clients:write)';
    const coded = { permission: 'clients:write' };
    expect(reasonText(english, 'call_permission_missing', coded)).toBe(english);
    applyLanguage('de');
    expect(reasonText(english, 'call_permission_missing', coded)).toBe(
      'Diesem Schlüssel fehlt die Berechtigung „Kunden anlegen und bearbeiten“ (clients:write)',
    );
    expect(reasonText('something new', 'a_code_from_a_newer_server', {})).toBe('something new');
    expect(reasonText('no code', null, {})).toBe('no code');
    expect(waitingLabel({ waiting: 'waiting for an earlier event', waitingCode: 'waiting_earlier' })).toBe(
      'wartet auf ein früheres Ereignis',
    );
    expect(
      reasonText('…', 'calls_not_logged', {
        count: '140',
        limit: '60',
        from: params(1).from,
        to: params(1).to,
      }),
    ).toMatch(/^140 weitere abgewiesene Aufrufe von dieser Adresse wurden nicht einzeln protokolliert/);
    expect(
      reasonText('…', 'failing_disabled', { since: params(1).since, days: '1', lastError: 'HTTP 500' }),
    ).toMatch(/Jede Zustellung ist 1 Tag lang fehlgeschlagen \(letzter Fehler: HTTP 500\)$/);
  });
});
